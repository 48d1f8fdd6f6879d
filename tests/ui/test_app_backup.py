"""The daily automatic backup, made by the app as by the command line: after the first write of the day,
into backups/; a backup that cannot be made is said once in the status bar, with where the store's log is, and
sales go on."""

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from terminal.backup import store_name
from terminal.bootstrap import Till
from terminal.logfile import log_to
from tests.helpers.store import member
from tests.helpers.damage import flip_bit
from tests.helpers.logs import jifen_log_put_back
from tests.helpers.ui_checkout import LOCALE_NOTICE, Counter, open_counter
from tests.ui.test_print_note import sell_by_card
from ui.screens.checkout import CheckoutScreen
from ui.status_bar import StatusBar

pytestmark = [pytest.mark.gui, LOCALE_NOTICE]


@pytest.fixture
def logged(shop: Till) -> Iterator[Path]:
    """The store's log, set up as the app sets it up when it opens the store; put back afterwards."""
    with jifen_log_put_back():
        path = log_to(shop.home)
        assert path == shop.home.log
        yield path


@pytest.fixture
def unlogged() -> Iterator[None]:
    """No log file to name: the log cannot be written anywhere."""
    jifen = logging.getLogger("jifen")
    handlers = list(jifen.handlers)
    for handler in handlers:
        jifen.removeHandler(handler)
    yield
    for handler in handlers:
        jifen.addHandler(handler)


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


def backup_refused_over_two_sales(qtbot: QtBot, shop: Till) -> list[str]:
    """A file where the backups folder should be, and two sales: what the status bar was told, once, and shows."""
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
    assert len(set(sales)) == 2 and len(said) == 1 and bar.currentMessage() == said[0]
    counter.close()
    return said


def test_a_backup_that_cannot_be_made_is_said_once_with_the_log_and_the_sales_go_on(
        qtbot: QtBot, shop: Till, logged: Path) -> None:
    said = backup_refused_over_two_sales(qtbot, shop)
    assert said == [f"Today's automatic backup was not made (disk full, or the backups folder read-only? Details are "
                    f"in {shop.home.root / 'jifen.log'}). Sales go on."]
    assert "daily backup skipped" in logged.read_text(encoding="utf-8")  # the details are where it says


def test_in_chinese_the_log_is_named_in_chinese(qtbot: QtBot, shop: Till, logged: Path, chinese: None) -> None:
    said = backup_refused_over_two_sales(qtbot, shop)
    assert said == [f"今日自动备份未能完成（磁盘已满，或备份文件夹只读？详情见 {logged}）。销售照常进行。"]


def test_with_no_log_file_the_log_is_not_named(qtbot: QtBot, shop: Till, unlogged: None) -> None:
    said = backup_refused_over_two_sales(qtbot, shop)
    assert said == ["Today's automatic backup was not made (disk full, or the backups folder read-only? Details are "
                    "in the log). Sales go on."]


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
