"""补积分 shows in the day's figures, not only folded into the points earned: how many paid sales were given their
member afterwards and their points, overall and per cashier, in `report day` (JSON and text, English and Chinese),
the shift and the Z, and on the printed day report and Z."""

import pytest

from terminal.bootstrap import Till
from terminal.journal import Who
from terminal.services.reports import close_day
from terminal.services.sale_member import give_sale_member
from tests.helpers.cli import Jifen
from tests.helpers.store import CASHIER, OWNER, hire_staff, member, sell
from tests.printing.test_receipt_paper import paper, row

PHONE = "13800138000"


def _given(jifen: Jifen) -> None:
    jifen.member(PHONE)
    jifen.ok("shift", "open", by="amy")
    sale_id = jifen.ok("sale", "--line", "general:100", by="amy")["sale_id"]
    jifen.ok("sale", "--line", "general:50", by="amy")
    jifen.ok("sale-member", sale_id, "--member", PHONE, by="amy")


def _fields(data: dict[str, object]) -> tuple[object, object]:
    return data["sales_given_member"], data["points_given_later"]


def test_the_day_the_shift_and_the_z_count_the_sales_given_their_member(jifen: Jifen) -> None:
    _given(jifen)
    day = jifen.ok("report", "day")
    shift = jifen.ok("shift", "close", by="amy")
    z = jifen.ok("day", "close", by="boss")
    for data in (day, day["cashiers"]["amy"], shift, z, z["cashiers"]["amy"]):
        assert _fields(data) == (1, 50), data
    assert (day["sales"], day["points_earned"]) == (2, 50)


@pytest.mark.parametrize(("lang", "line", "cashier"), [
    ("C", ("  Points given to paid sales", "1 sale, +50 points"), "(points given to paid sales: 1 sale, +50 points)"),
    ("zh_CN.UTF-8", ("  补积分", "1 笔，+50 积分"), "（补积分 1 笔，+50 积分）"),
])
def test_the_day_report_says_them(jifen: Jifen, lang: str, line: tuple[str, str], cashier: str) -> None:
    _given(jifen)
    text = jifen("report", "day", env={"LANG": lang}).out
    label, figure = line
    found = [shown for shown in text.splitlines() if label in shown]
    assert found and found[0].rstrip().endswith(figure), text
    assert cashier in text, text


@pytest.mark.parametrize(("lang", "label", "figure"), [("en", "Points given to paid sales", "1 sale, +50 points"),
                                                       ("zh", "补积分", "1 笔，+50 积分")])
def test_the_printed_day_and_z_say_them(till: Till, lang: str, label: str, figure: str) -> None:
    hire_staff(till)
    m = member(till)
    sale = sell(till, None, ("general", 10000))
    give_sale_member(till.uow(), till.shop, CASHIER, sale.sale_id, m)
    day = paper(till, "day", till.shop.today().isoformat(), lang=lang)
    close_day(till.uow(), till.shop, Who(OWNER.name, OWNER.name))
    z = paper(till, "z", "1", lang=lang)
    for printed in (day, z):
        words = " ".join(printed.text.split())  # the figure beside its label or on the line below
        assert words.count(f"{label} {figure}") == 2, printed.text  # all, amy
    assert row(z, label)
