"""Settings › Staff takes a name as a Chinese IME leaves it, a space after: the store keeps it trimmed, the page
says it so and the person logs in by it; a look-alike of someone here is refused naming whom it is like."""

import pytest
from pytestqt.qtbot import QtBot

from terminal.bootstrap import Till
from terminal.services.staff import list_staff
from tests.helpers.ui_checkout import LOCALE_NOTICE, Counter, Key
from tests.ui.test_members_support import type_text
from tests.ui.test_settings_staff import counter  # noqa: F401 (the fixture: the app at the login)
from tests.ui.test_settings_staff import Alt, log_in, log_out, logged_in, owners_staff_page, said

pytestmark = [pytest.mark.gui, LOCALE_NOTICE]


def add(qtbot: QtBot, counter: Counter, name: str) -> None:
    counter.press(Key.Key_M, Alt)
    type_text(qtbot, name)
    counter.press(Key.Key_Return)
    counter.type("3333")
    counter.press(Key.Key_Return)


def test_a_trailing_space_is_trimmed_and_a_look_alike_refused(qtbot: QtBot, counter: Counter, till: Till) -> None:
    page = owners_staff_page(counter)
    add(qtbot, counter, "小李 ")
    said(counter, page, "小李 is added (cashier) at this till and can log in here now.")
    assert "小李" in [p.name for p in list_staff(till.reading(), till.shop)]
    add(qtbot, counter, "AMY")
    said(counter, page, "'AMY' is too like 'amy', already here: names that differ only in case, full-width letters "
                        "or spaces are refused. Choose another name")
    log_out(counter)
    log_in(counter, "小李", "3333")
    logged_in(counter, "小李")
