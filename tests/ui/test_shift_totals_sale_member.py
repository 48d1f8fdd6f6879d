"""The shift's totals on screen say the paid sales given their member afterwards (补积分) and their points, apart
from the points earned they are counted in."""

import pytest
from pytestqt.qtbot import QtBot

from terminal.bootstrap import Till
from terminal.services.reports import day_report
from terminal.services.sale_member import give_sale_member
from tests.helpers.store import CASHIER, hire_staff, member, sell
from tests.helpers.ui_checkout import LOCALE_NOTICE
from ui.screens.shift_totals import TotalsView

pytestmark = [pytest.mark.gui, LOCALE_NOTICE]


@pytest.mark.parametrize(("language", "caption", "figure"), [
    ("english", "Points given to paid sales", "1 sale, +50 points"), ("chinese", "补积分", "1 笔，+50 积分")])
def test_the_shift_shows_the_sales_given_their_member(qtbot: QtBot, till: Till, language: str, caption: str,
                                                      figure: str, request: pytest.FixtureRequest) -> None:
    request.getfixturevalue(language)
    hire_staff(till)
    m = member(till)
    sale = sell(till, None, ("general", 10000))
    give_sale_member(till.uow(), till.shop, CASHIER, sale.sale_id, m)
    view = TotalsView()
    qtbot.addWidget(view)
    view.show_totals(day_report(till.reading(), till.shop))
    assert (view.caption("sales_given_member"), view.text("sales_given_member")) == (caption, figure)
    assert view.text("points_earned") == "50"


@pytest.mark.usefixtures("english")
def test_a_shift_without_them_shows_no_row_of_zeros(qtbot: QtBot, till: Till) -> None:
    """Not "Points given to paid sales 0 (+0)": the row is there only when a paid sale was given its member."""
    hire_staff(till)
    sell(till, member(till), ("general", 10000))
    view = TotalsView()
    qtbot.addWidget(view)
    view.show()
    view.show_totals(day_report(till.reading(), till.shop))
    assert view.values["points_earned"].isVisible()
    assert not view.values["sales_given_member"].isVisible() and not view.values["sales_given_member"].text()
