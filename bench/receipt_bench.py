"""jifen receipt benchmark: rendering a sale receipt to ESC/POS bytes, p50 and p99 over 1,000 receipts.

Prints figures only; nothing here passes or fails on a timing. See bench/README.md.

    .venv/bin/python bench/receipt_bench.py            # 1,000 receipts on 58 mm and 80 mm paper
    .venv/bin/python bench/receipt_bench.py --quick    # 100 receipts, a smoke run
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import random
import shlex
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from printing import sources
from printing.fonts import find_cjk_font
from printing.layout import lay_out
from printing.profiles import PrinterProfile, find_profile
from printing.receipt_data import SaleReceipt
from printing.receipts import Style, sale_receipt
from printing.render_escpos import to_escpos
from printing.render_png import to_png
from terminal.bootstrap import Till, init_store
from terminal.clock import Clock, parse_instant
from terminal.home import Home
from terminal.journal import Who
from terminal.keys import load_private_key
from terminal.services.cashiers import Actor
from terminal.services.members import register_member
from terminal.services.sales import SaleRequest, record_sale

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.helpers.escpos_reader import read_escpos  # reads the bytes back, as a check

OWNER = Actor("boss", "owner")  # an owner approves their own sales past the velocity limit
CATEGORIES = ("general", "general", "general", "digital", "excluded", "vehicle")
TARGET_P99_MS = 5.0
Item = TypeVar("Item")


def percentile_ms(samples_ns: list[int], pct: float) -> float:
    """Nearest rank: the smallest sample with at least ``pct`` % at or below it."""
    ordered = sorted(samples_ns)
    return ordered[max(1, math.ceil(pct / 100 * len(ordered))) - 1] / 1e6


def figure_line(key: str, samples_ns: list[int], target: str) -> str:
    return (f"{key:<16} n={len(samples_ns):<5} p50 {percentile_ms(samples_ns, 50):7.3f} ms  "
            f"p90 {percentile_ms(samples_ns, 90):7.3f} ms  p99 {percentile_ms(samples_ns, 99):7.3f} ms  "
            f"max {max(samples_ns) / 1e6:7.3f} ms  target {target}")


def timings(call: Callable[[Item], object], items: Sequence[Item]) -> list[int]:
    out = []
    for item in items:
        started = time.perf_counter_ns()
        call(item)
        out.append(time.perf_counter_ns() - started)
    return out


def make_store(root: Path, receipts: int, rng: random.Random) -> tuple[Till, list[str]]:
    """A real store with ``receipts`` sales: 1 to 6 lines, four in five with a member, some paid partly in points."""
    clock = Clock(parse_instant("2026-03-01T10:00:00+08:00"))
    till = init_store(Home(root), store="静安店", terminal_id="T1", merchant="m1", timezone="Asia/Shanghai",
                      owner=OWNER.name, pin="8888", clock=clock)
    members = [register_member(till.uow(), till.shop, Who(OWNER.name), f"139{n:08d}", f"会员{n}").id
               for n in range(max(1, receipts // 10))]
    sale_ids = []
    for n in range(receipts):
        lines = [(rng.choice(CATEGORIES), rng.randint(100, 300_000)) for _ in range(rng.randint(1, 6))]
        member = rng.choice(members) if rng.random() < 0.8 else None
        redeem = 100 if member and rng.random() < 0.3 else 0
        request = SaleRequest(lines=lines, member=member, redeem_points=redeem, pay_method=("cash", "card")[n % 2])
        sale_ids.append(record_sale(till.uow(), till.shop, OWNER, request).sale_id)
    return till, sale_ids


def load_receipts(till: Till, sale_ids: list[str]) -> tuple[list[SaleReceipt], list[int]]:
    key = load_private_key(till.home.private_key)
    loaded, took = [], []
    for sale_id in sale_ids:
        started = time.perf_counter_ns()
        with till.reading() as uow:
            loaded.append(sources.sale_receipt(uow.session, till.shop, sale_id, key))
        took.append(time.perf_counter_ns() - started)
    return loaded, took


def renderer(profile: PrinterProfile, style: Style) -> Callable[[SaleReceipt], bytes]:
    def render(receipt: SaleReceipt) -> bytes:
        return to_escpos(lay_out(sale_receipt(receipt, style), profile.columns, "gbk"), profile, "switch")
    return render


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    parser = argparse.ArgumentParser(description="jifen receipt benchmark (prints figures, asserts nothing)")
    parser.add_argument("--receipts", type=int, default=0, help="receipts to render (default 1000; 100 with --quick)")
    parser.add_argument("--quick", action="store_true", help="a smoke run")
    args = parser.parse_args(argv[1:])
    count = args.receipts or (100 if args.quick else 1000)
    print("jifen receipt benchmark (figures only, nothing is pass/fail)")
    print(f"command: {shlex.join([sys.executable, *argv])}")
    print(f"machine: {os.cpu_count()} CPUs, {platform.platform()}, Python {platform.python_version()}")
    with tempfile.TemporaryDirectory(prefix="jifen-receipt-bench-") as tmp:
        started = time.perf_counter()
        till, sale_ids = make_store(Path(tmp) / "store", count, random.Random(7))
        print(f"store: {count:,} sales recorded in {time.perf_counter() - started:.1f} s")
        try:
            receipts, load_ns = load_receipts(till, sale_ids)
        finally:
            till.close()
    style = Style("zh")
    print("\n   timed: SaleReceipt (already read) -> document -> layout -> ESC/POS bytes, one receipt per call")
    for name in ("58mm", "80mm"):
        render = renderer(find_profile(name), style)
        timings(render, receipts[:20])  # warm the caches, as a running till has them
        print(figure_line(f"render.{name}", timings(render, receipts), f"p99 <= {TARGET_P99_MS:g} ms"))
    image_qr = find_profile("POS-5890")
    render = renderer(image_qr, style)
    some = receipts[:max(20, count // 10)]
    print(figure_line("render.image_qr", timings(render, some), "- (POS-5890: no native QR, the code is a picture)"))
    print(figure_line("load.sale", load_ns, "- (reading the sale from SQLite and signing its code)"))
    preview = find_profile("58mm")
    font = find_cjk_font()
    page = lay_out(sale_receipt(receipts[0], style), preview.columns, "gbk")
    print(figure_line("preview.png", timings(lambda _: to_png(page, preview, font), range(20)), "- (Pillow, 58 mm)"))
    check = read_escpos(renderer(find_profile("58mm"), style)(receipts[0]))
    print(f"   check: the first receipt reads back with {len(check.lines)} lines, widest {check.widest} of 32 columns, "
          f"{len(check.qr_codes)} QR code, {len(check.junk)} junk bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
