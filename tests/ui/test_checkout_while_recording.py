"""What arrives in the moment a sale is being recorded is the next sale's: a member's card read then joins the
next sale, an amount typed then stays typed (and with Enter, starts the next sale). If the sale is not
recorded after all, none of it goes on the sale still open."""

import threading
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from terminal.bootstrap import Till
from tests.helpers.store import member, sell
from tests.helpers.ui_checkout import LOCALE_NOTICE, Counter, Key, member_code, open_counter

pytestmark = [pytest.mark.gui, LOCALE_NOTICE]
FIRST, SECOND = "13800138000", "13900139000"



@pytest.fixture
def disk() -> Iterator[threading.Event]:
    """A slow disk: the sale confirmed waits on the database worker until this is set."""
    gate = threading.Event()
    yield gate
    gate.set()


def confirm_slowly(counter: Counter, disk: threading.Event) -> None:
    """F9 and Enter, with the store held up: the sale is on its way, not yet recorded."""
    counter.press(Key.Key_F9)
    counter.ctx.tasks.db(lambda: disk.wait(10))
    counter.press(Key.Key_Return)
    assert counter.screen.busy
    counter.qtbot.wait(100)  # a person's pause after Enter: what follows is not part of it


def test_a_card_read_while_the_sale_is_recorded_joins_the_next_sale(qtbot: QtBot, shop: Till,
                                                                     disk: threading.Event) -> None:
    first, second = member(shop, FIRST), member(shop, SECOND)
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    counter.scan(member_code(shop, first))
    qtbot.waitUntil(lambda: screen.draft.member is not None)
    counter.type("10")
    counter.press(Key.Key_Return)
    confirm_slowly(counter, disk)
    counter.scan(member_code(shop, second))
    assert screen.busy and screen.message.text() == "Recording the sale… The member will join the next sale."
    disk.set()
    qtbot.waitUntil(lambda: screen.draft.member is not None and screen.draft.member.id == second)
    assert screen.last_sale is not None and screen.last_sale.member is not None
    assert screen.last_sale.member.id == first
    assert not screen.finished and screen.draft.lines == []
    assert screen.member.card.text().endswith("139****9000")
    counter.type("20")
    counter.press(Key.Key_Return)
    counter.press(Key.Key_F9)
    counter.press(Key.Key_Return)
    qtbot.waitUntil(lambda: screen.finished and screen.last_sale is not None and screen.last_sale.member is not None
                    and screen.last_sale.member.id == second)
    counter.close()


def test_an_amount_typed_while_the_sale_is_recorded_stays_typed(qtbot: QtBot, shop: Till,
                                                                disk: threading.Event) -> None:
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    counter.type("10")
    counter.press(Key.Key_Return)
    confirm_slowly(counter, disk)
    assert counter.focus() is screen.lines.amount
    counter.type("25")
    disk.set()
    qtbot.waitUntil(lambda: screen.finished)
    assert screen.lines.amount.text() == "25"
    counter.press(Key.Key_Return)
    assert not screen.finished and [line.amount_fen for line in screen.draft.lines] == [2500]
    counter.close()


def test_an_amount_entered_while_the_sale_is_recorded_starts_the_next_sale(qtbot: QtBot, shop: Till,
                                                                          disk: threading.Event) -> None:
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    counter.type("10")
    counter.press(Key.Key_Return)
    confirm_slowly(counter, disk)
    counter.type("25")
    counter.press(Key.Key_Return)
    assert screen.message.text() == "Recording the sale… This amount will start the next sale."
    assert [line.amount_fen for line in screen.draft.lines] == [1000]
    disk.set()
    qtbot.waitUntil(lambda: screen.last_sale is not None)
    assert screen.last_sale is not None and screen.last_sale.total_fen == 1000
    assert not screen.finished and [line.amount_fen for line in screen.draft.lines] == [2500]
    assert screen.lines.amount.text() == ""
    counter.close()


def test_a_card_read_while_a_sale_is_refused_for_approval_does_not_join_it(qtbot: QtBot, shop: Till,
                                                                           disk: threading.Event) -> None:
    first, second = member(shop, FIRST), member(shop, SECOND)
    for _ in range(shop.shop.rules.velocity_limit):
        sell(shop, first, ("general", 1000))
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    counter.scan(member_code(shop, first))
    qtbot.waitUntil(lambda: screen.draft.member is not None)
    counter.type("10")
    counter.press(Key.Key_Return)
    confirm_slowly(counter, disk)
    counter.scan(member_code(shop, second))
    disk.set()
    qtbot.waitUntil(lambda: screen.pay.approval_box.isVisible())
    counter.idle()
    assert screen.draft.member is not None and screen.draft.member.id == first
    assert screen.message.text() == ("Nothing recorded yet: waiting for a manager's approval. The member code read "
                                     "meanwhile was not used: read it again once this sale is done.")
    counter.close()
