"""The daily automatic backup, made by the app as by the command line: after the first write of the day,
into backups/; a backup that cannot be made is said once in the status bar, and sales go on."""

import pytest
from pytestqt.qtbot import QtBot

from terminal.backup import store_name
from terminal.bootstrap import Till
from tests.helpers.store import member
from tests.helpers.damage import flip_bit
from tests.helpers.ui_checkout import LOCALE_NOTICE, Counter, open_counter
from tests.ui.test_print_note import sell_by_card
from ui.screens.checkout import CheckoutScreen
from ui.status_bar import StatusBar

pytestmark = [pytest.mark.gui, LOCALE_NOTICE]



def sold(counter: Counter) -> str:
    counter.qtbot.waitUntil(lambda: counter.screen.last_sale is not None)
    sale = counter.screen.last_sale
    assert sale is not None
    return sale.sale_id


def test_a_day_of_selling_in_the_app_leaves_the_days_backup(qtbot: QtBot, shop: Till) -> None:
    today = shop.home.backups / f"jifen-{shop.shop.today().isoformat()}.db"
    counter = open_counter(qtbot, shop)
    sell_by_card(counter, "11")
    sold(counter)
    counter.idle()
    qtbot.waitUntil(today.exists)
    found = store_name(today)
    assert found is not None and found.terminal == shop.shop.terminal_id
    assert [path.name for path in shop.home.backups.iterdir()] == [today.name]
    counter.close()


def test_a_backup_that_cannot_be_made_is_said_once_and_the_sales_go_on(qtbot: QtBot, shop: Till) -> None:
    shop.home.backups.write_text("a file where the backups folder should be", encoding="utf-8")
    counter = open_counter(qtbot, shop, log_in=False)
    said: list[str] = []
    counter.ctx.bus.said.connect(said.append)
    counter.log_in()  # (opening the shift is the first write of the day)
    qtbot.waitUntil(lambda: isinstance(counter.window.current(), CheckoutScreen))
    sales = []
    for amount in ("11", "12"):
        sell_by_card(counter, amount)
        counter.idle()
        sales.append(sold(counter))
    bar = counter.window.statusBar()
    assert isinstance(bar, StatusBar)
    assert bar.currentMessage() == ("Today's automatic backup was not made (disk full, or the backups folder "
                                    "read-only? Details are in the log). Sales go on.")
    assert said == [bar.currentMessage()] and len(set(sales)) == 2
    counter.close()


def test_a_damaged_store_says_so_instead_of_asking_about_the_disk(qtbot: QtBot, shop: Till) -> None:
    member_id = member(shop)  # a member's lot, then its entry in the index names no member of the store
    flip_bit(shop.home.db, "ix_lots_member_live", member_id.encode(), 0)
    counter = open_counter(qtbot, shop, log_in=False)
    said: list[str] = []
    counter.ctx.bus.said.connect(said.append)
    counter.log_in()  # (opening the shift is the first write of the day)
    qtbot.waitUntil(lambda: bool(said))
    assert "is damaged" in said[0] and "jifen restore" in said[0] and "earlier ones are all kept" in said[0]
    assert not shop.home.backups.exists() or not list(shop.home.backups.iterdir())
    counter.close()
