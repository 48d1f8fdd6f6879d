"""The owner's dashboard on a real store with known sales: the figures shown, a period, the charts,
the CSV for Excel byte by byte, and every terminal's figures from a real ledger over TCP."""

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from sync.link_files import save_token
from terminal import lang, ledger_link
from terminal.bootstrap import Till
from terminal.services import refunds
from tests.helpers.ledger_server import free_port
from tests.helpers.store import CASHIER, MANAGER, hire_staff, member, move_clock, sell
from tests.ui.test_settings_support import (
    buttons_too_small,
    ledger_net,
    owner_context,
    settle,
    shown,
)
from ui.app import install_translations
from ui.context import AppContext
from ui.qt import charts, core, widgets
from ui.screens.dashboard import DashboardScreen
from ui.screens.dashboard_tables import FiguresTable

pytestmark = pytest.mark.gui

DAY_ONE, DAY_TWO = date(2026, 3, 1), date(2026, 3, 2)
POINTS_HEADER = ("Points earned,Bonus points,Points restored,Points adjusted,Points redeemed,"
                 "Points taken back")
DAY_HEADER = ("Date,Sales,Gross sales (yuan),Cash (yuan),Card (yuan),Paid with points (yuan),Refunds,Refunded (yuan),"
              f"Cash in drawer (yuan),Members served,New members,{POINTS_HEADER},Points expired,"
              "Points spent in the mall,Points outstanding")
CASHIER_HEADER = ("Cashier,Sales,Gross sales (yuan),Cash (yuan),Card (yuan),Refunds,Refunded (yuan),"
                  f"Cash in drawer (yuan),Members served,New members,{POINTS_HEADER},Points spent in the mall")


def first_day(till: Till) -> str:
    """amy registers a member (500 bonus points) and sells them ￥1,234.56 in cash (617 points);
    max sells ￥50.00 by card to someone who is not a member."""
    hire_staff(till)
    member_id = member(till, "13800138000")
    sell(till, member_id, ("general", 123456))
    sell(till, None, ("general", 5000), pay="card", cashier=MANAGER)
    return member_id


def second_day(till: Till, member_id: str) -> None:
    """The member comes back: ￥100.00, 300 points (￥3.00) off, the rest in cash (48 points)."""
    move_clock(till, "2026-03-02 11:00")
    sell(till, member_id, ("general", 10000), redeem=300)


def dashboard(qtbot: QtBot, ctx: AppContext) -> DashboardScreen:
    screen = DashboardScreen(ctx)
    shown(qtbot, screen)
    return screen


def shown_period(qtbot: QtBot, screen: DashboardScreen, start: date, end: date) -> None:
    qtbot.waitUntil(lambda: screen.figures is not None and (screen.figures.start, screen.figures.end) == (start, end))
    settle(qtbot, screen.ctx)


def figures(screen: DashboardScreen) -> dict[str, str]:
    return {field: label.text() for field, label in screen.overview.figures.items()}


def table(view: FiguresTable) -> list[list[str]]:
    return view.texts()


def exported(qtbot: QtBot, screen: DashboardScreen, path: Path) -> bytes:
    screen.export_to(path)
    qtbot.waitUntil(path.exists)
    settle(qtbot, screen.ctx)
    assert "Saved" in screen.message.text()
    return path.read_bytes()


def test_today_shows_the_days_figures_and_exports_them_for_excel(qtbot: QtBot, till: Till, tmp_path: Path) -> None:
    first_day(till)
    ctx = owner_context(till)
    screen = dashboard(qtbot, ctx)
    screen.entered()
    shown_period(qtbot, screen, DAY_ONE, DAY_ONE)
    assert figures(screen) == {
        "gross_fen": "￥1,284.56", "sales": "2", "cash_fen": "￥1,234.56", "card_fen": "￥50.00",
        "drawer_cash_fen": "￥1,234.56",
        "points_paid_fen": "￥0.00", "refunds_fen": "￥0.00", "points_earned": "617", "points_bonus": "500",
        "points_redeemed": "0", "points_expired": "0", "members_served": "1", "new_members": "1",
        "points_restored": "0", "points_reversed": "0", "points_adjusted": "0", "mall_points": "0",
        "liability_start": "0", "liability_points": "1,117 points (worth ￥11.17)",
    }
    assert table(screen.cashiers_table) == [
        ["amy", "1", "￥1,234.56", "￥1,234.56", "￥0.00", "0", "￥0.00", "￥1,234.56", "1", "1"],
        ["max", "1", "￥50.00", "￥0.00", "￥50.00", "0", "￥0.00", "￥0.00", "0", "0"],
    ]
    assert table(screen.cashier_points_table) == [["amy", "617", "500", "0", "0", "0", "0", "0"],
                                                  ["max", "0", "0", "0", "0", "0", "0", "0"]]
    assert table(screen.terminals_table) == [
        ["静安店", "T1", "2", "￥1,284.56", "￥1,234.56", "￥50.00", "￥0.00", "617", "0", "1", "1"]]
    assert "This terminal only" in screen.terminals_note.text()
    assert "Standalone" in screen.overview.health.state.text()

    data = exported(qtbot, screen, tmp_path / "今天.csv")
    assert data.startswith(b"\xef\xbb\xbf")
    text = data[3:].decode("utf-8")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    assert text.split("\r\n") == [
        "Day by day — this terminal (T1)",
        DAY_HEADER,
        "2026-03-01,2,1284.56,1234.56,50.00,0.00,0,0.00,1234.56,1,1,617,500,0,0,0,0,0,0,1117",
        "Total,2,1284.56,1234.56,50.00,0.00,0,0.00,1234.56,1,1,617,500,0,0,0,0,0,0,1117",
        "",
        "By cashier — this terminal (T1)",
        CASHIER_HEADER,
        "amy,1,1234.56,1234.56,0.00,0,0.00,1234.56,1,1,617,500,0,0,0,0,0",
        "max,1,50.00,0.00,50.00,0,0.00,0.00,0,0,0,0,0,0,0,0,0",
        "Total — this terminal (T1),2,1284.56,1234.56,50.00,0,0.00,1234.56,1,1,617,500,0,0,0,0,0",
        "",
    ]
    ctx.tasks.shutdown()


def test_a_period_adds_up_its_days_and_counts_each_member_once(qtbot: QtBot, till: Till, tmp_path: Path) -> None:
    second_day(till, first_day(till))
    ctx = owner_context(till)
    screen = dashboard(qtbot, ctx)
    screen.entered()
    shown_period(qtbot, screen, DAY_TWO, DAY_TWO)  # the clock says today is the second day
    assert figures(screen)["gross_fen"] == "￥100.00"

    screen.start.setDate(core.QDate(2026, 3, 1))
    assert screen.start.hasFocus()
    qtbot.keyClick(screen.start, core.Qt.Key.Key_Return)
    shown_period(qtbot, screen, DAY_ONE, DAY_TWO)
    shown_figures = figures(screen)
    assert (shown_figures["gross_fen"], shown_figures["cash_fen"], shown_figures["points_paid_fen"]) == \
        ("￥1,384.56", "￥1,331.56", "￥3.00")
    assert (shown_figures["sales"], shown_figures["points_earned"], shown_figures["points_redeemed"]) == ("3", "665", "300")
    assert (shown_figures["members_served"], shown_figures["new_members"]) == ("1", "1")  # the same member both days
    assert shown_figures["liability_points"] == "865 points (worth ￥8.65)"
    assert [row[:3] for row in table(screen.days_table)] == [
        ["Total", "3", "￥1,384.56"], ["2026-03-01", "2", "￥1,284.56"], ["2026-03-02", "1", "￥100.00"]]

    sales = screen.charts.sales.chart().series()[0]
    assert isinstance(sales, charts.QBarSeries)
    assert [sales.barSets()[0].at(i) for i in range(2)] == [1284.56, 100.0]
    points = screen.charts.points.chart().series()[0]
    assert isinstance(points, charts.QBarSeries)
    assert [[bar_set.at(i) for i in range(2)] for bar_set in points.barSets()] == [[1117.0, 48.0], [0.0, 300.0]]
    methods = screen.charts.methods.chart().series()[0]
    assert isinstance(methods, charts.QPieSeries)
    assert [(piece.label(), piece.value()) for piece in methods.slices()] == [
        ("Cash ￥1,331.56", 1331.56), ("Card ￥50.00", 50.0), ("Points ￥3.00", 3.0)]

    lines = exported(qtbot, screen, tmp_path / "period.csv")[3:].decode("utf-8").split("\r\n")
    assert lines[:5] == [
        "Day by day — this terminal (T1)",
        DAY_HEADER,
        "2026-03-01,2,1284.56,1234.56,50.00,0.00,0,0.00,1234.56,1,1,617,500,0,0,0,0,0,0,1117",
        "2026-03-02,1,100.00,97.00,0.00,3.00,0,0.00,97.00,1,0,48,0,0,0,300,0,0,0,865",
        "Total,3,1384.56,1331.56,50.00,3.00,0,0.00,1331.56,1,1,665,500,0,0,300,0,0,0,865",
    ]
    assert lines[8] == "amy,2,1334.56,1331.56,0.00,0,0.00,1331.56,1,1,665,500,0,0,300,0,0"
    ctx.tasks.shutdown()


def test_quick_periods_and_a_backwards_period(qtbot: QtBot, till: Till) -> None:
    second_day(till, first_day(till))
    ctx = owner_context(till)
    screen = dashboard(qtbot, ctx)
    screen.choose("yesterday")
    shown_period(qtbot, screen, DAY_ONE, DAY_ONE)
    screen.choose("month")
    shown_period(qtbot, screen, DAY_ONE, DAY_TWO)
    assert figures(screen)["sales"] == "3"
    screen.set_period(DAY_TWO, DAY_ONE)
    screen.refresh()
    assert "ends before it starts" in screen.message.text() and screen.message.objectName() == "problem"
    assert screen.figures is not None and screen.figures.end == DAY_TWO  # the figures shown stay as they were
    assert buttons_too_small(screen) == []
    settle(qtbot, ctx)
    ctx.tasks.shutdown()


def test_every_terminal_comes_from_the_ledger_and_this_one_alone_when_it_is_down(qtbot: QtBot, tmp_path: Path) -> None:
    with ledger_net(tmp_path) as net:
        here, there = net.store("T1"), net.store("T2", "徐汇店")
        token_here, token_there = net.ledger.terminal("m1", "静安店", "T1"), net.ledger.terminal("m1", "徐汇店", "T2")
        sell(there, member(there, "13900139000"), ("general", 20000), pay="card")
        net.ledger.sync(there, token_there)
        sell(here, None, ("general", 30000))
        net.connect(here, token_here).sync_once()
        sell(here, None, ("general", 777))  # not sent yet: the ledger does not know it
        ctx = owner_context(here)
        assert ctx.syncer is not None
        screen = dashboard(qtbot, ctx)
        screen.entered()
        shown_period(qtbot, screen, DAY_ONE, DAY_ONE)
        qtbot.waitUntil(lambda: screen.ledger is not None)
        assert table(screen.terminals_table) == [
            ["静安店", "T1", "1", "￥300.00", "￥300.00", "￥0.00", "￥0.00", "0", "0", "—", "0", "0"],
            ["静安店", "Subtotal", "1", "￥300.00", "￥300.00", "￥0.00", "￥0.00", "0", "0", "—", "0", "0"],
            ["徐汇店", "T2", "1", "￥200.00", "￥0.00", "￥200.00", "￥0.00", "100", "0", "—", "1", "1"],
            ["徐汇店", "Subtotal", "1", "￥200.00", "￥0.00", "￥200.00", "￥0.00", "100", "0", "—", "1", "1"],
            ["Total", "", "2", "￥500.00", "￥300.00", "￥200.00", "￥0.00", "100", "0", "0", "1", "1"],
        ]
        qtbot.waitUntil(lambda: screen.overview.health.pending.text() == "1")  # the sync status comes on its own
        assert "1 entries of this terminal still wait" in screen.terminals_note.text()
        assert screen.overview.health.state.text().startswith("Online")
        assert screen.overview.health.pending.text() == "1"
        terminal_rows = exported(qtbot, screen, tmp_path / "all.csv")[3:].decode("utf-8").split("\r\n")[-8:]
        assert terminal_rows == ['"By terminal — all terminals of 静安店, 徐汇店 the ledger knows"',
                                 ("Store,Terminal,Sales,Gross sales (yuan),Cash (yuan),Card (yuan),Refunded (yuan),"
                                  "Points earned,Points redeemed,Points expired,Members served,New members"),
                                 "静安店,T1,1,300.00,300.00,0.00,0.00,0,0,,0,0",
                                 "静安店,Subtotal,1,300.00,300.00,0.00,0.00,0,0,,0,0",
                                 "徐汇店,T2,1,200.00,0.00,200.00,0.00,100,0,,1,1",
                                 "徐汇店,Subtotal,1,200.00,0.00,200.00,0.00,100,0,,1,1",
                                 "Total,,2,500.00,300.00,200.00,0.00,100,0,0,1,1", ""]
    screen.refresh()  # the ledger has stopped
    qtbot.waitUntil(lambda: screen.ledger is not None and screen.ledger.problem == "offline", timeout=15_000)
    settle(qtbot, ctx)
    assert screen.terminals_note.text() == (f"Only this terminal is shown: cannot reach the ledger at {net.url}: "
                                            f"nothing listening on port {net.url.rsplit(':', 1)[1]}: the ledger on this computer is not running (start it: jifen-ledger serve). Check the "
                                            "network, then press Enter to try again.")
    assert table(screen.terminals_table) == [
        ["静安店", "T1", "2", "￥307.77", "￥307.77", "￥0.00", "￥0.00", "0", "0", "0", "0"]]
    ctx.tasks.shutdown()
    here.close()
    there.close()


def test_in_chinese_a_ledger_out_of_reach_is_said_in_chinese(qtbot: QtBot, till: Till, chinese: None) -> None:
    nowhere = f"http://127.0.0.1:{free_port()}"
    with till.uow() as uow:
        ledger_link.connect(uow.session, nowhere)
        uow.commit()
    save_token(till, "jt_token")
    ctx = owner_context(till)
    screen = dashboard(qtbot, ctx)
    screen.entered()
    qtbot.waitUntil(lambda: screen.ledger is not None and screen.ledger.problem == "offline", timeout=15_000)
    assert screen.terminals_note.text() == (f"仅显示本机数据：无法连接总账 {nowhere}：端口 {nowhere.rsplit(':', 1)[1]} "
                                            "上没有服务在监听：本机上的总账没有运行（请启动：jifen-ledger serve）。请检查网络，然后按 Enter 重试。")
    settle(qtbot, ctx)
    ctx.tasks.shutdown()


CHINESE = {"Date": "日期", "Sales": "笔数", "Gross sales (yuan)": "销售额（元）", "Total": "合计", "Cashier": "收银员"}


def chinese_translator(folder: Path) -> core.QTranslator:
    """A few of the dashboard's headings in Chinese, compiled by Qt's lrelease as the app's .qm is."""
    lrelease = Path(sys.executable).with_name("pyside6-lrelease")
    if not lrelease.exists():
        pytest.skip("pyside6-lrelease is not installed")
    messages = "".join(f"<message><source>{en}</source><translation>{zh}</translation></message>" for en, zh in CHINESE.items())
    source = folder / "dashboard_zh_CN.ts"
    source.write_text('<?xml version="1.0" encoding="utf-8"?><!DOCTYPE TS><TS version="2.1" language="zh_CN">'
                      f"<context><name>DashboardTables</name>{messages}</context></TS>", encoding="utf-8")
    subprocess.run([str(lrelease), str(source), "-qm", str(folder / "dashboard_zh_CN.qm")], check=True, capture_output=True)
    translator = core.QTranslator()
    assert translator.load(str(folder / "dashboard_zh_CN.qm"))
    return translator


def test_the_csv_has_chinese_headings_when_the_app_is_chinese(qtbot: QtBot, till: Till, tmp_path: Path) -> None:
    first_day(till)
    translator = chinese_translator(tmp_path)
    application = core.QCoreApplication.instance()
    assert application is not None
    application.installTranslator(translator)
    try:
        ctx = owner_context(till)
        screen = dashboard(qtbot, ctx)
        screen.entered()
        shown_period(qtbot, screen, DAY_ONE, DAY_ONE)
        lines = exported(qtbot, screen, tmp_path / "中文.csv").decode("utf-8-sig").split("\r\n")
    finally:
        application.removeTranslator(translator)
    assert lines[1].startswith("日期,笔数,销售额（元）,Cash (yuan),")
    assert lines[3].startswith("合计,2,1284.56,") and lines[6].startswith("收银员,笔数,销售额（元）,")
    ctx.tasks.shutdown()


def test_in_chinese_the_drawer_says_only_cash_given_back_comes_off_it(qtbot: QtBot, till: Till) -> None:
    """Cash sales, and a card sale refunded to the card: the drawer keeps all the cash, and its heading
    says what comes off it is cash given back, not every refund."""
    hire_staff(till)
    sell(till, None, ("general", 71680))
    card = sell(till, None, ("general", 29999), pay="card")
    refunds.record_refund(till.uow(), till.shop, CASHIER, card.sale_id, None, MANAGER)
    application = widgets.QApplication.instance()
    assert isinstance(application, widgets.QApplication)
    locale = core.QLocale()
    installed = install_translations(application, "zh")
    try:
        ctx = owner_context(till)
        screen = dashboard(qtbot, ctx)
        screen.entered()
        shown_period(qtbot, screen, DAY_ONE, DAY_ONE)
        headings = [label.text() for label in screen.overview.findChildren(widgets.QLabel)]
    finally:
        for translator in installed:
            application.removeTranslator(translator)
        lang.use(None)
        core.QLocale.setDefault(locale)
    assert (figures(screen)["drawer_cash_fen"], figures(screen)["refunds_fen"]) == ("￥716.80", "￥299.99")
    assert "钱箱现金\n（含礼品加价，减现金退款）" in headings and "退款金额" in headings
    ctx.tasks.shutdown()


def test_a_year_is_charted_by_month(qtbot: QtBot, till: Till) -> None:
    first_day(till)
    ctx = owner_context(till)
    screen = dashboard(qtbot, ctx)
    screen.resize(1024, 700)  # a half-width chart has room for five months (a narrower one labels fewer)
    screen.tabs.setCurrentWidget(screen.tabs.widget(1))  # the charts: their labels are fitted as they are laid out
    screen.set_period(date(2025, 3, 1), DAY_ONE)  # 366 days, the most there may be
    screen.refresh()
    shown_period(qtbot, screen, date(2025, 3, 1), DAY_ONE)
    qtbot.wait(100)
    sales = screen.charts.sales.chart().series()[0]
    assert isinstance(sales, charts.QBarSeries)
    months = screen.charts.sales.chart().axes(core.Qt.Orientation.Horizontal)[0]
    assert isinstance(months, charts.QCategoryAxis)
    assert months.categoriesLabels() == ["2025-03", "2025-06", "2025-09", "2025-12", "2026-03"]  # every third
    assert sales.barSets()[0].count() == 13 and sales.barSets()[0].at(12) == 1284.56 and screen.days_table.figures.rowCount() == 366 + 1  # and the total
    screen.set_period(date(2025, 2, 28), DAY_ONE)
    screen.refresh()
    assert "at most 366 days" in screen.message.text()
    settle(qtbot, ctx)
    ctx.tasks.shutdown()


def test_an_app_left_open_overnight_shows_the_new_days_figures(qtbot: QtBot, till: Till) -> None:
    """Shops leave the app open for weeks: F5 the next morning is that morning's takings, not the launch day's;
    dates typed by hand stay as typed."""
    member_id = first_day(till)
    ctx = owner_context(till)
    screen = dashboard(qtbot, ctx)
    screen.entered()
    shown_period(qtbot, screen, DAY_ONE, DAY_ONE)
    second_day(till, member_id)
    screen.entered()
    shown_period(qtbot, screen, DAY_TWO, DAY_TWO)
    assert (figures(screen)["sales"], figures(screen)["gross_fen"]) == ("1", "￥100.00")
    screen.choose("week")
    shown_period(qtbot, screen, date(2026, 2, 24), DAY_TWO)
    screen.set_period(DAY_ONE, DAY_ONE)
    screen.refresh()
    shown_period(qtbot, screen, DAY_ONE, DAY_ONE)
    move_clock(till, "2026-03-03 09:00")
    screen.entered()
    shown_period(qtbot, screen, DAY_ONE, DAY_ONE)
    assert figures(screen)["sales"] == "2"
    ctx.tasks.shutdown()


def test_a_screen_reader_is_told_what_each_figure_field_and_table_is(qtbot: QtBot, till: Till) -> None:
    first_day(till)
    ctx = owner_context(till)
    screen = dashboard(qtbot, ctx)
    screen.entered()
    shown_period(qtbot, screen, DAY_ONE, DAY_ONE)
    overview = screen.overview
    said = {field: label.accessibleName() for field, label in overview.figures.items()}
    assert said == {field: heading.text().replace("\n", " ") for field, heading in overview.headings.items()}
    assert said["gross_fen"] == "Gross sales" and said["points_earned"] == "Points earned"
    assert said["liability_points"] == "Points outstanding at the end (what members hold)"
    assert all(label.accessibleName() for label in screen.mall.figures.values())
    assert [screen.mall.top_table.accessibleName(), screen.mall.low_table.accessibleName()] == [
        "Most exchanged gifts (top 5)", "Stock running low (5 or fewer left)"]
    assert (screen.start.accessibleName(), screen.end.accessibleName()) == ("From", "to")
    assert [view.accessibleName() for view in (screen.days_table, screen.points_days_table, screen.cashiers_table,
                                               screen.cashier_points_table, screen.terminals_table)] == [
        "Day by day", "Points by day", "Per cashier", "Points per cashier", "Per terminal"]
    settle(qtbot, ctx)
    ctx.tasks.shutdown()
