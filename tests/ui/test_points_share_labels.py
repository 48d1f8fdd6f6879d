"""On a terminal linked to a ledger, the points outstanding the app shows are this terminal's running share (given
less used and expired here, below zero where members spend points earned elsewhere), not what members hold: the
shift screen's Z totals and the dashboard say so. A standalone terminal keeps "what members hold"."""

from dataclasses import replace
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from terminal.bootstrap import Till
from terminal.shop import LedgerState
from tests.helpers.store import OWNER, member, sell
from tests.ui.test_dashboard import DAY_ONE, dashboard, exported, shown_period
from tests.ui.test_settings_support import owner_context
from tests.ui.test_shift import open_screen, z_numbers
from tests.ui.test_members_support import press, settle
from ui.context import AppContext
from ui.qt import core

pytestmark = pytest.mark.gui
LINKED = LedgerState("https://ledger.example", online=True)


@pytest.mark.parametrize("linked", [False, True])
def test_the_z_totals_say_whose_points_outstanding_they_are(qtbot: QtBot, ctx: AppContext, linked: bool) -> None:
    ctx.cashier = OWNER
    sell(ctx.till, member(ctx.till), ("general", 10000))
    if linked:
        ctx.till.shop = replace(ctx.till.shop, ledger=LINKED)
    screen = open_screen(qtbot, ctx)
    press(qtbot, core.Qt.Key.Key_F9)
    press(qtbot, core.Qt.Key.Key_Return)
    settle(qtbot, ctx)
    assert z_numbers(ctx) == [1]
    assert screen.totals.text("liability_points") == "550"
    assert screen.totals.caption("liability_points") == (
        "This terminal's net points (given or given back here less used, taken or expired here)" if linked
        else "Points outstanding")


@pytest.mark.parametrize("linked", [False, True])
def test_the_dashboard_says_whose_points_outstanding_they_are(qtbot: QtBot, till: Till, tmp_path: Path,
                                                              linked: bool) -> None:
    sell(till, member(till), ("general", 10000))
    if linked:
        till.shop = replace(till.shop, ledger=LINKED)
    ctx = owner_context(till)
    screen = dashboard(qtbot, ctx)
    screen.entered()
    shown_period(qtbot, screen, DAY_ONE, DAY_ONE)
    headings = {field: label.text() for field, label in screen.overview.headings.items()}
    if linked:
        assert (headings["liability_start"], headings["liability_points"]) == (
            "Net points at the start\n(this terminal's)",
            "Net points at the end\n(this terminal's: given or given back here less used, taken or expired here)")
    else:
        assert (headings["liability_start"], headings["liability_points"]) == (
            "Points outstanding at the start", "Points outstanding at the end\n(what members hold)")
    held = "This terminal's net points" if linked else "Points outstanding"
    model = screen.points_days_table.figures
    assert model.headerData(model.columnCount() - 1, core.Qt.Orientation.Horizontal).replace("\n", " ") == held
    header = exported(qtbot, screen, tmp_path / "day.csv")[3:].decode("utf-8").split("\r\n")[1]  # under the title
    assert header.endswith(",Points spent in the mall," + held)
    ctx.tasks.shutdown()
