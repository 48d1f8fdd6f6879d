"""`jifen sale` prices and records a sale in one step: the promotions are those of the day it is recorded on
(only the checkout, which shows the points before payment, keeps an earlier day's)."""

import pytest

from tests.helpers.cli import Jifen

PHONE = "13800138000"
DOUBLE_ELEVEN = '\n[[promotions]]\nname = "双十一"\nmultiplier = 200\nfrom = 2026-11-11\nuntil = 2026-11-11\n'


@pytest.mark.parametrize(("now", "earned", "day"), [("2026-11-11T23:59:59+08:00", 100, "2026-11-11"),
                                                     ("2026-11-12T00:00:01+08:00", 50, "2026-11-12")])
def test_a_sale_on_the_command_line_earns_by_the_day_it_is_recorded_on(jifen: Jifen, now: str, earned: int,
                                                                       day: str) -> None:
    jifen.rules_file.write_text(jifen.rules_file.read_text(encoding="utf-8") + DOUBLE_ELEVEN, encoding="utf-8")
    jifen.member(PHONE)
    jifen.now = now
    sale = jifen.ok("sale", "--member", PHONE, "--line", "general:100", by="amy")
    assert sale["earned_points"] == earned
    assert jifen.query("SELECT business_date FROM journal WHERE kind = 'sale'") == [(day,)]
    assert jifen.ok("member", "show", PHONE)["balance"] == 500 + earned
