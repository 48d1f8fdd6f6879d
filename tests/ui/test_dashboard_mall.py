"""The dashboard's points mall page on a real store: the period's exchanges, coupons and codes, the gifts
exchanged most (cancelled ones left out), the stock running low, and the same figures in the CSV."""

from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from terminal.bootstrap import Till
from terminal.keys import KeyFiles, load_private_key
from terminal.mall.catalog import ItemSpec
from terminal.mall.report import mall_report
from terminal.services import coupons, mall
from terminal.services.sales import SaleRequest, record_sale
from tests.helpers.store import (
    CASHIER,
    MANAGER,
    OWNER,
    hire_staff,
    member,
    move_clock,
    sell,
)
from tests.ui.test_dashboard import dashboard, exported, shown_period
from tests.ui.test_settings_support import owner_context
from ui.screens.dashboard import DashboardScreen
from ui.screens.dashboard_mall import DashboardMall

pytestmark = pytest.mark.gui
DAY_ONE, DAY_TWO = date(2026, 3, 1), date(2026, 3, 2)
MALL_HEADER = ("Gift exchanges,Points for gifts,Gift top-ups (yuan),Top-ups in cash (yuan),Top-ups by card (yuan),"
               "Exchanges cancelled,Coupons issued,Points for coupons,"
               "Coupons used,Coupon discounts (yuan),Coupons expired,Codes claimed,Points for codes")


def catalog(till: Till) -> None:
    for spec, stock in ((ItemSpec("TEA", "茶杯", "Tea cup", 100, topup_fen=500), 3),
                        (ItemSpec("PEN", "钢笔", "Pen", 50), 10),
                        (ItemSpec("C10", "十元券", "Coupon ¥10", 200, kind="coupon", value_fen=1000, min_spend_fen=5000), 4),
                        (ItemSpec("OLD", "旧货", "Old stock", 10, on_sale=False), 0),
                        (ItemSpec("MUG", "马克杯", "Mug", 10), None)):
        mall.add_item(till.uow(), till.shop, OWNER, spec, stock)


def busy_day(till: Till) -> None:
    """Two members: TEA twice (¥5.00 top-up each), PEN twice with one cancelled, a ¥10 coupon issued and
    used on a ¥60.00 sale."""
    hire_staff(till)
    catalog(till)
    first, second = member(till), member(till, "13900139000")
    for who in (first, second):
        mall.exchange_gift(till.uow(), till.shop, CASHIER, "TEA", who)
        done = mall.exchange_gift(till.uow(), till.shop, CASHIER, "PEN", who)
    mall.cancel_exchange(till.uow(), till.shop, CASHIER, done.exchange_id, MANAGER)
    key = load_private_key(KeyFiles(till.home.private_key.parent).merchant_private)
    code = coupons.issue_coupon(till.uow(), till.shop, CASHIER, key, "C10", first)["code"]
    record_sale(till.uow(), till.shop, CASHIER, SaleRequest([("general", 6000)], first, coupon=code))


def mall_page(screen: DashboardScreen) -> DashboardMall:
    return screen.mall


def test_the_mall_page_shows_the_days_figures_top_gifts_and_low_stock(qtbot: QtBot, till: Till, tmp_path: Path) -> None:
    busy_day(till)
    ctx = owner_context(till)
    screen = dashboard(qtbot, ctx)
    screen.entered()
    shown_period(qtbot, screen, DAY_ONE, DAY_ONE)
    page = mall_page(screen)
    qtbot.waitUntil(lambda: page.report is not None)
    assert [screen.tabs.tabText(i) for i in range(screen.tabs.count())][:3] == ["Overview", "Charts", "Points mall"]
    assert {field: label.text() for field, label in page.figures.items()} == {
        "exchanges": "3", "exchange_points": "250", "exchange_topup_fen": "￥10.00",
        "topup_cash_fen": "￥10.00", "topup_card_fen": "￥0.00", "exchanges_cancelled": "1",
        "coupons_issued": "1", "coupon_points": "200", "coupons_used": "1", "coupon_discount_fen": "￥10.00",
        "coupons_expired": "0", "codes_claimed": "0", "claim_points": "0",
    }
    assert page.top_table.texts() == [["Tea cup", "TEA", "2", "200"], ["Pen", "PEN", "1", "50"]]
    assert page.low_table.texts() == [["TEA", "Tea cup", "1"], ["C10", "Coupon ¥10", "3"]]  # OLD is off sale
    assert page.note.text() == "2 items are running low: order more or take them off sale."

    text = exported(qtbot, screen, tmp_path / "mall.csv")[3:].decode("utf-8")
    assert text.split("\r\n")[-15:] == [
        "",
        "Points mall — this terminal (T1)",
        MALL_HEADER,
        "3,250,10.00,10.00,0.00,1,1,200,1,10.00,0,0,0",
        "",
        "Most exchanged gifts — this terminal (T1)",
        "Gift,Item,Exchanges,Points",
        "Tea cup,TEA,2,200",
        "Pen,PEN,1,50",
        "",
        "Stock running low now — this terminal (T1)",
        "Item,Name,Stock left",
        "TEA,Tea cup,1",
        "C10,Coupon ¥10,3",
        "",
    ]
    ctx.tasks.shutdown()


def test_a_period_counts_its_own_exchanges_and_expired_coupons(qtbot: QtBot, till: Till) -> None:
    hire_staff(till)
    catalog(till)
    mall.edit_item(till.uow(), till.shop, OWNER, "C10", {"valid_days": 1})
    someone = member(till)
    key = load_private_key(KeyFiles(till.home.private_key.parent).merchant_private)
    coupons.issue_coupon(till.uow(), till.shop, CASHIER, key, "C10", someone)  # its last day is the second
    mall.exchange_gift(till.uow(), till.shop, CASHIER, "PEN", someone)
    move_clock(till, "2026-03-03 10:00")
    mall.exchange_gift(till.uow(), till.shop, CASHIER, "MUG", someone)
    sell(till, someone, ("general", 1000))
    ctx = owner_context(till)
    screen = dashboard(qtbot, ctx)
    screen.entered()
    shown_period(qtbot, screen, date(2026, 3, 3), date(2026, 3, 3))
    page = mall_page(screen)
    qtbot.waitUntil(lambda: page.report is not None and page.report.start == date(2026, 3, 3))
    assert page.top_table.texts() == [["Mug", "MUG", "1", "10"]]
    assert page.figures["coupons_expired"].text() == "0"
    screen.set_period(DAY_ONE, date(2026, 3, 3))
    screen.refresh()
    shown_period(qtbot, screen, DAY_ONE, date(2026, 3, 3))
    qtbot.waitUntil(lambda: page.report is not None and page.report.start == DAY_ONE)
    assert page.top_table.texts() == [["Pen", "PEN", "1", "50"], ["Mug", "MUG", "1", "10"]]
    assert page.figures["coupons_expired"].text() == "1" and page.figures["exchanges"].text() == "2"
    ctx.tasks.shutdown()


def test_a_shop_without_a_catalog_says_so_and_exports_no_mall_section(qtbot: QtBot, till: Till) -> None:
    ctx = owner_context(till)
    screen = dashboard(qtbot, ctx)
    screen.entered()
    shown_period(qtbot, screen, DAY_ONE, DAY_ONE)
    page = mall_page(screen)
    qtbot.waitUntil(lambda: page.report is not None)
    assert page.note.text().startswith("No gifts or coupons in the catalog yet.")
    assert page.top_table.texts() == [] and page.low_table.texts() == []
    assert page.csv_sections(DAY_ONE, DAY_ONE, screen.tables.here) == []
    assert page.csv_sections(DAY_TWO, DAY_TWO, screen.tables.here) == []  # not the period on screen
    ctx.tasks.shutdown()


def test_the_report_keeps_the_name_of_a_gift_no_longer_in_the_catalog(till: Till) -> None:
    catalog(till)
    someone = member(till)
    mall.exchange_gift(till.uow(), till.shop, CASHIER, "PEN", someone)
    with till.uow() as uow:
        uow.session.delete(uow.session.get(mall.MallItem, "PEN"))
        uow.commit()
    report = mall_report(till.reading(), DAY_ONE, DAY_ONE, top=1, threshold=3)
    assert [(g.item_id, g.name_zh, g.name_en, g.exchanges) for g in report.top_gifts] == [("PEN", "钢笔", "Pen", 1)]
    assert [(s.item_id, s.stock) for s in report.low_stock] == [("TEA", 3)]
    assert report.catalog_items == 4
