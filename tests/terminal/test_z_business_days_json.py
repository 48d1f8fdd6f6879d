"""A Z's JSON names the business days it holds (``from_date``, ``to_date``) beside the day it was closed (``date``):
a Z closed just after midnight holds the day before too, a close missed and done the next day holds only the day
before, and a Z holding only points that expired holds the day they expired, as the day reports count them. The
heading of `report z` names the same days."""

from tests.helpers.cli import Jifen

PHONE = "13800138000"


def _days(z: dict[str, object]) -> tuple[object, object, object]:
    return z["date"], z["from_date"], z["to_date"]


def test_a_z_closed_after_midnight_holds_the_day_before_and_that_day(jifen: Jifen) -> None:
    jifen.ok("day", "close", by="boss")  # Z1: the store's start
    jifen.now = "2026-03-05T23:50:00+08:00"
    jifen.ok("sale", "--line", "general:100", by="amy")
    jifen.now = "2026-03-06T00:01:00+08:00"
    jifen.ok("sale", "--line", "general:50", by="amy")
    jifen.now = "2026-03-06T00:05:00+08:00"

    closed = jifen.ok("day", "close", by="boss")
    assert _days(closed) == ("2026-03-06", "2026-03-05", "2026-03-06")
    assert closed["gross_fen"] == 15000
    assert _days(jifen.ok("report", "z", str(closed["z"]))) == ("2026-03-06", "2026-03-05", "2026-03-06")


def test_a_late_close_holds_only_the_day_it_missed(jifen: Jifen) -> None:
    jifen.ok("day", "close", by="boss")
    jifen.now = "2026-03-07T11:00:00+08:00"
    jifen.ok("sale", "--line", "general:383", by="amy")
    jifen.now = "2026-03-08T08:30:00+08:00"

    closed = jifen.ok("day", "close", by="boss")
    assert _days(closed) == ("2026-03-08", "2026-03-07", "2026-03-07")
    assert _days(jifen.ok("report", "z", str(closed["z"]))) == ("2026-03-08", "2026-03-07", "2026-03-07")
    assert jifen("report", "z", str(closed["z"]), env={"LANG": "C.UTF-8"}).out.startswith("Z2 (2026-03-07, ")
    assert jifen.ok("report", "day", "--date", "2026-03-07")["gross_fen"] == closed["gross_fen"]


def test_a_z_of_expired_points_only_holds_the_day_they_expired(jifen: Jifen) -> None:
    jifen.member(PHONE)  # points given in 2026 run out after 2027-12-31
    jifen.ok("day", "close", by="boss")
    jifen.now = "2028-01-03T10:00:00+08:00"

    closed = jifen.ok("day", "close", by="boss")
    assert closed["points_expired"] > 0
    assert _days(closed) == ("2028-01-03", "2028-01-01", "2028-01-01")
    assert jifen.ok("report", "day", "--date", "2028-01-01")["points_expired"] == closed["points_expired"]
