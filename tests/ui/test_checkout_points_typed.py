"""Points typed in the redeem field but not entered: F9 and F10 use them (or refuse them, taking no
payment), and the member's code scanned again says so and leaves the field showing what the sale uses."""

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from terminal.bootstrap import Till
from terminal.models import Sale
from terminal.rules import RuleSet, rules_to_toml
from tests.helpers.store import member
from tests.helpers.ui_checkout import (
    LOCALE_NOTICE,
    Counter,
    Key,
    join_by_phone,
    member_code,
    open_counter,
)
from ui.screens.settings_rules_file import save_rules

pytestmark = [pytest.mark.gui, LOCALE_NOTICE]
PHONE = "13800138000"


def recorded(till: Till) -> list[tuple[int, int, int]]:
    """(total, points used, paid) of every sale, oldest first."""
    with till.reading() as uow:
        return [(s.total_fen, s.redeemed_points, s.paid_fen) for s in uow.session.scalars(select(Sale).order_by(Sale.seq))]


def points_typed(qtbot: QtBot, shop: Till, points: str) -> tuple[Counter, str]:
    """A member with 500 points on a sale of ¥100, and ``points`` typed over what F8 offered, with no Enter."""
    member_id = member(shop, PHONE)
    counter = open_counter(qtbot, shop)
    join_by_phone(counter, qtbot, PHONE)
    counter.type("100")
    counter.press(Key.Key_Return)
    counter.press(Key.Key_F8)
    counter.type(points)
    return counter, member_id


@pytest.mark.parametrize(("pay_key", "method"), [(Key.Key_F9, "cash"), (Key.Key_F10, "card")])
def test_points_typed_but_not_entered_are_used_when_payment_is_asked(qtbot: QtBot, shop: Till, pay_key: Key,
                                                                     method: str) -> None:
    counter, _ = points_typed(qtbot, shop, "300")
    screen = counter.screen
    counter.press(pay_key)
    assert screen.pay.question.text() == f"Take ￥97.00 by {method}? Enter to confirm, Esc to go back."
    assert "Points: 300 (−￥3.00)" in screen.pay.totals.text()
    counter.press(Key.Key_Return)
    qtbot.waitUntil(lambda: screen.finished)
    counter.close()
    assert recorded(shop) == [(10000, 300, 9700)]


def test_points_typed_that_the_member_does_not_have_stop_the_payment(qtbot: QtBot, shop: Till) -> None:
    counter, _ = points_typed(qtbot, shop, "600")
    screen = counter.screen
    counter.press(Key.Key_F9)
    assert not screen.pay.asking
    assert screen.message.text() == "The member has 500 points, not 600 — use at most 500."
    assert screen.pay.redeem.text() == "" and counter.focus() is screen.pay.redeem
    counter.close()
    assert recorded(shop) == []


def test_the_members_code_scanned_again_says_they_are_on_the_sale_and_drops_points_not_entered(
        qtbot: QtBot, shop: Till) -> None:
    counter, member_id = points_typed(qtbot, shop, "300")
    screen = counter.screen
    counter.scan(member_code(shop, member_id))
    counter.idle()
    assert screen.message.text() == "Member 138****8000 is already on this sale."
    assert screen.pay.redeem.text() == "" and screen.draft.redeem_points == 0
    counter.press(Key.Key_F9)
    assert screen.pay.question.text() == "Take ￥100.00 by cash? Enter to confirm, Esc to go back."
    counter.close()


def test_points_typed_where_the_shop_takes_none_as_payment_say_so(qtbot: QtBot, shop: Till) -> None:
    save_rules(shop, rules_to_toml(RuleSet(max_redeem_percent=0), "no points as payment"))
    counter, _ = points_typed(qtbot, shop, "300")
    screen = counter.screen
    counter.press(Key.Key_F9)
    assert not screen.pay.asking
    assert screen.message.text() == "This shop does not take points as payment (its rules allow 0 % of a sale)."
    counter.close()
    assert recorded(shop) == []
