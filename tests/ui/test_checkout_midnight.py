"""A sale rung up before midnight and paid after keeps the points the checkout showed: the day's promotions are
those of the day its first line was added, and the sale counts on the day it was paid."""

from datetime import date

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from terminal.bootstrap import Till
from terminal.models import JournalEntry, Sale
from terminal.rules import Promotion, RuleSet, rules_to_toml
from tests.helpers.fake_printer import FakePrinter
from tests.helpers.store import balance, member, move_clock
from tests.helpers.ui_checkout import LOCALE_NOTICE, Counter, Key, join_by_phone, open_counter, write_config
from ui.screens.settings_rules_file import save_rules

pytestmark = [pytest.mark.gui, LOCALE_NOTICE]
PHONE = "13800138000"


def promotion_on(day: date) -> RuleSet:
    return RuleSet(promotions=(Promotion("双十一", 200, start=day, until=day),))


def stored(till: Till) -> list[tuple[int, date, str]]:
    """(earned points, business date, the journal's business date) of every sale."""
    with till.reading() as uow:
        rows = uow.session.execute(select(Sale.earned_points, Sale.business_date, JournalEntry.business_date)
                                   .join(JournalEntry, JournalEntry.seq == Sale.seq).order_by(Sale.seq))
        return [(earned, day, journal_day) for earned, day, journal_day in rows]


def ring_up_before_midnight_and_pay_after(qtbot: QtBot, shop: Till, printer: FakePrinter, rules: RuleSet,
                                          begun: str, paid: str) -> tuple[str, str, str, list[str]]:
    """A member's ¥100 of general goods: (points shown, why, the status line, the receipt's lines, spaces
    collapsed)."""
    save_rules(shop, rules_to_toml(rules, "midnight"))
    write_config(shop, printer=printer.url)
    move_clock(shop, begun)
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    join_by_phone(counter, qtbot, PHONE)
    counter.type("100")
    counter.press(Key.Key_Return)
    shown, why = screen.pay.earn.text(), screen.pay.why.text()
    move_clock(shop, paid)
    counter.press(Key.Key_F9)
    assert screen.pay.earn.text() == shown
    counter.press(Key.Key_Return)
    qtbot.waitUntil(lambda: screen.print_note.text() == "Receipt printed.", timeout=10_000)
    said = screen.message.text()
    counter.close()
    return shown, why, said, [" ".join(line.text.split()) for line in printer.printout().lines]


def test_a_sale_rung_up_on_the_promotion_day_and_paid_after_midnight_earns_what_was_shown(
        qtbot: QtBot, shop: Till, printer: FakePrinter) -> None:
    someone = member(shop, PHONE)  # 500 signup points
    shown, why, said, printed = ring_up_before_midnight_and_pay_after(
        qtbot, shop, printer, promotion_on(date(2026, 11, 11)), "2026-11-11 23:59:30", "2026-11-12 00:00:30")
    assert (shown, why) == ("Points earned: 100", "￥100.00 × 0.5 × 2 = 100")
    assert "Earned 100 points, balance 600." in said
    assert "本单获得积分 +100" in printed and "￥100.00 × 0.5 × 2 = 100" in printed
    assert "促销：双十一 ×2" in printed  # named though the sale counts on the day after the promotion
    assert stored(shop) == [(100, date(2026, 11, 12), "2026-11-12")]  # it counts on the day it was paid
    assert balance(shop, someone) == 600


def test_a_sale_rung_up_the_day_before_a_promotion_and_paid_after_midnight_earns_what_was_shown(
        qtbot: QtBot, shop: Till, printer: FakePrinter) -> None:
    someone = member(shop, PHONE)
    shown, why, said, printed = ring_up_before_midnight_and_pay_after(
        qtbot, shop, printer, promotion_on(date(2026, 11, 12)), "2026-11-11 23:59:30", "2026-11-12 00:00:30")
    assert (shown, why) == ("Points earned: 50", "￥100.00 × 0.5 = 50")
    assert "Earned 50 points, balance 550." in said
    assert "本单获得积分 +50" in printed and "￥100.00 × 0.5 = 50" in printed
    assert not any(line.startswith("促销") for line in printed)
    assert stored(shop) == [(50, date(2026, 11, 12), "2026-11-12")]
    assert balance(shop, someone) == 550


def hundred_on_singles_day_at_23_59_30(qtbot: QtBot, shop: Till) -> Counter:
    """¥100 rung up for the member at 23:59:30 on a ×2 day: 100 points shown."""
    save_rules(shop, rules_to_toml(promotion_on(date(2026, 11, 11)), "midnight"))
    move_clock(shop, "2026-11-11 23:59:30")
    counter = open_counter(qtbot, shop)
    join_by_phone(counter, qtbot, PHONE)
    counter.type("100")
    counter.press(Key.Key_Return)
    assert counter.screen.pay.earn.text() == "Points earned: 100"
    return counter


def test_a_sale_left_open_past_the_next_midnight_is_worked_out_for_today_before_payment(
        qtbot: QtBot, shop: Till, printer: FakePrinter) -> None:
    """The ledger takes a sale priced as of its day or the day before: one open longer is shown again first."""
    someone = member(shop, PHONE)
    counter = hundred_on_singles_day_at_23_59_30(qtbot, shop)
    screen = counter.screen
    move_clock(shop, "2026-11-13 09:00")
    counter.press(Key.Key_F9)
    assert screen.pay.earn.text() == "Points earned: 50"
    assert screen.message.text() == "This sale was begun on 2026-11-11: its points are now worked out for today."
    counter.press(Key.Key_Return)
    qtbot.waitUntil(lambda: screen.finished, timeout=10_000)
    assert "Earned 50 points, balance 550." in screen.message.text()
    counter.close()
    assert stored(shop) == [(50, date(2026, 11, 13), "2026-11-13")]
    assert balance(shop, someone) == 550


def test_a_line_added_after_midnight_works_the_whole_sale_out_for_the_new_day(
        qtbot: QtBot, shop: Till, printer: FakePrinter) -> None:
    """Only lines rung up before midnight keep that day's promotion: a sale begun on 双十一 cannot take in the next
    day's shopping at ×2."""
    someone = member(shop, PHONE)
    counter = hundred_on_singles_day_at_23_59_30(qtbot, shop)
    screen = counter.screen
    move_clock(shop, "2026-11-12 15:00")
    counter.type("900")
    counter.press(Key.Key_Return)
    assert screen.message.text() == ("Added ￥900.00. This sale was begun on 2026-11-11: its points are now worked out "
                                     "for today.")
    assert screen.pay.earn.text() == "Points earned: 500"
    counter.press(Key.Key_F9)
    counter.press(Key.Key_Return)
    qtbot.waitUntil(lambda: screen.finished, timeout=10_000)
    counter.close()
    assert stored(shop) == [(500, date(2026, 11, 12), "2026-11-12")]
    assert balance(shop, someone) == 1000
