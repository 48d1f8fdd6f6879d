"""Lockouts after wrong PINs: each one journaled (``pin_lockout``) with whose login the PINs came from, so that a
cashier locking the owner out through the approver's PIN shows in `cashier list`; each lockout in a row waits twice
as long as the last (5, 10, 20, 40 minutes, then an hour at most); a right PIN starts the count afresh. The entry
moves no points: the day's totals ignore it."""

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from terminal.bootstrap import Till
from terminal.errors import Refused
from terminal.models import JournalEntry
from terminal.services import reports
from terminal.services.cashiers import authenticate
from terminal.services.staff import list_staff
from tests.helpers.cli import Jifen
from tests.helpers.lockout import end_lockout, lock_ends, real_now, stored_end
from tests.helpers.store import OWNER, hire_staff, move_clock


def lock_out(till: Till, name: str, by: str | None = None) -> Refused:
    """Five wrong PINs; the refusal of the fifth."""
    for _ in range(4):
        with pytest.raises(Refused):
            authenticate(till.uow(), till.shop, name, "0000", by)
    with pytest.raises(Refused) as locked:
        authenticate(till.uow(), till.shop, name, "0000", by)
    assert locked.value.code == "locked"
    return locked.value


def lockouts(till: Till) -> list[tuple[str | None, dict[str, object]]]:
    with till.reading() as uow:
        rows = uow.session.execute(select(JournalEntry.actor, JournalEntry.payload, JournalEntry.points_delta)
                                   .where(JournalEntry.kind == "pin_lockout").order_by(JournalEntry.seq))
        found = [(actor, json.loads(payload), delta) for actor, payload, delta in rows]
    assert all(delta == 0 for _a, _p, delta in found)
    return [(actor, payload) for actor, payload, _d in found]


def test_each_lockout_in_a_row_waits_twice_as_long_up_to_an_hour(till: Till) -> None:
    hire_staff(till)
    said = []
    for _ in range(6):
        said.append(lock_out(till, OWNER.name, "amy").en)
        end_lockout(till.home.db, OWNER.name)
    assert said == [f"wrong PIN: boss is locked for {m} minutes" for m in (5, 10, 20, 40, 60, 60)]
    assert [(who, p["lockout"], p["minutes"]) for who, p in lockouts(till)] == \
        [("amy", n, m) for n, m in zip(range(1, 7), (5, 10, 20, 40, 60, 60), strict=True)]


def test_the_longer_lockout_holds_by_the_real_clock(till: Till) -> None:
    hire_staff(till)
    lock_out(till, "amy")
    end_lockout(till.home.db, "amy")
    before = real_now()
    lock_out(till, "amy")
    ends = [end + timedelta(minutes=5) for end in lock_ends(before, real_now())]  # ten minutes: five more
    assert stored_end(till.home.db, "amy") in ends
    with pytest.raises(Refused) as still:
        authenticate(till.uow(), till.shop, "amy", "1111")
    assert still.value.code == "locked"


def test_a_right_pin_starts_the_count_afresh(till: Till) -> None:
    hire_staff(till)
    lock_out(till, "amy")
    end_lockout(till.home.db, "amy")
    authenticate(till.uow(), till.shop, "amy", "1111")
    assert lock_out(till, "amy").en == "wrong PIN: amy is locked for 5 minutes"
    assert [(who, p["lockout"]) for who, p in lockouts(till)] == [(None, 1), (None, 1)]  # at the login: nobody


def test_a_lockout_moves_no_totals(till: Till) -> None:
    hire_staff(till)
    before = reports.day_report(till.reading(), till.shop)
    lock_out(till, OWNER.name, "amy")
    assert reports.day_report(till.reading(), till.shop) == before


def test_a_cashier_locking_the_owner_out_as_approver_shows_in_the_list(jifen: Jifen) -> None:
    member = jifen.ok("member", "add", "--phone", "13800138000", by="boss")["id"]
    for _ in range(5):
        jifen("adjust", member, "--points", "5", "--reason", "x", "--cashier", "amy", "--approver", "boss",
              env={"JIFEN_PIN": "1111", "JIFEN_APPROVER_PIN": "0000"})
    boss = next(p for p in jifen.ok("cashier", "list")["cashiers"] if p["name"] == "boss")
    assert boss["locked"] and boss["lockouts"] == 1 and boss["last_lockout"]["tried_by"] == "amy"
    line = next(line for line in jifen("cashier", "list").out.splitlines() if line.strip().startswith("boss"))
    assert "locked out 1× (last " in line and ", PINs typed while amy was logged in)" in line
    zh = jifen("cashier", "list", env={"LANG": "zh_CN.UTF-8"}).out
    assert "被锁定 1 次（最近 " in zh and "，由 amy 登录时输入的密码）" in zh
    assert jifen.ok("journal", "verify")["ok"]


def test_the_list_counts_the_lockouts_of_the_last_30_days(till: Till) -> None:
    hire_staff(till)
    lock_out(till, "amy")
    move_clock(till, "2026-03-31 09:00")
    assert [p.lockouts for p in list_staff(till.reading(), till.shop) if p.name == "amy"] == [1]
    move_clock(till, "2026-04-01 10:01")
    amy = next(p for p in list_staff(till.reading(), till.shop) if p.name == "amy")
    assert (amy.lockouts, amy.last_lockout) == (0, None)
