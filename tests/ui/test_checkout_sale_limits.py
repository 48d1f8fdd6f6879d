"""At the limits of one sale: 200 lines, and 1,000,000,000 points earned. A 201st amount is left aside, typed for the
next sale, and payment still goes; a sale that would earn too much says so before payment, and the refusal at payment
leaves it on screen as it was."""

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from terminal.bootstrap import Till
from terminal.models import Sale, SaleLine
from terminal.rules import RuleSet, Tier, rules_to_toml
from terminal.services.sales import MAX_LINES
from tests.helpers.store import member, sell
from tests.helpers.ui_checkout import LOCALE_NOTICE, Counter, Key, join_by_phone, open_counter
from tests.ui import test_checkout_layout
from ui.screens.settings_rules_file import save_rules

pytestmark = [pytest.mark.gui, LOCALE_NOTICE]
PHONE = "13800138000"
FULL = ("A sale holds at most 200 lines: this amount was not added, and stays typed for the next sale. "
        "Take payment now (F9 cash, F10 card).")
# 10 points a yuan at a ×10 tier: eleven lines of ¥1,000,000 earn 1,100,000,000 points, more than one sale may
GENEROUS = RuleSet(categories={"general": 100_000}, tiers=(Tier("regular", "普通会员", 0, 1000),))
SCREEN = test_checkout_layout.SCREEN
language = test_checkout_layout.language  # the fixture: the app's language, font and style
TOO_LARGE = "Too large for one sale: a sale earns at most 1,000,000,000 points. Split it into smaller sales."


def recorded(till: Till) -> list[tuple[int, int]]:
    """(lines, total) of every sale, oldest first."""
    with till.reading() as uow:
        sales = uow.session.scalars(select(Sale).order_by(Sale.seq)).all()
        return [(int(uow.session.scalar(select(func.count()).select_from(SaleLine).where(SaleLine.sale_id == s.id)) or 0),
                 s.total_fen) for s in sales]


def full_sale(qtbot: QtBot, shop: Till) -> Counter:
    """A sale of 200 lines of ¥1 (added as Enter adds them), and a 201st amount, ¥5, typed."""
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    for _ in range(MAX_LINES):
        screen.add_line("general", "1")
    assert len(screen.draft.lines) == MAX_LINES
    counter.type("5")
    return counter


@pytest.mark.parametrize(("pay_key", "method"), [(Key.Key_F9, "cash"), (Key.Key_F10, "card")])
def test_a_201st_amount_refused_is_left_aside_and_payment_goes_on(qtbot: QtBot, shop: Till, pay_key: Key,
                                                                  method: str) -> None:
    counter = full_sale(qtbot, shop)
    screen = counter.screen
    counter.press(Key.Key_Return)
    assert screen.message.text() == FULL
    assert screen.lines.amount.text() == "5" and len(screen.draft.lines) == MAX_LINES
    counter.press(pay_key)
    assert screen.pay.question.text() == f"Take ￥200.00 by {method}? Enter to confirm, Esc to go back."
    assert screen.message.text() == FULL  # said once, the same words
    counter.press(Key.Key_Return)
    qtbot.waitUntil(lambda: screen.finished, timeout=15_000)
    assert screen.lines.amount.text() == "5"  # the next sale's
    counter.press(Key.Key_Return)
    assert [line.amount_fen for line in screen.draft.lines] == [500] and not screen.finished
    counter.close()
    assert recorded(shop) == [(MAX_LINES, 20000)]


def test_payment_asked_with_a_201st_amount_typed_but_not_entered_says_it_is_left_aside(qtbot: QtBot,
                                                                                        shop: Till) -> None:
    counter = full_sale(qtbot, shop)
    screen = counter.screen
    counter.press(Key.Key_F10)
    assert screen.message.text() == FULL
    assert screen.pay.question.text() == "Take ￥200.00 by card? Enter to confirm, Esc to go back."
    counter.press(Key.Key_Return)
    qtbot.waitUntil(lambda: screen.finished, timeout=15_000)
    counter.close()
    assert recorded(shop) == [(MAX_LINES, 20000)]


def generous_sale(qtbot: QtBot, shop: Till, lines: int) -> Counter:
    """A member on a sale of ``lines`` lines of ¥1,000,000 under rules that give 100 points a yuan."""
    save_rules(shop, rules_to_toml(GENEROUS, "generous"))
    member(shop, PHONE)
    counter = open_counter(qtbot, shop)
    join_by_phone(counter, qtbot, PHONE)
    for _ in range(lines):
        counter.screen.add_line("general", "1000000")
    return counter


def test_the_checkout_says_before_payment_that_a_sale_earning_too_much_must_be_split(qtbot: QtBot, shop: Till) -> None:
    counter = generous_sale(qtbot, shop, 10)
    pay = counter.screen.pay
    assert pay.earn.text() == "Points earned: 1,000,000,000"
    assert pay.too_large.isHidden()  # exactly the most: nothing to say
    counter.screen.add_line("general", "1000000")
    assert pay.earn.text() == "Points earned: 1,100,000,000"
    assert pay.too_large.isVisible() and pay.too_large.text() == TOO_LARGE
    counter.press(Key.Key_Delete)  # the last line off: it fits again
    assert pay.too_large.isHidden()
    counter.close()


def test_a_sale_earning_too_much_is_refused_at_payment_in_one_message_and_stays_as_it_was(qtbot: QtBot,
                                                                                          shop: Till) -> None:
    counter = generous_sale(qtbot, shop, 11)
    screen = counter.screen
    counter.press(Key.Key_F10)
    counter.press(Key.Key_Return)
    qtbot.waitUntil(lambda: not screen.busy and not screen.pay.asking, timeout=15_000)
    assert screen.message.text() == (
        "this sale would earn 1,100,000,000 points, more than the 1,000,000,000 one sale may earn: it is too large for "
        "one sale; split it into smaller sales — nothing was recorded, and the sale is still here: take lines off (Del) "
        "and take payment, then ring them up as another sale.")
    assert not screen.finished and screen.draft.member is not None
    assert [line.amount_fen for line in screen.draft.lines] == [100_000_000] * 11
    assert screen.lines.table.rowCount() == 11 and screen.pay.too_large.text() == TOO_LARGE
    counter.press(Key.Key_Delete)  # split: ten lines now, the eleventh on the next sale
    counter.press(Key.Key_F10)
    counter.press(Key.Key_Return)
    qtbot.waitUntil(lambda: screen.finished, timeout=15_000)
    counter.close()
    assert recorded(shop) == [(10, 1_000_000_000)]


def test_at_1024_by_768_the_warning_shows_whole_and_payment_can_still_be_confirmed(qtbot: QtBot, shop: Till,
                                                                                   language: str) -> None:
    counter = generous_sale(qtbot, shop, 11)
    counter.window.resize(SCREEN)
    screen = counter.screen
    counter.idle()
    warning = screen.pay.too_large
    qtbot.waitUntil(lambda: warning.isVisible() and warning.height() >= warning.heightForWidth(warning.width()))
    assert ("1,000,000,000" in warning.text()) and (("一笔太大" in warning.text()) == (language == "zh"))
    counter.press(Key.Key_F10)
    confirm = screen.pay.confirm
    qtbot.waitUntil(confirm.isVisible)
    assert counter.window.size() == SCREEN
    assert counter.window.rect().contains(confirm.mapTo(counter.window, confirm.rect().bottomRight()))
    counter.close()


def test_points_offered_and_taken_are_at_most_what_one_sale_may_pay(qtbot: QtBot, shop: Till) -> None:
    """A member with 2,000,000,500 points on a sale of ¥11,000,000 that earns nothing: F8 offers 1,000,000,000 points,
    not the 1,100,000,000 the total would allow, and more typed is refused before payment."""
    rules = RuleSet(categories={"general": 100_000, "excluded": 0}, tiers=GENEROUS.tiers)
    save_rules(shop, rules_to_toml(rules, "generous, with a category that earns nothing"))
    rich = member(shop, PHONE)
    for _ in range(2):
        sell(shop, rich, *[("general", 100_000_000)] * 10)
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    join_by_phone(counter, qtbot, PHONE)
    for _ in range(11):
        screen.add_line("excluded", "1000000")
    counter.press(Key.Key_F8)
    assert screen.pay.redeem.text() == "1000000000"
    assert "this sale: up to 1,000,000,000" in screen.pay.available.text()
    counter.type("1100000000")
    counter.press(Key.Key_F10)
    assert not screen.pay.asking
    assert screen.message.text() == ("'1100000000' points is too large: at most 1,000,000,000 points — change the points "
                                     "and press Enter.")
    counter.press(Key.Key_F8)
    counter.press(Key.Key_F10)
    assert screen.pay.question.text() == "Take ￥1,000,000.00 by card? Enter to confirm, Esc to go back."
    counter.press(Key.Key_Return)
    qtbot.waitUntil(lambda: screen.finished, timeout=15_000)
    counter.close()
    assert recorded(shop)[-1] == (11, 1_100_000_000)
