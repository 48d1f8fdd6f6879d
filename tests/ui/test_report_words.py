"""One name for each day figure: the shift screen and the dashboard say terminal.report_words's names, in English and
in Chinese, as the command line's day report and the printed Z do; and three labels that read wrongly before."""

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from terminal.report_words import FIGURE_NAMES
from tests.helpers.store import sell
from tests.ui.test_members_support import shown
from tests.ui.test_refunds import find
from ui.context import AppContext
from ui.screens.refunds import RefundsScreen
from ui.screens.shift_totals import TotalsView
from ui.widgets.approval import ApprovalDialog

pytestmark = pytest.mark.gui

TS = Path(__file__).parents[2] / "ui" / "translations" / "jifen_zh_CN.ts"
DASHBOARD = ("DashboardOverview", "DashboardTables", "TotalsView")
# what the same figures were also called on the shift screen and the dashboard before
OLD_NAMES = ("Takings", "Sales amount", "Cash given back", "Given back to cards", "Goods refunded", "Points paid with",
             "Points returned by refunds", "Points taken back by refunds", "Points members hold")


@pytest.mark.parametrize(("language", "side"), [("english", 0), ("chinese", 1)])
def test_the_shift_screen_names_each_figure_as_the_cli_and_the_paper_do(qtbot: QtBot, language: str, side: int,
                                                                        request: pytest.FixtureRequest) -> None:
    request.getfixturevalue(language)
    view = TotalsView()
    qtbot.addWidget(view)
    view.show_totals({name: 0 for name in view.values})
    for name in view.values:
        caption, said = view.caption(name), FIGURE_NAMES[name][side]
        assert caption == said or caption.startswith((f"{said} (", f"{said}（")), (caption, said)  # what it holds, after


def test_the_dashboard_translates_each_figure_as_the_cli_and_the_paper_say_it() -> None:
    """"Gross sales (yuan)" is 销售额（元）, "Points restored" 退款退回积分, wherever the shift screen or dashboard says it."""
    chinese = dict(FIGURE_NAMES.values())
    wrong, seen = [], set()
    for context in ET.parse(TS).getroot().iter("context"):
        if context.findtext("name") not in DASHBOARD:
            continue
        for message in context.iter("message"):
            source, translation = message.findtext("source", ""), message.findtext("translation", "")
            assert not source.startswith(OLD_NAMES), source
            name, _, suffix = source.partition(" (")
            if name in chinese and suffix in ("", "yuan)", "all stores)"):
                seen.add(name)
                if not translation.startswith(chinese[name]):
                    wrong.append((source, translation))
    assert wrong == []
    assert {"Gross sales", "Refunded in cash", "Points redeemed", "Points restored", "Points outstanding"} <= seen


@pytest.mark.parametrize(("language", "title", "pin"), [("english", "Approval", "Approver's PIN"),
                                                        ("chinese", "授权", "授权人密码")])
def test_the_approval_box_does_not_say_manager_when_the_owner_may_approve(
        qtbot: QtBot, ctx: AppContext, language: str, title: str, pin: str, request: pytest.FixtureRequest) -> None:
    request.getfixturevalue(language)
    dialog = ApprovalDialog(ctx)
    qtbot.addWidget(dialog)
    assert (dialog.windowTitle(), dialog.pin.placeholderText()) == (title, pin)


@pytest.mark.usefixtures("english")
def test_a_sale_without_a_member_says_no_member_on_the_refunds_screen(qtbot: QtBot, ctx: AppContext) -> None:
    sale = sell(ctx.till, None, ("general", 1000))
    screen = RefundsScreen(ctx)
    shown(qtbot, screen)
    screen.entered()
    qtbot.waitUntil(screen.sale_ref.hasFocus)
    find(qtbot, ctx, sale.sale_id)
    assert screen.sale is not None and screen.sale.id == sale.sale_id
    first = screen.header.text().splitlines()[0]
    assert first.endswith(" · no member") and "member none" not in first, first
