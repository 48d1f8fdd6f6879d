"""The checkout's main flows, on a real store, real printing and real decoders on real image files."""

from dataclasses import dataclass
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from terminal.bootstrap import Till
from terminal.models import Sale
from tests.helpers.escpos_reader import read_escpos
from tests.helpers.fake_printer import FakePrinter
from tests.helpers.store import balance, member
from tests.helpers.ui_checkout import (
    LOCALE_NOTICE,
    Key,
    member_card,
    member_code,
    open_counter,
    write_config,
)

pytestmark = [pytest.mark.gui, LOCALE_NOTICE]
PHONE = "13800138000"



@dataclass(frozen=True)
class Sold:
    id: str
    member_id: str | None
    total_fen: int
    redeemed_points: int
    paid_fen: int
    pay_method: str
    earned_points: int


def sales_of(till: Till) -> list[Sold]:
    with till.reading() as uow:
        return [Sold(s.id, s.member_id, s.total_fen, s.redeemed_points, s.paid_fen, s.pay_method, s.earned_points)
                for s in uow.session.scalars(select(Sale).order_by(Sale.seq))]


def test_a_member_scanned_by_the_camera_buys_and_the_receipt_prints(qtbot: QtBot, shop: Till, printer: FakePrinter,
                                                                    tmp_path: Path) -> None:
    someone = member(shop, PHONE, "王小明")
    card = member_card(shop, someone, tmp_path / "card.png")
    write_config(shop, printer=printer.url, camera=f"file:{card}")
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    qtbot.waitUntil(lambda: screen.draft.member is not None, timeout=15_000)
    assert screen.draft.member is not None and screen.draft.member.id == someone
    assert "138****8000" in screen.member.card.text() and "王小明" in screen.member.card.text()
    assert counter.focus() is screen.lines.amount

    counter.type("100")
    counter.press(Key.Key_Return)
    assert [line.amount_fen for line in screen.draft.lines] == [10000]
    assert screen.pay.earn.text() == "Points earned: 50"
    assert screen.pay.why.text() == "￥100.00 × 0.5 = 50"

    counter.press(Key.Key_F9)
    assert counter.focus() is screen.pay.confirm
    assert "￥100.00" in screen.pay.question.text()
    counter.press(Key.Key_Return)
    qtbot.waitUntil(lambda: screen.finished, timeout=10_000)
    qtbot.waitUntil(lambda: screen.print_note.text() == "Receipt printed.", timeout=10_000)
    qtbot.waitUntil(lambda: screen.receipt.picture is not None, timeout=10_000)
    counter.close()

    (sale,) = sales_of(shop)
    assert (sale.member_id, sale.total_fen, sale.pay_method, sale.earned_points) == (someone, 10000, "cash", 50)
    printout = printer.printout()
    printed = "\n".join(line.text for line in printout.lines)
    assert "T1-" in printed and "100.00" in printed and len(printout.qr_codes) == 1
    assert screen.receipt.picture is not None and screen.receipt.picture.image is not None
    assert "￥100.00" in screen.receipt.picture.text
    assert balance(shop, someone) == 550


def test_a_keyboard_scanner_burst_finds_the_member_wherever_the_focus_is(qtbot: QtBot, shop: Till) -> None:
    someone = member(shop, PHONE, "王小明")
    code = member_code(shop, someone)
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    counter.type("12")  # the cashier had begun an amount
    counter.scan(code)
    qtbot.waitUntil(lambda: screen.draft.member is not None)
    assert screen.lines.amount.text() == "12"  # the scanned characters were taken back out
    assert screen.draft.lines == []  # and its Enter did not add a line
    screen.member.phone.setFocus()
    counter.scan(code)  # in the phone field it is a scan too, not a phone number
    qtbot.waitUntil(lambda: screen.message.text() == "Member 138****8000 is already on this sale.")
    counter.idle()
    assert screen.member.phone.text() == "" and not screen.member.asking
    counter.close()


def test_slow_typing_that_ends_in_enter_is_not_a_scan(qtbot: QtBot, shop: Till) -> None:
    member(shop, PHONE)
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    counter.type("8888", delay_ms=80)
    counter.press(Key.Key_Return)
    assert [line.amount_fen for line in screen.draft.lines] == [888800]
    assert screen.draft.member is None
    counter.close()


def test_a_member_found_by_phone_joins_only_when_the_cashier_confirms(qtbot: QtBot, shop: Till) -> None:
    someone = member(shop, PHONE, "王小明")
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    counter.press(Key.Key_F7)
    assert counter.focus() is screen.member.phone
    counter.type(PHONE)
    counter.press(Key.Key_Return)
    qtbot.waitUntil(lambda: screen.member.asking)
    assert "138****8000" in screen.member.question.text() and "王小明" in screen.member.question.text()
    assert "8000" in screen.member.question.text()
    assert screen.draft.member is None
    counter.press(Key.Key_Escape)  # not them
    assert screen.draft.member is None and not screen.member.asking
    counter.press(Key.Key_F7)
    counter.type(PHONE)
    counter.press(Key.Key_Return)
    qtbot.waitUntil(lambda: screen.member.asking)
    counter.press(Key.Key_Return)  # yes
    assert screen.draft.member is not None and screen.draft.member.id == someone
    assert counter.focus() is screen.lines.amount
    counter.close()


def test_lines_by_category_redeem_and_card_with_the_points_explained(qtbot: QtBot, shop: Till, printer: FakePrinter) -> None:
    someone = member(shop, PHONE)  # 500 signup points
    write_config(shop, printer=printer.url)
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    counter.scan(member_code(shop, someone))
    qtbot.waitUntil(lambda: screen.draft.member is not None)
    counter.type("60")
    counter.press(Key.Key_Return)
    counter.press(Key.Key_Down)  # digital
    counter.type("40")
    counter.press(Key.Key_Return)
    assert [(line.category, line.amount_fen) for line in screen.draft.lines] == [("general", 6000), ("digital", 4000)]
    assert screen.pay.earn.text() == "Points earned: 34"
    assert screen.pay.why.text() == "￥60.00 × 0.5 + ￥40.00 × 0.1 = 34"
    assert "Available: 500 points" in screen.pay.available.text()

    counter.press(Key.Key_F8)
    assert counter.focus() is screen.pay.redeem and screen.pay.redeem.text() == "500"
    counter.type("300")  # replaces the offered maximum
    counter.press(Key.Key_Return)
    assert screen.draft.redeem_points == 300
    assert screen.pay.due.text() == "To pay ￥97.00"
    assert screen.pay.earn.text() == "Points earned: 32"  # floor(34 · 97/100)
    assert screen.pay.why.text() == "(￥60.00 × 0.5 + ￥40.00 × 0.1) × ￥97.00/￥100.00 = 32"
    assert counter.focus() is screen.lines.amount

    counter.press(Key.Key_F10)
    counter.press(Key.Key_Return)
    qtbot.waitUntil(lambda: screen.print_note.text() == "Receipt printed.", timeout=10_000)
    counter.close()
    (sale,) = sales_of(shop)
    assert (sale.total_fen, sale.redeemed_points, sale.paid_fen, sale.pay_method, sale.earned_points) == \
        (10000, 300, 9700, "card", 32)
    assert balance(shop, someone) == 500 - 300 + 32
    assert read_escpos(printer.data).qr_codes


def test_a_sale_without_a_member_and_the_next_one_starts_by_typing(qtbot: QtBot, shop: Till) -> None:
    counter = open_counter(qtbot, shop)  # no printer set up: the receipt is on screen only
    screen = counter.screen
    counter.type("19.9")
    counter.press(Key.Key_Return)
    assert screen.pay.earn.text() == "No member: no points"
    counter.press(Key.Key_F9)
    counter.press(Key.Key_Return)
    qtbot.waitUntil(lambda: screen.receipt.picture is not None, timeout=10_000)
    assert "on screen only" in screen.print_note.text()
    first = screen.last_sale
    counter.type("5")
    counter.press(Key.Key_Return)
    assert not screen.finished and [line.amount_fen for line in screen.draft.lines] == [500]
    counter.press(Key.Key_F9)
    counter.press(Key.Key_Return)
    qtbot.waitUntil(lambda: screen.last_sale is not first and screen.finished, timeout=10_000)
    counter.close()
    assert [(sale.member_id, sale.total_fen) for sale in sales_of(shop)] == [(None, 1990), (None, 500)]
