"""The points outstanding after the PC's clock ran a day ahead for a while and was then put back: entries dated the
day ahead were written before later ones dated today. The Z and today's report say what members hold (every entry
written so far, whatever day it is dated); a past day's report says what they held after the last entry written
that is dated by then, which the entries dated ahead but written before it are part of."""

from tests.helpers.cli import Jifen

PHONE = "13800138000"
AHEAD, PUT_BACK = "2026-03-02T09:30:00+08:00", "2026-03-01T11:00:00+08:00"  # the store's clock starts 2026-03-01


def clock_ahead_then_put_back(jifen: Jifen, after_put_back: int | None) -> None:
    """A member (500 points on joining) on 03-01; 1,000 given while the clock said 03-02; then, the clock put back
    to 03-01, ``after_put_back`` more given (None: nothing written since)."""
    jifen.member(PHONE)
    jifen.now = AHEAD
    jifen.ok("adjust", PHONE, "--points", "1000", "--reason", "goodwill", by="boss")
    jifen.now = PUT_BACK
    if after_put_back is not None:
        jifen.ok("adjust", PHONE, "--points", str(after_put_back), "--reason", "goodwill", by="boss")


def test_the_z_says_what_members_hold(jifen: Jifen) -> None:
    clock_ahead_then_put_back(jifen, 300)
    assert jifen.balance(PHONE) == 1800 and jifen.ok("journal", "verify")["ok"]
    jifen.now = "2026-03-01T20:00:00+08:00"
    run = jifen("day", "close", by="boss")
    assert run.status == 0, str(run)
    lines = run.out.splitlines()
    assert lines[0].startswith("Z1 (2026-03-01 – 2026-03-02, entries ")  # the days its entries are dated
    assert [line.split() for line in lines if "Points outstanding" in line] == [["Points", "outstanding", "1,800"]]
    assert jifen.ok("report", "z", "1")["liability_points"] == 1800
    assert jifen.ok("report", "day")["liability_points"] == 1800


def test_today_says_what_members_hold_though_the_last_entry_is_dated_tomorrow(jifen: Jifen) -> None:
    clock_ahead_then_put_back(jifen, None)
    assert jifen.balance(PHONE) == 1500
    assert jifen.ok("report", "day")["liability_points"] == 1500
    run = jifen("report", "day")
    assert [line.split() for line in run.out.splitlines() if "Points outstanding" in line] == [
        ["Points", "outstanding", "1,500"]]


def test_days_gone_count_the_entries_dated_ahead_that_were_written_before_their_last(jifen: Jifen) -> None:
    clock_ahead_then_put_back(jifen, 300)
    jifen.now = "2026-03-04T10:00:00+08:00"
    assert jifen.ok("report", "day", "--date", "2026-02-28")["liability_points"] == 0
    # 03-01's last entry (the 300) was written after the 1,000 dated 03-02: members held 1,800 by the end of it
    assert jifen.ok("report", "day", "--date", "2026-03-01")["liability_points"] == 1800
    # and by the end of 03-02 they held no less: the 300 dated 03-01 was given before it ended
    assert jifen.ok("report", "day", "--date", "2026-03-02")["liability_points"] == 1800
    assert jifen.ok("report", "day", "--date", "2026-03-03")["liability_points"] == 1800
    assert jifen.ok("report", "day")["liability_points"] == 1800


def test_a_store_whose_clock_never_went_back_reads_each_day_as_ever(jifen: Jifen) -> None:
    jifen.member(PHONE)
    jifen.now = "2026-03-02T10:00:00+08:00"
    jifen.ok("adjust", PHONE, "--points", "1000", "--reason", "goodwill", by="boss")
    jifen.now = "2026-03-03T10:00:00+08:00"
    jifen.ok("adjust", PHONE, "--points", "300", "--reason", "goodwill", by="boss")
    held = [jifen.ok("report", "day", "--date", day)["liability_points"]
            for day in ("2026-02-28", "2026-03-01", "2026-03-02", "2026-03-03")]
    assert held == [0, 500, 1500, 1800]
