"""Whose figures the Dashboard shows: the Overview's are this terminal's, and say so, with the whole business's sales
beside them when the ledger answers; and every section of the CSV has a title naming what it is and whose figures
it holds, the cashiers' a total row, so that no one takes this terminal's day-by-day total for the shop's."""

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from terminal.bootstrap import Till
from tests.helpers.store import CASHIER, MANAGER, hire_staff, member, sell
from tests.ui.test_dashboard import DAY_ONE, dashboard, exported, first_day, shown_period
from tests.ui.test_settings_support import ledger_net, owner_context, settle
from ui.screens.dashboard import DashboardScreen

pytestmark = pytest.mark.gui


def sections(data: bytes) -> list[list[list[str]]]:
    """The CSV as Excel reads it, cut into its sections at the blank rows."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    out: list[list[list[str]]] = [[]]
    for row in rows:
        if row:
            out[-1].append(row)
        else:
            out.append([])
    return [part for part in out if part]


def titles(data: bytes) -> list[str]:
    return [part[0][0] for part in sections(data)]


def test_a_standalone_tills_csv_titles_every_section_as_its_own(qtbot: QtBot, till: Till, tmp_path: Path) -> None:
    first_day(till)
    ctx = owner_context(till)
    screen = dashboard(qtbot, ctx)
    screen.entered()
    shown_period(qtbot, screen, DAY_ONE, DAY_ONE)
    assert screen.overview.own.title() == "This terminal (T1)"

    data = exported(qtbot, screen, tmp_path / "day.csv")
    assert data.startswith(b"\xef\xbb\xbfDay by day \xe2\x80\x94 this terminal (T1)\r\nDate,")
    assert b"\r\n\r\nBy cashier \xe2\x80\x94 this terminal (T1)\r\nCashier," in data
    assert titles(data) == ["Day by day — this terminal (T1)", "By cashier — this terminal (T1)"]
    cashiers = sections(data)[1]
    assert cashiers[-1] == ["Total — this terminal (T1)", "2", "1284.56", "1234.56", "50.00", "0", "0.00", "1234.56",
                            "1", "1", "617", "500", "0", "0", "0", "0", "0"]
    ctx.tasks.shutdown()


def synced_dashboard(qtbot: QtBot, tmp_path: Path, t2_store: str) -> Iterator[DashboardScreen]:
    """T1's Dashboard: T1 at 静安店 sells ¥300.00 in cash, T2 at ``t2_store`` ¥200.00 by card to a new member; both
    synced."""
    with ledger_net(tmp_path) as net:
        here, there = net.store("T1"), net.store("T2")
        for till in (here, there):
            hire_staff(till)
        token_here, token_there = net.ledger.terminal("m1", "静安店", "T1"), net.ledger.terminal("m1", t2_store, "T2")
        sell(there, member(there, "13900139000"), ("general", 20000), pay="card", cashier=MANAGER)
        net.ledger.sync(there, token_there)
        sell(here, None, ("general", 30000), cashier=CASHIER)
        net.connect(here, token_here).sync_once()
        ctx = owner_context(here)
        screen = dashboard(qtbot, ctx)
        screen.entered()
        shown_period(qtbot, screen, DAY_ONE, DAY_ONE)
        qtbot.waitUntil(lambda: screen.ledger is not None and screen.ledger.report is not None)
        settle(qtbot, ctx)
        yield screen
        ctx.tasks.shutdown()
    here.close()
    there.close()


@pytest.fixture
def on_t1(qtbot: QtBot, tmp_path: Path) -> Iterator[DashboardScreen]:
    """Both tills at 静安店."""
    yield from synced_dashboard(qtbot, tmp_path, "静安店")


def test_the_overview_says_its_figures_are_this_terminals_and_shows_the_businesss_sales(on_t1: DashboardScreen) -> None:
    overview = on_t1.overview
    assert overview.own.title() == ("This terminal (T1) only: the whole business is under All stores below and "
                                    "on the Per terminal tab")
    assert overview.figures["gross_fen"].text() == "￥300.00"
    assert overview.merchant.isVisible()
    assert {field: overview.merchant_headings[field].text() for field in ("gross_fen", "cash_fen", "card_fen")} \
        == {"gross_fen": "Gross sales\n(all stores)", "cash_fen": "Cash\n(all stores)",
            "card_fen": "Card\n(all stores)"}
    assert [overview.merchant_figures[field].text() for field in ("gross_fen", "cash_fen", "card_fen")] == [
        "￥500.00", "￥300.00", "￥200.00"]


def test_the_csv_says_the_days_are_this_terminals_and_the_cashiers_every_terminals(qtbot: QtBot, tmp_path: Path,
                                                                                    on_t1: DashboardScreen) -> None:
    screen = on_t1
    data = exported(qtbot, screen, tmp_path / "all.csv")
    assert data.startswith(b"\xef\xbb\xbf") and b"\n" not in data.replace(b"\r\n", b"")
    assert titles(data) == ["Day by day — this terminal (T1)",
                            "By cashier — all terminals of 静安店 the ledger knows",
                            "By terminal — all terminals of 静安店 the ledger knows"]
    days, cashiers, terminals = sections(data)
    assert days[-1][:3] == ["Total", "1", "300.00"]  # this terminal's, as its title says
    assert [row[:5] for row in cashiers[2:] if row[3] != "0"] == [["静安店", "T1", CASHIER.name, "1", "300.00"],
                                                                  ["静安店", "T2", MANAGER.name, "1", "200.00"],
                                                                  ["Total — all terminals", "", "", "2", "500.00"]]
    assert cashiers[-1][5:7] == ["300.00", "200.00"]  # cash, card
    assert terminals[-1][:4] == ["Total", "", "2", "500.00"]


def test_in_chinese_the_titles_and_the_cashiers_total_are_chinese(qtbot: QtBot, till: Till, tmp_path: Path,
                                                                  chinese: None) -> None:
    first_day(till)
    ctx = owner_context(till)
    screen = dashboard(qtbot, ctx)
    screen.entered()
    shown_period(qtbot, screen, DAY_ONE, DAY_ONE)
    assert screen.overview.own.title() == "本机（T1）"
    data = exported_in_chinese(qtbot, screen, tmp_path / "日报.csv")
    assert titles(data) == ["按日 — 本机（T1）", "按收银员 — 本机（T1）"]
    assert sections(data)[1][-1][:3] == ["合计 — 本机（T1）", "2", "1284.56"]
    ctx.tasks.shutdown()


def exported_in_chinese(qtbot: QtBot, screen: DashboardScreen, path: Path) -> bytes:
    screen.export_to(path)
    qtbot.waitUntil(path.exists)
    settle(qtbot, screen.ctx)
    assert screen.message.text().startswith("已保存")
    return path.read_bytes()
