"""A lockout goes by the computer's own clock, never by $JIFEN_NOW: anyone at the command line sets that, and
moving it past a lockout's end would let them try PINs without limit (a 4-digit PIN in minutes). The end shown
is the real time in the store's zone; the lockout ends when the real clock passes it, or an unlock lifts it."""

import pytest

from tests.helpers.cli import Jifen
from tests.helpers.lockout import end_lockout, lock_ends, real_now, shown, stored_end

PHONE = "13800138000"


def approve_with(jifen: Jifen, pin: str, now: str | None = None) -> tuple[int, str]:
    """amy adjusts a member's points with max's approval, max's PIN typed as ``pin``; the exit status and stderr."""
    if now is not None:
        jifen.now = now
    run = jifen("adjust", PHONE, "--points", "1", "--reason", "x", "--cashier", "amy", "--approver", "max",
                env={"JIFEN_PIN": "1111", "JIFEN_APPROVER_PIN": pin})
    return run.status, run.err


def lock_out_max(jifen: Jifen) -> set[str]:
    """Five wrong approver PINs lock max out; when the lockout may end, as shown (HH:MM:SS in Shanghai)."""
    jifen.member(PHONE)
    for _ in range(4):
        assert approve_with(jifen, "0000")[0] == 2
    before = real_now()
    assert approve_with(jifen, "0000") == (2, "wrong PIN: max is locked for 5 minutes\n")
    return shown(lock_ends(before, real_now()))


def failed_pins(jifen: Jifen) -> int:
    return int(jifen.query("SELECT failed_pins FROM cashiers WHERE name = 'max'")[0][0])


@pytest.mark.parametrize("later", ["2026-03-01T10:05:01+08:00", "2026-03-01T10:06:00+08:00",
                                   "2099-12-31T23:00:00+08:00"])
def test_moving_jifen_now_past_the_end_of_a_lockout_does_not_lift_it(jifen: Jifen, later: str) -> None:
    ends = lock_out_max(jifen)
    end = stored_end(jifen.db, "max")
    for pin in ("0001", "0002", "2222"):  # wrong PINs are not even tried, nor the right one
        status, err = approve_with(jifen, pin, now=later)
        assert status == 2 and err.startswith("max is locked after 5 wrong PINs; try again after ")
        assert err.removeprefix("max is locked after 5 wrong PINs; try again after ").rstrip("\n") in ends
    assert (stored_end(jifen.db, "max"), failed_pins(jifen)) == (end, 5)  # the five since the last right PIN
    zh = jifen("adjust", PHONE, "--points", "1", "--reason", "x", "--cashier", "amy", "--approver", "max",
               env={"JIFEN_PIN": "1111", "JIFEN_APPROVER_PIN": "2222", "LANG": "zh_CN.UTF-8"})
    assert any(zh.err == f"max 因连续 5 次密码错误已锁定，请在 {t} 后再试\n" for t in ends), zh.err
    listed = {p["name"]: p for p in jifen.ok("cashier", "list")["cashiers"]}
    assert listed["max"]["locked"] is True


def test_a_lockout_ends_when_the_real_clock_passes_its_end_whatever_jifen_now_says(jifen: Jifen) -> None:
    lock_out_max(jifen)
    end_lockout(jifen.db, "max")  # its five minutes have passed on the computer's clock
    jifen.now = "2026-03-01T10:00:30+08:00"  # $JIFEN_NOW still within the five minutes it once went by
    assert approve_with(jifen, "2222") == (0, "")
    assert jifen.query("SELECT failed_pins, locked_until FROM cashiers WHERE name = 'max'") == [(0, None)]


def test_an_owner_unlocks_whoever_is_locked_out_at_any_jifen_now(jifen: Jifen) -> None:
    lock_out_max(jifen)
    jifen.now = "2026-03-01T10:06:00+08:00"
    assert jifen.ok("cashier", "unlock", "max", by="boss")["locked"] is False
    assert approve_with(jifen, "2222") == (0, "")


def test_a_lockout_ending_further_ahead_than_five_minutes_was_set_by_a_clock_ahead_and_is_over(jifen: Jifen) -> None:
    lock_out_max(jifen)
    jifen.query("UPDATE cashiers SET locked_until = '2099-12-31T15:00:00.000Z' WHERE name = 'max'")
    assert approve_with(jifen, "2222")[0] == 0
    assert failed_pins(jifen) == 0
