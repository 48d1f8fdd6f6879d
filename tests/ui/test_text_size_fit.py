"""With bigger text ([app] text_size 125 and 150), the checkout still fits a 1024×768 screen whatever it asks, in
Chinese and in English; at 125 % it also shows whole what the fullest sale needs (its lines, the amount due, the pay
buttons, a manager's approval). At 150 % that fullest sale does not fit yet: the lines table needs a sideways scroll
bar, and the manager's approval pushes the message line off the screen (ui/screens/checkout_lines.py, checkout_pay.py)."""

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from pytestqt.qtbot import QtBot

from terminal import lang
from terminal.bootstrap import Till
from tests.helpers.ui_checkout import LOCALE_NOTICE
from tests.ui.test_checkout_layout import SCREEN, shop, test_the_checkout_fits_1024_by_768_whatever_it_asks
from tests.ui.test_screens_fit import test_the_checkout_shows_whole_on_a_scaled_laptop_screen as shows_whole
from ui.app import install_translations, use_text_size
from ui.qt import core, widgets

__all__ = ["shop", "test_the_checkout_fits_1024_by_768_whatever_it_asks"]  # run here again, at the bigger sizes
pytestmark = [pytest.mark.gui, LOCALE_NOTICE]
NOT_YET = pytest.mark.xfail(reason="at 150 % the fullest sale overflows 1024×768 (checkout_lines.py, checkout_pay.py)",
                            strict=True)


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


@pytest.fixture(params=[("zh", 125), ("en", 125), pytest.param(("zh", 150), marks=NOT_YET),
                        pytest.param(("en", 150), marks=NOT_YET)], ids=lambda p: f"{p[0]}-{p[1]}")
def bigger_text(request: pytest.FixtureRequest, qapp: widgets.QApplication) -> Iterator[str]:
    with app_look(qapp, *request.param) as chosen:
        yield chosen


def test_the_fullest_sale_shows_whole_at_1024_by_768(qtbot: QtBot, till: Till, bigger_text: str) -> None:
    shows_whole(qtbot, till, SCREEN)
