"""The dashboard's points add up: on every day of "Points by day", what members held the day before,
plus what was earned, given as a bonus, returned by refunds and adjusted, less what paid at the till,
was taken back by refunds, expired and was spent in the mall, is what they hold at the end of the day;
the overview says the same of the period, "Per cashier" shows who adjusted points, and the CSV has
the screen's columns and adds up the same way."""

from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from terminal.bootstrap import Till
from terminal.journal import Who
from terminal.mall.catalog import ItemSpec
from terminal.rules import RuleSet
from terminal.services import adjust, expiry, mall, refunds
from tests.helpers.store import (
    CASHIER,
    MANAGER,
    OWNER,
    hire_staff,
    member,
    move_clock,
    sell,
    set_rules,
)
from tests.ui.test_dashboard import dashboard, exported, figures, shown_period, table
from tests.ui.test_settings_support import owner_context
from ui.screens.dashboard_tables import FiguresTable

pytestmark = pytest.mark.gui
START, END = date(2026, 3, 31), date(2026, 4, 2)
PLUS = ("Points earned", "Bonus points", "Points restored", "Points adjusted")
LESS = ("Points redeemed", "Points taken back", "Points expired", "Points spent in the mall")
HELD = "Points outstanding"


def eventful_days(till: Till) -> None:
    """Points that run out a month after they are given. 03-01: a member joins (500 bonus points) and
    spends ￥1,000.00 (500 points). 03-31: ￥2,000.00 more (1,000 points). 04-01: a ￥100.00 sale, 300
    points off; a pen for 50 points; the manager adds 30 points by hand. 04-02: what was given on 03-01
    and not spent runs out, and that sale is refunded (the 300 points come back, those it earned go); the 300 came
    from lots whose last day was 04-01, so they come back expired: the day's expired points count them."""
    set_rules(till, RuleSet(expiry_policy="rolling_months", expiry_months=1))
    hire_staff(till)
    mall.add_item(till.uow(), till.shop, OWNER, ItemSpec("PEN", "钢笔", "Pen", 50), 10)
    someone = member(till)
    sell(till, someone, ("general", 100000))
    move_clock(till, "2026-03-31 10:00")
    sell(till, someone, ("general", 200000))
    move_clock(till, "2026-04-01 10:00")
    sale = sell(till, someone, ("general", 10000), redeem=300)
    mall.exchange_gift(till.uow(), till.shop, CASHIER, "PEN", someone)
    adjust.adjust_points(till.uow(), till.shop, MANAGER, someone, 30, "a sale the till missed")
    move_clock(till, "2026-04-02 10:00")
    expiry.expire_points(till.uow(), till.shop, Who(None))
    refunds.record_refund(till.uow(), till.shop, CASHIER, sale.sale_id, None, MANAGER)


def number(text: str) -> int:
    return int(text.replace(",", "").removesuffix(".00"))


def by_heading(headings: list[str], rows: list[list[str]]) -> list[dict[str, int | str]]:
    return [{heading: cell if heading in ("Date", "Cashier") else number(cell) for heading, cell in zip(headings, row)}
            for row in rows]


def headings(view: FiguresTable) -> list[str]:
    return [column.heading for column in view.figures.columns]


def moved(row: dict[str, int | str]) -> int:
    return sum(int(row[h]) for h in PLUS) - sum(int(row[h]) for h in LESS)


def test_each_days_points_add_up_on_screen_and_in_the_csv(qtbot: QtBot, till: Till, tmp_path: Path) -> None:
    eventful_days(till)
    ctx = owner_context(till)
    screen = dashboard(qtbot, ctx)
    screen.set_period(START, END)
    screen.refresh()
    shown_period(qtbot, screen, START, END)

    total, *days = by_heading(headings(screen.points_days_table), table(screen.points_days_table))
    assert [day["Date"] for day in days] == ["2026-03-31", "2026-04-01", "2026-04-02"]
    assert {h: total[h] for h in (*PLUS, *LESS)} == {
        "Points earned": 1058, "Bonus points": 0, "Points restored": 300, "Points adjusted": 30,
        "Points redeemed": 300, "Points taken back": 58, "Points expired": 950,
        "Points spent in the mall": 50}
    held_before = number(figures(screen)["liability_start"])
    assert held_before == 1000  # 500 + 500 on 03-01
    for day in days:
        assert held_before + moved(day) == day[HELD], day
        held_before = int(day[HELD])
    assert number(figures(screen)["liability_start"]) + moved(total) == total[HELD] == held_before
    assert figures(screen)["liability_points"].startswith(f"{held_before:,} points")

    cashiers = by_heading(headings(screen.cashier_points_table), table(screen.cashier_points_table))
    assert [(c["Cashier"], c["Points adjusted"]) for c in cashiers] == [("amy", 0), ("max", 30)]
    assert [c["Points restored"] for c in cashiers] == [300, 0]  # the cashier's refund, max approving

    lines = exported(qtbot, screen, tmp_path / "points.csv").decode("utf-8-sig").split("\r\n")[1:]  # under the title
    assert lines[0].split(",") == headings(screen.days_table) + headings(screen.points_days_table)[1:]
    csv_days = [dict(zip(lines[0].split(","), line.split(","))) for line in lines[1:5]]
    assert [row["Date"] for row in csv_days] == ["2026-03-31", "2026-04-01", "2026-04-02", "Total"]
    held_before = 1000
    for row in csv_days[:3]:
        assert held_before + moved({h: number(row[h]) for h in (*PLUS, *LESS)}) == number(row[HELD]), row
        held_before = number(row[HELD])
    assert [row["Cash in drawer (yuan)"] for row in csv_days] == ["2000.00", "97.00", "-97.00", "2000.00"]
    assert lines[6] == "By cashier — this terminal (T1)"
    assert lines[7].split(",") == headings(screen.cashiers_table) + headings(screen.cashier_points_table)[1:]
    ctx.tasks.shutdown()
