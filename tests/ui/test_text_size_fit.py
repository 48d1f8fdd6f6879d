"""With bigger text ([app] text_size 125 and 150), the checkout still fits a 1024×768 screen whatever it asks, in
Chinese and in English, and shows whole what the fullest sale needs (its lines, the amount due, the pay buttons, a
manager's approval): the lines table never needs a sideways scroll bar, and the message line stays on the screen."""

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from pytestqt.qtbot import QtBot

from terminal import lang
from terminal.bootstrap import Till
from tests.helpers.ui_checkout import LOCALE_NOTICE, Key, join_by_phone, open_counter
from tests.ui.test_checkout_layout import PHONE, SCREEN, shop, test_the_checkout_fits_1024_by_768_whatever_it_asks
from tests.ui.test_screens_fit import problems
from tests.ui.test_screens_fit import test_the_checkout_shows_whole_on_a_scaled_laptop_screen as shows_whole
from ui.app import install_translations, use_text_size
from ui.qt import core, widgets
from ui.screens.checkout import CheckoutScreen

__all__ = ["shop", "test_the_checkout_fits_1024_by_768_whatever_it_asks"]  # run here again, at the bigger sizes
pytestmark = [pytest.mark.gui, LOCALE_NOTICE]


@contextmanager
def app_look(qapp: widgets.QApplication, language: str, text_size: int) -> Iterator[str]:
    """The app's translations, and its font and style sheet at the text size, as ``jifen`` starts (put back after)."""
    locale, font, style = core.QLocale(), qapp.font(), qapp.styleSheet()
    installed = install_translations(qapp, language)
    use_text_size(qapp, text_size)
    try:
        yield language
    finally:
        qapp.setStyleSheet(style)
        qapp.setFont(font)
        for translator in installed:
            qapp.removeTranslator(translator)
        lang.use(None)
        core.QLocale.setDefault(locale)


@pytest.fixture(params=[("zh", 125), ("en", 125), ("zh", 150), ("en", 150)], ids=lambda p: f"{p[0]}-{p[1]}")
def language(request: pytest.FixtureRequest, qapp: widgets.QApplication) -> Iterator[str]:
    """(The fixture test_the_checkout_fits_1024_by_768_whatever_it_asks uses, at the bigger text sizes.)"""
    with app_look(qapp, *request.param) as chosen:
        yield chosen


@pytest.fixture(params=[("zh", 125), ("en", 125), ("zh", 150), ("en", 150)], ids=lambda p: f"{p[0]}-{p[1]}")
def bigger_text(request: pytest.FixtureRequest, qapp: widgets.QApplication) -> Iterator[str]:
    with app_look(qapp, *request.param) as chosen:
        yield chosen


def test_the_fullest_sale_shows_whole_at_1024_by_768(qtbot: QtBot, till: Till, bigger_text: str) -> None:
    shows_whole(qtbot, till, SCREEN)


@pytest.fixture(params=["zh", "en"])
def biggest_text(request: pytest.FixtureRequest, qapp: widgets.QApplication) -> Iterator[str]:
    with app_look(qapp, request.param, 150) as chosen:
        yield chosen


def test_a_long_sale_scrolls_its_lines_at_150_percent(qtbot: QtBot, shop: Till, biggest_text: str) -> None:
    """Twelve lines for a member at 150 %: the lines scroll up and down (the newest in sight), never sideways, and
    every amount and its points show whole; the rest of the checkout stays on the 1024×768 screen."""
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    assert isinstance(screen, CheckoutScreen)
    counter.window.resize(SCREEN)
    join_by_phone(counter, qtbot, PHONE)
    for n in range(12):
        if n:
            counter.press(Key.Key_Down)
        counter.type("99.9")
        counter.press(Key.Key_Return)
    qtbot.waitUntil(lambda: screen.lines.table.rowCount() == 12)
    counter.idle()
    table = screen.lines.table
    assert problems(counter.window) == []
    assert table.verticalScrollBar().isVisible() and not table.horizontalScrollBar().isVisible()
    assert table.viewport().rect().contains(table.visualRect(table.model().index(11, 2)))
    for column in (1, 2):
        assert table.columnWidth(column) >= table.sizeHintForColumn(column), table.item(11, column).text()
    counter.close()
