"""`jifen demo`: the demo store it makes, its camera video, its ledger started with the app and
stopped after it, and the one line it says where there is no display."""

import json
import os
import re
import socket
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from printing.service import Printing
from printing.settings import load_printer_settings
from terminal.bootstrap import open_till
from terminal.home import Home
from terminal.models import Member, Sale, Shift, ZRecord
from terminal.scan import FrameScanner, make_decoder
from terminal.services import reports
from terminal.services.cashiers import authenticate
from terminal.services.codes import read_member_code
from ui.camera import first_code, open_source
from ui.demo import has_display, run_demo
from ui.demo_camera import write_demo_camera
from ui.demo_printing import DemoPrinting
from ui.demo_store import MEMBERS, PINS, build_demo_store

JIFEN = Path(sys.executable).with_name("jifen")


def jifen(*args: str, env: dict[str, str] | None = None, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(JIFEN), *args], check=False, capture_output=True, text=True, encoding="utf-8",
                          env=env if env is not None else os.environ.copy(), timeout=timeout)


def test_the_demo_store_has_staff_members_rules_a_week_of_sales_and_a_file_printer(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The demo's sales come from random.Random(8) in ui/demo_store.py, but whether a sale pays with points draws
    # from it too, and that hangs on balances the 会员日 (8th, 18th, 28th) raise: the day fixes the count.
    monkeypatch.setenv("JIFEN_NOW", "2026-03-10T12:00:00+08:00")
    home = Home(tmp_path / "store")
    demo = build_demo_store(home)
    till = open_till(home)
    try:
        for name, pin in PINS.items():
            assert authenticate(till.uow(), till.shop, name, pin).name == name
        assert [role for _, role, _ in demo.staff] == ["cashier", "manager", "owner"]
        assert [p.name for p in till.shop.rules.promotions] == ["会员日"]
        with till.reading() as uow:
            assert uow.session.scalar(select(func.count()).select_from(Member)) == len(MEMBERS)
            # 5, 7, 5, 7, 6 and 4 sales on the six days before (4 to 9 March), 3 this morning
            assert uow.session.scalar(select(func.count()).select_from(Sale)) == 37
            assert list(uow.session.scalars(select(ZRecord.number))) == [1, 2, 3, 4, 5, 6]
            assert list(uow.session.scalars(select(Shift.cashier).where(Shift.closed_seq.is_(None)))) == ["小王"]
        days = [reports.day_report(till.reading(), till.shop, till.shop.today() - timedelta(days=ago))
                for ago in range(6, 0, -1)]
        assert [day["sales"] for day in days] == [5, 7, 5, 7, 6, 4]
        assert [day["refunds"] for day in days] == [0, 0, 0, 1, 0, 0]  # the refund three days ago
        assert all(day["points_earned"] > 0 for day in days)
        assert reports.day_report(till.reading(), till.shop)["sales"] == 3  # this morning's, in the open shift
    finally:
        till.close()
    config = home.config.read_text(encoding="utf-8")
    assert f'url = "file://{(demo.receipts / "receipts.bin").as_posix()}"' in config
    assert demo.receipts.is_dir() and [card.name for card in demo.cards] == [f"{phone}.png" for phone, _, _ in MEMBERS]


def test_the_demo_camera_holds_up_a_member_card_that_the_app_reads(tmp_path: Path) -> None:
    home = Home(tmp_path / "store")
    demo = build_demo_store(home)
    video = write_demo_camera([(demo.cards[0], "138****8000")], tmp_path / "camera.mp4", minutes=0.25)
    code = first_code(open_source(f"file:{video}"), FrameScanner(make_decoder("zxing")), timeout=30)
    assert code is not None
    till = open_till(home)
    try:
        assert read_member_code(till.reading(), code, till.shop).phone == MEMBERS[0][0]
    finally:
        till.close()


def test_the_demo_printer_also_writes_each_printout_as_text(tmp_path: Path) -> None:
    home = Home(tmp_path / "store")
    demo = build_demo_store(home)
    till = open_till(home)
    try:
        with till.reading() as uow:
            sale_id = uow.session.scalars(select(Sale.id).order_by(Sale.seq.desc()).limit(1)).one()
        printing = DemoPrinting(till, Printing(till, load_printer_settings(home.config)), demo.receipts)
        assert printing.print("receipt", sale_id).printed
        assert printing.print("z", "1").printed
    finally:
        till.close()
    assert sale_id in (demo.receipts / f"receipt-{sale_id}.txt").read_text(encoding="utf-8")
    assert "Z1" in (demo.receipts / "z-1.txt").read_text(encoding="utf-8")
    assert sale_id.encode() in (demo.receipts / "receipts.bin").read_bytes()


def test_the_demo_starts_its_ledger_syncs_to_it_and_stops_it_with_the_app(tmp_path: Path) -> None:
    home = tmp_path / "demo" / "store"
    done = jifen("demo", "--home", str(home), "--quit-after", "4", "--lang", "en",
                 env=os.environ | {"QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    out = done.stdout
    assert "小王 · 1111   (cashier)" in out and "李经理 · 2222   (manager)" in out and "老板 · 8888   (owner)" in out
    assert f"Receipts: {home / 'receipts'} (each as text" in out
    found = re.search(r"Ledger: (http://127\.0\.0\.1:\d+) ", out)
    assert found is not None, out
    url = found.group(1)
    assert out.rstrip().endswith("The demo ledger is stopped.")
    assert not (tmp_path / "demo" / "ledger").exists()  # the demo's files stay inside the folder it was given
    log = (home / "demo" / "ledger" / "ledger.log").read_text(encoding="utf-8")
    assert "Application startup complete" in log and "Finished server process" in log
    port = urlsplit(url).port
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=2):
        pass
    status = jifen("--home", str(home), "sync", "--status", "--json")
    assert json.loads(status.stdout)["url"] == url
    assert "language = \"en\"" in (home / "config.toml").read_text(encoding="utf-8")


def test_without_a_display_it_says_so_in_one_line_and_points_to_the_selftest(tmp_path: Path) -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("only Linux desktops can be without a display")
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    done = jifen("demo", "--home", str(tmp_path / "store"), env=env | {"LANG": "en_US.UTF-8"})
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and "needs a display" in done.stderr and "jifen --selftest" in done.stderr
    assert not (tmp_path / "store").exists()


def test_has_display(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    assert not has_display()
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    assert has_display()
    monkeypatch.delenv("WAYLAND_DISPLAY")
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert has_display()
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    assert not has_display()
    monkeypatch.setattr(sys, "platform", "win32")
    assert has_display()


def test_a_folder_that_holds_a_store_is_left_alone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home = Home(tmp_path / "store")
    build_demo_store(home)
    before = home.db.stat().st_mtime_ns
    assert run_demo(["--home", str(home.root)]) == 2
    assert "already holds a store" in capsys.readouterr().err
    assert home.db.stat().st_mtime_ns == before


def test_a_wrong_option_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_demo(["--colour", "red"]) == 2
    assert "jifen demo --help" in capsys.readouterr().err
