"""A coupon from the Gifts screen (or `jifen coupon issue`) scanned at the checkout: it brings its member, shows
its money off, waits for its minimum spend until payment, comes off with Ctrl+F8, and the sale is recorded and
printed as `jifen sale --coupon CODE` records and prints it. Refused coupons change nothing."""

import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from terminal.bootstrap import Till, open_till
from terminal.home import Home
from terminal.mall.catalog import ItemSpec
from terminal.models import Coupon, JournalEntry, Sale
from terminal.services import mall, sales
from tests.helpers.fake_printer import FakePrinter
from tests.helpers.store import CASHIER, OWNER, balance, member, move_clock
from tests.helpers.ui_checkout import LOCALE_NOTICE, Counter, Key, member_code, open_counter, write_config
from tests.ui.test_checkout_layout import SCREEN, language  # noqa: F401  (the fixture: the app's language, font and style)
from ui.qt import core
from ui.screens.gifts_work import issue_coupon

pytestmark = [pytest.mark.gui, LOCALE_NOTICE]
PHONE, OTHER_PHONE = "13800138000", "13900139000"


def coupon_item(shop: Till, valid_days: int = 30) -> None:
    """¥10.00 off a spend of ¥50.00, for 200 points."""
    mall.add_item(shop.uow(), shop.shop, OWNER, ItemSpec("C10", "十元券", "Coupon 10", 200, kind="coupon", value_fen=1000,
                                                         min_spend_fen=5000, valid_days=valid_days), None)


def a_coupon(shop: Till, member_id: str) -> tuple[str, str]:
    """(its id, its code), issued as the Gifts screen issues it."""
    issued = issue_coupon(shop, CASHIER, "C10", member_id)
    return issued["coupon_id"], issued["code"]


def add(counter: Counter, amount: str) -> None:
    counter.type(amount)
    counter.press(Key.Key_Return)


def scan(counter: Counter, code: str) -> None:
    """A scan a moment after the cashier's last key (a burst right on the heels of typing is taken as part of it)."""
    counter.qtbot.wait(120)
    counter.scan(code)


def drop_coupon(counter: Counter) -> None:
    counter.press(Key.Key_F8, core.Qt.KeyboardModifier.ControlModifier)


def sale_entries(till: Till) -> list[dict[str, Any]]:
    with till.reading() as uow:
        return [json.loads(entry.payload) | {"points_delta": entry.points_delta}
                for entry in uow.session.scalars(select(JournalEntry).where(JournalEntry.kind == "sale")
                                                 .order_by(JournalEntry.seq))]


def twin(till: Till, where: Path) -> Till:
    """The store as it is now, in another folder (its database copied with SQLite's backup), on the same clock."""
    shutil.copytree(till.home.root, where, ignore=shutil.ignore_patterns("*.db", "*.db-*", "*.sqlite*", "backups"))
    home = Home(where)
    with sqlite3.connect(till.home.db) as source, sqlite3.connect(home.db) as copy:
        source.backup(copy)
    return open_till(home, till.shop.clock)


def test_a_scanned_coupon_brings_its_member_waits_for_its_spend_and_is_recorded_as_sale_coupon(
        qtbot: QtBot, shop: Till, printer: FakePrinter, tmp_path: Path) -> None:
    someone = member(shop, PHONE, "王小明")  # 500 signup points
    coupon_item(shop)
    coupon_id, code = a_coupon(shop, someone)  # 300 points left
    write_config(shop, printer=printer.url)
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    add(counter, "30")
    scan(counter, code)
    qtbot.waitUntil(lambda: screen.draft.coupon is not None)
    assert screen.draft.member is not None and screen.draft.member.id == someone  # the coupon's member joined
    assert f"Coupon {coupon_id} is on the sale" in screen.message.text() and "138****8000" in screen.message.text()
    assert f"Coupon {coupon_id}: ￥10.00 off from ￥50.00, ￥20.00 short" in screen.pay.totals.text()
    assert screen.pay.due.text() == "To pay ￥30.00"

    counter.press(Key.Key_F9)  # below its minimum spend: said, and no payment asked
    assert not screen.pay.asking
    assert f"Coupon {coupon_id} needs a spend of ￥50.00; this sale is ￥30.00. Add ￥20.00 more" in screen.message.text()
    assert counter.focus() is screen.lines.amount

    add(counter, "30")
    assert f"Coupon {coupon_id}: −￥10.00" in screen.pay.totals.text() and "Total ￥60.00" in screen.pay.totals.text()
    assert screen.pay.due.text() == "To pay ￥50.00"
    assert screen.pay.earn.text() == "Points earned: 25"  # on the ￥50.00 paid, as the sale records it

    request = screen.draft.request("cash")
    assert request == sales.SaleRequest(lines=[("general", 3000), ("general", 3000)], member=someone, redeem_points=0,
                                        pay_method="cash", coupon=code)  # what `jifen sale --coupon CODE` asks
    other = twin(shop, tmp_path / "twin")  # the same sale by the command line's service, on a copy of the store
    by_cli = sales.record_sale(other.uow(), other.shop, CASHIER, request)
    expected = sale_entries(other)
    other.close()

    counter.press(Key.Key_F9)
    assert "￥50.00" in screen.pay.question.text()
    counter.press(Key.Key_Return)
    qtbot.waitUntil(lambda: screen.finished, timeout=10_000)
    assert f"Coupon {coupon_id}: −￥10.00." in screen.message.text()
    qtbot.waitUntil(lambda: screen.print_note.text() == "Receipt printed.", timeout=10_000)
    counter.close()

    assert sale_entries(shop) == expected  # the same journal entry
    with shop.reading() as uow:
        (sale,) = uow.session.scalars(select(Sale))
        assert (sale.id, sale.member_id, sale.total_fen, sale.paid_fen, sale.earned_points) == \
            (by_cli.sale_id, someone, 5000, 5000, 25)
        used = uow.session.get(Coupon, coupon_id)
        assert used is not None and used.used_sale == sale.id
    assert expected[0]["coupon"] == {"id": coupon_id, "code": code, "discount_fen": 1000, "list_total_fen": 6000}
    assert balance(shop, someone) == 300 + 25
    printed = "\n".join(line.text for line in printer.printout().lines)
    assert "原价合计" in printed and "List total" not in printed  # the receipt in the shop's language, Chinese
    assert f"{coupon_id}" in printed and "-￥10.00" in printed.replace("- ￥", "-￥")


def test_a_coupon_comes_off_with_ctrl_f8_and_one_coupon_a_sale(qtbot: QtBot, shop: Till) -> None:
    someone = member(shop, PHONE)
    coupon_item(shop)
    first_id, first = a_coupon(shop, someone)
    _, second = a_coupon(shop, someone)
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    add(counter, "80")
    scan(counter, first)
    qtbot.waitUntil(lambda: screen.draft.coupon is not None)
    assert screen.pay.due.text() == "To pay ￥70.00"
    scan(counter, second)
    qtbot.waitUntil(lambda: "one coupon a sale" in screen.message.text())
    assert screen.draft.coupon.id == first_id
    drop_coupon(counter)
    assert screen.draft.coupon is None and screen.message.text() == f"Coupon {first_id} taken off the sale."
    assert screen.pay.due.text() == "To pay ￥80.00" and "Coupon" not in screen.pay.totals.text()
    assert screen.draft.member is not None  # the member stays
    counter.press(Key.Key_F9)
    counter.press(Key.Key_Return)
    qtbot.waitUntil(lambda: screen.finished, timeout=10_000)
    counter.close()
    (entry,) = sale_entries(shop)
    assert "coupon" not in entry and entry["total_fen"] == 8000
    with shop.reading() as uow:
        assert uow.session.get(Coupon, first_id).used_sale is None


def test_refused_coupons_change_nothing(qtbot: QtBot, shop: Till) -> None:
    someone, other = member(shop, PHONE), member(shop, OTHER_PHONE)
    coupon_item(shop)
    used_id, used = a_coupon(shop, someone)
    sell_with(shop, someone, used)
    theirs_id, theirs = a_coupon(shop, someone)
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    scan(counter, member_code(shop, other))
    qtbot.waitUntil(lambda: screen.draft.member is not None)
    add(counter, "60")
    scan(counter, used)
    qtbot.waitUntil(lambda: "was used already" in screen.message.text())
    assert "the coupon was not taken; the sale is unchanged" in screen.message.text()
    scan(counter, theirs)  # another member's, with a member on the sale
    qtbot.waitUntil(lambda: f"coupon {theirs_id} belongs to member {someone}" in screen.message.text())
    assert screen.draft.coupon is None and screen.draft.member.id == other
    assert screen.pay.due.text() == "To pay ￥60.00"
    counter.close()
    assert len(sale_entries(shop)) == 1
    assert used_id != theirs_id


def test_an_expired_coupon_is_refused(qtbot: QtBot, shop: Till) -> None:
    someone = member(shop, PHONE)
    coupon_item(shop, valid_days=1)
    coupon_id, code = a_coupon(shop, someone)
    move_clock(shop, "2026-03-05 10:00")
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    scan(counter, code)
    qtbot.waitUntil(lambda: "the coupon was not taken" in screen.message.text())
    assert screen.message.text() == \
        f"coupon {coupon_id} was valid until 2026-03-02 — the coupon was not taken; the sale is unchanged."
    assert screen.draft.coupon is None and screen.draft.member is None
    counter.close()


def test_another_member_joining_takes_the_first_members_coupon_off(qtbot: QtBot, shop: Till) -> None:
    someone, other = member(shop, PHONE), member(shop, OTHER_PHONE)
    coupon_item(shop)
    coupon_id, code = a_coupon(shop, someone)
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    add(counter, "60")
    scan(counter, code)
    qtbot.waitUntil(lambda: screen.draft.coupon is not None)
    scan(counter, member_code(shop, other))
    qtbot.waitUntil(lambda: screen.draft.member is not None and screen.draft.member.id == other)
    assert screen.draft.coupon is None
    assert f"Coupon {coupon_id} is another member's: taken off the sale." in screen.message.text()
    assert screen.pay.due.text() == "To pay ￥60.00"
    counter.close()


def sell_with(shop: Till, member_id: str, code: str) -> None:
    request = sales.SaleRequest(lines=[("general", 6000)], member=member_id, redeem_points=0, pay_method="cash",
                                coupon=code)
    sales.record_sale(shop.uow(), shop.shop, CASHIER, request)


@pytest.mark.parametrize("language", ["zh", "en"], indirect=True)
def test_the_coupon_in_the_pay_panel_in_chinese_and_english_on_a_1024_screen(qtbot: QtBot, shop: Till,
                                                                             language: str) -> None:
    someone = member(shop, PHONE, "欧阳娜娜")
    coupon_item(shop)
    coupon_id, code = a_coupon(shop, someone)
    counter = open_counter(qtbot, shop)
    window, screen = counter.window, counter.screen
    window.resize(SCREEN)
    add(counter, "30")
    scan(counter, code)
    qtbot.waitUntil(lambda: screen.draft.coupon is not None)
    short = "优惠券 {0}：满 ￥50.00 减 ￥10.00，还差 ￥20.00（Ctrl+F8 取消）" if language == "zh" else \
        "Coupon {0}: ￥10.00 off from ￥50.00, ￥20.00 short (Ctrl+F8 takes it off)"
    assert short.format(coupon_id) in screen.pay.totals.text()
    add(counter, "30")
    counter.press(Key.Key_F8)
    counter.type("100")
    counter.press(Key.Key_Return)
    off = "优惠券 {0}：−￥10.00（Ctrl+F8 取消）" if language == "zh" else "Coupon {0}: −￥10.00 (Ctrl+F8 takes it off)"
    assert off.format(coupon_id) in screen.pay.totals.text()
    assert screen.pay.due.text() == ("应付 ￥49.00" if language == "zh" else "To pay ￥49.00")
    counter.press(Key.Key_F9)
    counter.idle()
    qtbot.wait(50)
    assert window.minimumSizeHint().height() <= SCREEN.height() and window.size() == SCREEN
    for part in (screen.pay.totals, screen.pay.due, screen.pay.question, screen.pay.confirm):
        assert part.isVisible() and window.rect().contains(
            core.QRect(part.mapTo(window, core.QPoint(0, 0)), part.size())), part
    counter.close()
