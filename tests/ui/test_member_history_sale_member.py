"""A paid sale given its member afterwards (补积分, sale_member) reads in the member's history on the members screen
as "Points for sale T1-x" / "补积分 T1-x" with the points it earned, so the balance adds up to the lines shown."""

import pytest
from pytestqt.qtbot import QtBot

from terminal.bootstrap import Till
from terminal.services.sale_member import give_sale_member
from tests.helpers.store import OWNER, member, sell
from tests.helpers.ui_checkout import LOCALE_NOTICE
from ui.screens.members_data import member_page
from ui.screens.members_panel import MemberPanel

pytestmark = [pytest.mark.gui, LOCALE_NOTICE]

PHONE = "13800138000"


@pytest.mark.parametrize(("language", "words"), [("english", "Points for sale %s · cashier boss"),
                                                  ("chinese", "补积分 %s · 收银员 boss")])
def test_the_history_shows_the_points_given_to_a_paid_sale(qtbot: QtBot, shop: Till, language: str, words: str,
                                                           request: pytest.FixtureRequest) -> None:
    request.getfixturevalue(language)
    member(shop, PHONE, "张三")
    sale = sell(shop, None, ("general", 10000))
    earned = give_sale_member(shop.uow(), shop.shop, OWNER, sale.sale_id, PHONE).earned_points
    panel = MemberPanel()
    qtbot.addWidget(panel)
    panel.show_page(member_page(shop, PHONE))
    row = [panel.history.item(0, column).text() for column in range(panel.history.columnCount())]
    assert earned > 0
    assert row[1] == words % sale.sale_id
    assert f"+{earned}" in " ".join(row[2:]).replace(",", "")
