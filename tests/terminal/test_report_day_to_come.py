"""`jifen report day --date` of a day the store has not reached yet says so under its title, as `jifen-ledger report
day` does: it has no sales, and its points outstanding are today's, not a figure of that day."""

import pytest

from tests.helpers.cli import MORNING, Jifen


def test_a_day_to_come_says_so_in_the_stores_language(jifen: Jifen, monkeypatch: pytest.MonkeyPatch) -> None:
    assert jifen.now == MORNING  # 2026-03-01 in Shanghai
    jifen.member("13800138000")
    run = jifen("report", "day", "--date", "2026-03-02")
    assert run.status == 0 and run.out.splitlines()[:2] == [
        "Day totals 2026-03-02, 静安店 / T1",
        "! This day has not come yet (it is 2026-03-01 here): nothing can have been sold on it, and the points "
        "outstanding are today's, less those that will have expired by then"]
    assert jifen.ok("report", "day", "--date", "2030-01-01")["day_to_come"] is True
    jifen.ok("sale", "--member", "13800138000", "--line", "general:1000", by="amy")
    outstanding = {day: jifen.ok("report", "day", "--date", day)["liability_points"] for day in ("2026-03-02", "2030-01-01")}
    assert outstanding == {"2026-03-02": 1000, "2030-01-01": 0}  # by 2030 all of it has expired
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    run = jifen("report", "day", "--date", "2026-03-02")
    assert run.status == 0 and run.out.splitlines()[1] == (
        "! 该日尚未到来（本店今天是 2026-03-01）：该日不可能有销售；会员持有积分为目前的数字，已扣除届时将过期的积分")


def test_today_and_the_days_before_are_days_as_ever(jifen: Jifen) -> None:
    jifen.member("13800138000")
    for words in (("report", "day"), ("report", "day", "--date", "2026-03-01"), ("report", "day", "--date", "2026-02-28")):
        assert "day_to_come" not in jifen.ok(*words)
        assert "has not come yet" not in jifen(*words).out
