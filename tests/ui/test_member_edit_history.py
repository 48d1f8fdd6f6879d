"""A member's details corrected (member_edit) read in their history on the members screen as 资料修改 / "Details
changed", with no points and neither the old phone nor the new one."""

import pytest
from pytestqt.qtbot import QtBot

from terminal.bootstrap import Till
from terminal.services.members import edit_member
from tests.helpers.store import OWNER, member
from tests.helpers.ui_checkout import LOCALE_NOTICE
from ui.screens.members_data import member_page
from ui.screens.members_panel import MemberPanel

pytestmark = [pytest.mark.gui, LOCALE_NOTICE]


def _latest_row(qtbot: QtBot, till: Till, phone: str) -> list[str]:
    panel = MemberPanel()
    qtbot.addWidget(panel)
    panel.show_page(member_page(till, phone))
    return [panel.history.item(0, column).text() for column in range(panel.history.columnCount())]


@pytest.mark.parametrize(("language", "words"), [("english", "Details changed"), ("chinese", "资料修改")])
def test_the_history_says_the_details_changed(qtbot: QtBot, shop: Till, language: str, words: str,
                                              request: pytest.FixtureRequest) -> None:
    request.getfixturevalue(language)
    someone = member(shop, "13800138000", "张三")
    edit_member(shop.uow(), shop.shop, OWNER, someone, phone="13911112222")
    row = _latest_row(qtbot, shop, "13911112222")
    assert row[1:] == [words, "", "", ""]
    assert not any("1391111" in cell or "13800138000" in cell for cell in row)
