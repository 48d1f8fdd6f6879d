"""English paper as an English-speaking shop reads it: counts with the right plural (1 point, 2 sales), the usual
lines each on one 58 mm line (32 columns), and a shop's own category by its label."""

import re
from pathlib import Path

import pytest

from printing.render_text import to_text
from terminal.bootstrap import Till
from terminal.home import Home
from terminal.keys import KeyFiles, load_private_key
from terminal.mall.catalog import ItemSpec
from terminal.rules import DEFAULT_CATEGORIES, RuleSet
from terminal.services import coupons, mall
from terminal.services.refunds import record_refund
from terminal.services.sale_member import give_sale_member
from tests.helpers.store import CASHIER, MANAGER, OWNER, hire_staff, member, new_till, sell
from tests.printing.test_coupon_receipt import coupon_sale
from tests.printing.test_receipt_paper import printing_for


def english_58(till: Till, kind: str, ref: str, **settings: object) -> list[str]:
    """The lines of the document on 58 mm paper in English, as `jifen receipt --text` shows them."""
    p = printing_for(till, "58mm", "en", **settings)
    lines = to_text(p.page(p.document(kind, ref))).splitlines()
    assert all(len(line) <= 32 for line in lines if line.isascii()), lines
    return [line.strip() for line in lines]


def one_line(lines: list[str], start: str, end: str = "") -> str:
    """The line that starts with ``start`` and ends with ``end``: what it says is not wrapped."""
    found = [line for line in lines if line.startswith(start) and line.endswith(end)]
    assert len(found) == 1, "\n".join(lines)
    return found[0]


def test_one_point_paid_and_one_expiring_are_singular(till: Till) -> None:
    m = member(till)  # 500 points to join
    first = english_58(till, "receipt", sell(till, m, ("general", 200), redeem=1).sale_id)  # 0 points earned
    one_line(first, "Paid with 1 point ", "-￥0.01")
    one_line(first, "499 pts expire 2027-12-31")
    last = english_58(till, "receipt", sell(till, m, ("general", 700), redeem=499).sale_id)  # ￥2.01 paid: 1 point
    one_line(last, "Paid with 499 points", "-￥4.99")
    one_line(last, "1 pt expires 2027-12-31")


def test_the_day_report_counts_one_sale_and_one_refund_in_the_singular(till: Till) -> None:
    hire_staff(till)
    sale = sell(till, None, ("general", 1000))
    record_refund(till.uow(), till.shop, MANAGER, sale.sale_id)
    sell(till, None, ("general", 500), cashier=MANAGER)
    sell(till, None, ("general", 500), cashier=MANAGER)
    paper = english_58(till, "day", till.shop.today().isoformat())
    one_line(paper, "amy: 1 sale ", "￥10.00")
    one_line(paper, "1 refund ", "-￥10.00")
    one_line(paper, "max: 2 sales ", "￥10.00")


def test_the_sale_lines_fit_58_mm_each_on_one_line(till: Till) -> None:
    hire_staff(till)
    m = member(till)
    sell(till, m, ("general", 150000))  # 750 points: over 1,000 in all
    sale = sell(till, None, ("general", 12800), ("digital", 259900), ("vehicle", 4550))  # silver: ¥2,000 of growth
    give_sale_member(till.uow(), till.shop, CASHIER, sale.sale_id, m)
    paper = english_58(till, "receipt", sale.sale_id)
    one_line(paper, "Tier ", " Silver (upgraded)")
    one_line(paper, "Scan to verify; keep for returns")
    assert [line for line in paper if re.fullmatch(r"1,\d{3} pts expire 2027-12-31", line)], "\n".join(paper)


def test_the_points_a_refund_gives_back_fit_58_mm_with_their_worth(till: Till) -> None:
    hire_staff(till)
    sale = sell(till, member(till), ("general", 200000), redeem=300)
    refund = record_refund(till.uow(), till.shop, MANAGER, sale.sale_id)
    one_line(english_58(till, "refund", refund.refund_id), "Points back ", " +300 (worth ￥3.00)")


def test_the_coupon_lines_fit_58_mm_each_on_one_line(till: Till) -> None:
    sale, coupon_id = coupon_sale(till)
    one_line(english_58(till, "receipt", sale.sale_id), "(lines above: after the coupon)")
    coupon = english_58(till, "coupon", coupon_id)
    one_line(coupon, "Spend ￥50.00, save ￥10.00")
    one_line(coupon, "Show at the till; one use only")


def _labelled_till(tmp_path: Path, label: str) -> Till:
    rules = RuleSet(categories={**DEFAULT_CATEGORIES, "kaya_toast": 3000}, category_labels={"kaya_toast": label})
    return new_till(Home(tmp_path / "store"), rules=rules)


@pytest.mark.parametrize(("label", "chinese", "printed"), [
    ("Kaya toast", "switch", "1. Kaya toast"), ("Kaya toast", "none", "1. Kaya toast"),
    ("咖椰吐司", "switch", "1. 咖椰吐司"), ("咖椰吐司", "none", "1. kaya_toast")])
def test_a_shops_own_category_is_printed_by_its_label_when_the_printer_can(
        tmp_path: Path, label: str, chinese: str, printed: str) -> None:
    till = _labelled_till(tmp_path, label)
    try:
        sale = sell(till, None, ("kaya_toast", 850))
        one_line(english_58(till, "receipt", sale.sale_id, chinese=chinese), f"{printed} ", "8.50")
    finally:
        till.close()


def test_a_cancelled_coupons_slip_says_its_terms_as_the_coupon_does(till: Till) -> None:
    mall.add_item(till.uow(), till.shop, OWNER, ItemSpec("C10", "十元券", "Coupon", 200, kind="coupon", value_fen=1000,
                                                         min_spend_fen=5000), None)
    key = load_private_key(KeyFiles(till.home.private_key.parent).merchant_private)
    issued = coupons.issue_coupon(till.uow(), till.shop, CASHIER, key, "C10", member(till))
    data = coupons.cancel_coupon(till.uow(), till.shop, MANAGER, issued["coupon_id"])
    one_line(english_58(till, "gift_cancel", str(data["cancel_id"])), "Spend ￥50.00, save ￥10.00")
