"""The checkout fits a 1024×768 screen in Chinese and in English, with the app's own font and style,
whatever it is asking (the payment, the member found by phone, a manager's PIN): nothing drawn over anything else, no wrapped text cut off, nothing off screen."""

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from terminal import lang
from terminal.bootstrap import Till
from tests.helpers.store import hire_staff, member, sell
from tests.helpers.ui_checkout import LOCALE_NOTICE, Counter, Key, open_counter
from ui.app import STYLE, cjk_font, install_translations
from ui.qt import core, gui, widgets
from ui.screens.checkout import CheckoutScreen

pytestmark = [pytest.mark.gui, LOCALE_NOTICE]
PHONE = "13800138000"
SCREEN = core.QSize(1024, 768)


@pytest.fixture(params=["zh", "en"])
def language(request: pytest.FixtureRequest, qapp: widgets.QApplication) -> Iterator[str]:
    """The app's translations, font and style sheet, as ``jifen`` starts (and put back afterwards)."""
    assert isinstance(qapp, widgets.QApplication)
    locale, font, style = core.QLocale(), qapp.font(), qapp.styleSheet()
    installed = install_translations(qapp, request.param)
    family = cjk_font()
    if family:
        qapp.setFont(gui.QFont(family, 12))
    qapp.setStyleSheet(STYLE)
    yield request.param
    qapp.setStyleSheet(style)
    qapp.setFont(font)
    for translator in installed:
        qapp.removeTranslator(translator)
    lang.use(None)
    core.QLocale.setDefault(locale)


@pytest.fixture
def shop(till: Till) -> Till:
    """A member with five earning sales today: the next one waits for a manager's PIN."""
    hire_staff(till)
    someone = member(till, PHONE, "张三")
    for _ in range(till.shop.rules.velocity_limit):
        sell(till, someone, ("general", 1000))
    return till


def problems(screen: CheckoutScreen) -> list[str]:
    """Sibling widgets drawn over each other, parts outside their panel, wrapped words cut off."""
    found = []
    holders = [screen, screen.lines, screen.member, screen.member.camera, screen.member.confirm_box, screen.pay,
               screen.pay.pay_buttons, screen.pay.confirm_box, screen.pay.approval_box]
    for holder in holders:
        if not holder.isVisible():
            continue
        parts = [w for w in holder.findChildren(widgets.QWidget, options=core.Qt.FindChildOption.FindDirectChildrenOnly)
                 if w.isVisible() and not w.isWindow()]
        for n, part in enumerate(parts):
            if not holder.rect().contains(part.geometry()):
                found.append(f"{type(part).__name__} {part.geometry()} outside {type(holder).__name__} {holder.rect()}")
            for other in parts[n + 1:]:
                if part.geometry().intersects(other.geometry()):
                    found.append(f"{type(part).__name__} {part.geometry()} over {type(other).__name__} {other.geometry()}")
    for label in screen.findChildren(widgets.QLabel):
        if label.isVisible() and label.wordWrap() and label.text() and label.height() < label.heightForWidth(label.width()):
            found.append(f"{label.text()!r} cut off: {label.height()} < {label.heightForWidth(label.width())} px")
    return found


def fits(counter: Counter, qtbot: QtBot) -> None:
    window = counter.window
    counter.idle()
    qtbot.wait(50)  # the layouts settle
    hint = window.minimumSizeHint()
    assert hint.width() <= SCREEN.width() and hint.height() <= SCREEN.height(), hint
    assert window.size() == SCREEN
    assert problems(counter.screen) == []


def test_the_checkout_fits_1024_by_768_whatever_it_asks(qtbot: QtBot, shop: Till, language: str) -> None:
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    counter.window.resize(SCREEN)
    fits(counter, qtbot)

    counter.type("100")
    counter.press(Key.Key_Return)
    counter.press(Key.Key_F9)  # no member: the payment question under the camera
    assert screen.pay.asking
    fits(counter, qtbot)
    counter.press(Key.Key_Escape)

    counter.press(Key.Key_F7)
    counter.type(PHONE)
    counter.press(Key.Key_Return)
    qtbot.waitUntil(lambda: screen.member.pending is not None)
    fits(counter, qtbot)  # is this the member?
    counter.press(Key.Key_Return)
    qtbot.waitUntil(lambda: screen.draft.member is not None)

    counter.press(Key.Key_Down)
    counter.type("2599")
    counter.press(Key.Key_Return)
    counter.press(Key.Key_F8)
    counter.type("500")
    counter.press(Key.Key_Return)
    counter.press(Key.Key_F9)  # a member, two categories, points: the longest explanation
    assert screen.pay.asking
    fits(counter, qtbot)

    counter.press(Key.Key_Return)
    qtbot.waitUntil(lambda: screen.pay.approval_box.isVisible())
    fits(counter, qtbot)  # the manager's PIN, with the reason
    screen.pay.approver.setCurrentText("max")
    counter.type("2222")
    counter.press(Key.Key_Return)
    qtbot.waitUntil(lambda: screen.finished)
    fits(counter, qtbot)
    counter.close()
