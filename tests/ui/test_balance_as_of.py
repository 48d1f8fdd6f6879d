"""At a till connected to a ledger whose last sync is more than a minute old, the app says under the member's balance
(checkout, gifts, members screen) that it is as of that sync, as `jifen member show` does; a fresh sync takes the
note away; a till without a ledger shows nothing new. A real ledger over TCP, stopped and started again."""

from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from ledger import db
from sync.relay import Syncer
from terminal.bootstrap import Till
from tests.helpers.ledger import Ledger, open_ledger
from tests.helpers.ledger_server import free_port, serve
from tests.helpers.store import at, balance, hire_staff, member, sell
from tests.helpers.ui_checkout import LOCALE_NOTICE, Key, member_code, open_counter
from tests.ui.test_checkout_keys import OtherScreen
from tests.ui.test_settings_support import LedgerNet
from ui.screens.checkout import CheckoutScreen
from ui.screens.members_data import member_page
from ui.screens.members_panel import MemberPanel

pytestmark = [pytest.mark.gui, LOCALE_NOTICE]
PHONE = "13800000002"
LATER = "2026-03-01 10:10"
NOTE_EN = ("Balance as of the last sync with the ledger, 2026-03-01 10:00: points earned or spent at other tills since "
           "then are not in it")
NOTE_ZH = "积分余额截至上次与总账同步（2026-03-01 10:00）：此后在其他终端获得或使用的积分未计入"


@dataclass
class Shop:
    ledger: Ledger
    port: int
    net: LedgerNet
    t1: Till
    t3: Till
    syncers: tuple[Syncer, Syncer]
    lisi: str

    def sync(self) -> None:
        """The ledger up again, T1 then T3 synced."""
        with serve(self.ledger.engine, self.port):
            for syncer in self.syncers:
                syncer.sync_once()


@pytest.fixture
def shop_of_two(tmp_path: Path) -> Iterator[Shop]:
    """Tills T1 and T3 of 静安店, synced at 10:00 with 李四 registered at T1; then the ledger stops, T1 sells to
    李四 (100 points T3 does not know of), and both tills' clocks read 10:10."""
    engine = db.open_engine(f"sqlite:///{tmp_path / 'ledger.db'}")
    ledger = open_ledger(engine)
    ledger.merchant("m1")
    port = free_port()
    with serve(engine, port) as url:
        net = LedgerNet(ledger, url, tmp_path)
        t1, t3 = net.store("T1"), net.store("T3")
        syncers = (net.connect(t1, ledger.terminal("m1", "静安店", "T1")),
                   net.connect(t3, ledger.terminal("m1", "静安店", "T3")))
        lisi = member(t1, PHONE, "李四")
        for syncer in (*syncers, *syncers):
            syncer.sync_once()
    for till in (t1, t3):
        till.shop = replace(till.shop, clock=at(LATER))
    assert sell(t1, lisi, ("general", 20_000)).earned_points == 100
    hire_staff(t3)
    yield Shop(ledger, port, net, t1, t3, syncers, lisi)
    for till in (t1, t3):
        till.close()
    engine.dispose()


def test_the_checkout_says_the_balance_is_as_of_the_last_sync_until_a_fresh_one(
        qtbot: QtBot, shop_of_two: Shop) -> None:
    t3 = shop_of_two.t3
    before = balance(t3, shop_of_two.lisi)
    assert balance(shop_of_two.t1, shop_of_two.lisi) == before + 100
    counter = open_counter(qtbot, t3, screens=(CheckoutScreen, OtherScreen))
    panel = counter.screen.member
    counter.scan(member_code(t3, shop_of_two.lisi))
    qtbot.waitUntil(lambda: counter.screen.draft.member is not None)
    assert panel.details.text().splitlines()[0].endswith(f" · {before:,} points")
    assert panel.as_of.isVisible() and panel.as_of.text() == NOTE_EN
    assert panel.as_of.y() > panel.details.y()  # under the balance

    shop_of_two.sync()
    counter.press(Key.Key_F2)
    counter.press(Key.Key_F1)  # back on the checkout, the member is read again
    counter.idle()
    assert panel.details.text().splitlines()[0].endswith(f" · {before + 100:,} points")
    assert not panel.as_of.isVisible() and panel.as_of.text() == ""
    counter.close()


def test_the_members_screen_says_it_too_in_chinese(qtbot: QtBot, shop_of_two: Shop, chinese: None) -> None:
    panel = MemberPanel()
    qtbot.addWidget(panel)
    panel.show()
    panel.show_page(member_page(shop_of_two.t3, PHONE))
    assert panel.as_of.isVisible() and panel.as_of.text() == NOTE_ZH

    shop_of_two.sync()
    panel.show_page(member_page(shop_of_two.t3, PHONE))
    assert not panel.as_of.isVisible()


def test_a_till_without_a_ledger_shows_no_note(qtbot: QtBot, shop: Till) -> None:
    lisi = member(shop, PHONE, "李四")
    shop.shop = replace(shop.shop, clock=at("2026-03-09 10:00"))
    counter = open_counter(qtbot, shop)
    counter.scan(member_code(shop, lisi))
    qtbot.waitUntil(lambda: counter.screen.draft.member is not None)
    assert counter.screen.member.details.isVisible() and not counter.screen.member.as_of.isVisible()
    assert counter.screen.member.as_of.text() == ""
    counter.close()
    panel = MemberPanel()
    qtbot.addWidget(panel)
    panel.show()
    panel.show_page(member_page(shop, PHONE))
    assert not panel.as_of.isVisible()
