"""Expired points count on the day they expired, however late the terminal gets to record them, as at the ledger:
the day after their last, or the day a refund gave them back if later. A day's report and a Z say what they will
say once `jifen expire` has run: points past their date are neither counted as held nor left out of that day's
expired points because no run has recorded them yet."""

import pytest

from tests.helpers.cli import Jifen

ZHANG, LI, WANG = "13800138000", "13900139000", "13700137000"


def day(jifen: Jifen, date: str) -> tuple[int, int]:
    report = jifen.ok("report", "day", "--date", date)
    return report["points_expired"], report["liability_points"]


def expiry_entries(jifen: Jifen) -> list[tuple[str, int]]:
    return [(date, -delta) for date, delta in jifen.query(
        "SELECT business_date, points_delta FROM journal WHERE kind = 'expire' ORDER BY seq")]


@pytest.fixture
def year_end(jifen: Jifen) -> Jifen:
    """张三 holds 600 points and 李四 500, all given in 2026 and so expiring after 2027-12-31."""
    jifen.member(ZHANG)
    jifen.member(LI)
    jifen.ok("sale", "--member", ZHANG, "--line", "general:200", by="amy")
    return jifen


def test_a_run_on_3_january_counts_the_points_on_1_january(year_end: Jifen) -> None:
    year_end.now = "2028-01-02T10:00:00+08:00"
    year_end.member(WANG)  # 500 points given on the 2nd, held until the end of 2029
    year_end.now = "2028-01-03T10:00:00+08:00"
    assert year_end.ok("expire") == {"expired_points": 1100, "members": 2}

    assert sorted(expiry_entries(year_end)) == [("2028-01-01", 500), ("2028-01-01", 600)]
    days = ("2027-12-31", "2028-01-01", "2028-01-02", "2028-01-03")
    assert [day(year_end, date) for date in days] == [(0, 1100), (1100, 0), (0, 500), (0, 500)]
    assert year_end.entries() > 0  # the chain holds with entries dated before the ones written earlier


def test_one_members_sale_weeks_later_leaves_every_day_as_the_run_will(year_end: Jifen) -> None:
    """No run at all: 张三 buys on 15 February, which records his expiry; 李四's is still unrecorded."""
    year_end.now = "2028-02-15T10:00:00+08:00"
    year_end.ok("sale", "--member", ZHANG, "--line", "general:10", by="amy")  # earns 5

    before = [day(year_end, date) for date in ("2028-01-01", "2028-02-15")]
    assert before == [(1100, 0), (0, 5)]
    assert expiry_entries(year_end) == [("2028-01-01", 600)]
    assert year_end.ok("expire") == {"expired_points": 500, "members": 1}
    assert [day(year_end, date) for date in ("2028-01-01", "2028-02-15")] == before


def test_the_z_records_what_ran_out_and_freezes_only_what_members_hold(year_end: Jifen) -> None:
    year_end.now = "2028-02-15T10:00:00+08:00"
    year_end.ok("sale", "--member", LI, "--line", "general:10", by="amy")  # earns 5

    z = year_end.ok("day", "close", by="max")
    assert (z["points_expired"], z["liability_points"]) == (1100, 5)
    assert year_end.ok("report", "z", str(z["z"]))["liability_points"] == 5
    assert expiry_entries(year_end) == [("2028-01-01", 500), ("2028-01-01", 600)]
    assert year_end.ok("expire") == {"expired_points": 0, "members": 0}


def rolling_month(jifen: Jifen) -> None:
    text = jifen.rules_file.read_text(encoding="utf-8")
    jifen.rules_file.write_text(text.replace('policy = "end_of_next_year"', 'policy = "rolling_months"')
                                .replace("months = 12 ", "months = 1 "), encoding="utf-8")


def test_a_member_with_lots_of_several_days_gets_one_entry_for_each_day(jifen: Jifen) -> None:
    rolling_month(jifen)
    jifen.member(ZHANG)  # 500 points on 03-01, their last day 04-01
    jifen.now = "2026-03-10T10:00:00+08:00"
    jifen.ok("sale", "--member", ZHANG, "--line", "general:100", by="amy")  # 50 points, their last day 04-10
    jifen.now = "2026-04-20T10:00:00+08:00"

    assert [day(jifen, date)[0] for date in ("2026-04-02", "2026-04-11", "2026-04-20")] == [500, 50, 0]
    assert jifen.ok("expire") == {"expired_points": 550, "members": 1}
    assert expiry_entries(jifen) == [("2026-04-02", 500), ("2026-04-11", 50)]
    assert [day(jifen, date) for date in ("2026-04-01", "2026-04-02", "2026-04-11")] == [(0, 550), (500, 50), (50, 0)]


def test_points_a_refund_gives_back_after_their_date_expire_on_the_day_of_the_refund(jifen: Jifen) -> None:
    rolling_month(jifen)
    jifen.member(ZHANG)  # 500 points on 03-01, their last day 04-01
    jifen.now = "2026-03-10T10:00:00+08:00"
    sale = jifen.ok("sale", "--member", ZHANG, "--line", "general:10", "--redeem", "200", by="amy")  # ¥2 off, earns 4
    jifen.now = "2026-04-05T10:00:00+08:00"
    jifen.ok("refund", sale["sale_id"], by="max")  # the 200 come back with their date, 04-01: expired
    jifen.now = "2026-04-08T10:00:00+08:00"

    assert [day(jifen, date) for date in ("2026-04-02", "2026-04-05")] == [(300, 4), (200, 0)]
    jifen.ok("expire")
    assert expiry_entries(jifen) == [("2026-04-02", 300), ("2026-04-05", 200)]
    assert [day(jifen, date) for date in ("2026-04-02", "2026-04-05")] == [(300, 4), (200, 0)]
