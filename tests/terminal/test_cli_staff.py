"""`jifen cashier list|pin|unlock|deactivate|reactivate|role` on a real store: the staff listed, PINs changed
(your own with your PIN now; a manager a cashier's; an owner anyone's, another owner's too), a lockout lifted,
someone who left deactivated (no login, no approval, their sales keep their name; never the last owner),
roles changed by an owner. Each change is journaled with who made it; a refusal stores nothing."""

import re
from datetime import datetime

from terminal.journal import format_instant
from tests.helpers.cli import Jifen
from tests.helpers.lockout import SHANGHAI, lock_ends, real_now


def lock_out(jifen: Jifen, name: str) -> None:
    for _ in range(5):
        jifen("shift", "open", "--cashier", name, env={"JIFEN_PIN": "0000"})


def journaled(jifen: Jifen, kind: str) -> list[tuple[str, str]]:
    """(who did it, payload) of each entry of ``kind``; the chain stays intact, and the kind travels to the
    ledger (the wire protocol takes kinds of 1 to 16 letters)."""
    assert re.fullmatch(r"[a-z_]{1,16}", kind)
    assert jifen.ok("journal", "verify")["ok"]
    return [(actor, payload) for actor, payload in
            jifen.query("SELECT actor, payload FROM journal WHERE kind = ? ORDER BY seq", kind)]


def test_the_list_says_each_ones_role_and_who_is_locked_out_or_deactivated(jifen: Jifen) -> None:
    before = real_now()
    lock_out(jifen, "amy")
    ends = lock_ends(before, real_now())
    jifen.ok("cashier", "add", "bob", "--role", "cashier", by="boss", env={"JIFEN_NEW_PIN": "3333"})
    jifen.ok("cashier", "deactivate", "bob", by="boss")
    jifen.now = "2026-03-01T10:06:00+08:00"  # the lockout goes by the real clock
    listed = jifen.ok("cashier", "list")["cashiers"]
    amys_end = listed[2].pop("locked_until")
    assert listed[2].pop("last_lockout") == {"at": "2026-03-01T02:00:00.000Z", "tried_by": None}  # at the login
    assert datetime.fromisoformat(amys_end).replace(microsecond=0) in ends and amys_end == format_instant(
        datetime.fromisoformat(amys_end))
    assert listed == [
        {"name": "boss", "role": "owner", "active": True, "locked": False, "locked_until": None, "lockouts": 0,
         "last_lockout": None},
        {"name": "max", "role": "manager", "active": True, "locked": False, "locked_until": None, "lockouts": 0,
         "last_lockout": None},
        {"name": "amy", "role": "cashier", "active": True, "locked": True, "lockouts": 1},
        {"name": "bob", "role": "cashier", "active": False, "locked": False, "locked_until": None, "lockouts": 0,
         "last_lockout": None},
    ]
    shown_end = datetime.fromisoformat(amys_end).astimezone(SHANGHAI).strftime("%H:%M:%S")
    run = jifen("cashier", "list")
    assert (run.status, run.out) == (0, ("Staff:\n  boss  owner     active\n  max   manager   active\n"
                                         f"  amy   cashier   locked until {shown_end}; locked out 1× (last 03-01 10:00, "
                                         "at the login)\n  bob   cashier   deactivated\n"))
    zh = jifen("cashier", "list", env={"LANG": "zh_CN.UTF-8"})
    assert f"  amy   收银员    锁定至 {shown_end}；被锁定 1 次（最近 03-01 10:00，在登录界面）\n" in zh.out and "  bob   收银员    已停用\n" in zh.out


def test_a_cashier_changes_their_own_pin_with_the_one_they_have(jifen: Jifen) -> None:
    assert jifen.ok("cashier", "pin", "amy", by="amy", env={"JIFEN_NEW_PIN": "5678"})["name"] == "amy"
    assert jifen.refused("shift", "open", by="amy") == "wrong_pin"  # 1111 no longer works
    assert jifen.ok("shift", "open", "--cashier", "amy", env={"JIFEN_PIN": "5678"})["cashier"] == "amy"
    assert journaled(jifen, "cashier_pin") == [("amy", '{"name":"amy"}')]  # never the PIN, nor its hash
    hashes, entries = jifen.query("SELECT name, pin_hash FROM cashiers"), jifen.entries()
    assert jifen.refused("cashier", "pin", "amy", "--cashier", "amy",
                         env={"JIFEN_PIN": "1111", "JIFEN_NEW_PIN": "9999"}) == "wrong_pin"
    assert (jifen.query("SELECT name, pin_hash FROM cashiers"), jifen.entries()) == (hashes, entries)


def test_a_manager_resets_a_cashiers_pin_and_lifts_the_lockout(jifen: Jifen) -> None:
    lock_out(jifen, "amy")
    jifen.ok("cashier", "pin", "amy", by="max", env={"JIFEN_NEW_PIN": "4321"})
    assert jifen.ok("shift", "open", "--cashier", "amy", env={"JIFEN_PIN": "4321"})["cashier"] == "amy"
    assert journaled(jifen, "cashier_pin") == [("max", '{"name":"amy"}')]


def test_an_owner_resets_a_managers_pin(jifen: Jifen) -> None:
    jifen.ok("cashier", "pin", "max", by="boss", env={"JIFEN_NEW_PIN": "7777"})
    assert jifen.ok("shift", "open", "--cashier", "max", env={"JIFEN_PIN": "7777"})["cashier"] == "max"


def test_who_may_not_reset_whose_pin(jifen: Jifen) -> None:
    jifen.ok("cashier", "add", "ann", "--role", "owner", by="boss", env={"JIFEN_NEW_PIN": "6666"})
    before = jifen.dump()
    run = jifen("cashier", "pin", "max", by="amy", env={"JIFEN_NEW_PIN": "4444"})
    assert (run.status, run.err) == (2, "a cashier cannot reset the PIN of a manager; ask an owner\n")
    run = jifen("cashier", "pin", "boss", "--cashier", "max", env={"JIFEN_PIN": "2222", "JIFEN_NEW_PIN": "4444"})
    assert (run.status, run.err) == (2, "a manager cannot reset the PIN of an owner; ask an owner\n")
    zh = jifen("cashier", "pin", "max", by="amy", env={"JIFEN_NEW_PIN": "4444", "LANG": "zh_CN.UTF-8"})
    assert zh.err == "收银员无权重置店长的密码；请找店主\n"
    assert jifen.dump() == before


def test_an_owner_resets_another_owners_pin_journaled_with_who_did_it(jifen: Jifen) -> None:
    """The shop's other owner is the way back for an owner who forgot their PIN."""
    jifen.ok("cashier", "add", "ann", "--role", "owner", by="boss", env={"JIFEN_NEW_PIN": "6666"})
    said = jifen("cashier", "pin", "boss", "--cashier", "ann", env={"JIFEN_PIN": "6666", "JIFEN_NEW_PIN": "4321"})
    assert (said.status, said.out) == (0, "boss's PIN is changed at this till; the new one works here from now on\n")
    zh = jifen("cashier", "pin", "boss", "--cashier", "ann",
               env={"JIFEN_PIN": "6666", "JIFEN_NEW_PIN": "4321", "LANG": "zh_CN.UTF-8"})
    assert zh.out == "boss 在本机的密码已修改，新密码即刻生效\n"
    assert jifen.ok("shift", "open", "--cashier", "boss", env={"JIFEN_PIN": "4321"})["cashier"] == "boss"
    assert [who for who, payload in journaled(jifen, "cashier_pin") if '"boss"' in payload] == ["ann", "ann"]


def test_a_weak_pin_is_refused_as_cashier_add_refuses_it(jifen: Jifen) -> None:
    before = jifen.dump()
    for pin in ("12", "abcd", "1234567890123"):
        run = jifen("cashier", "pin", "amy", by="boss", env={"JIFEN_NEW_PIN": pin})
        assert (run.status, run.err) == (2, "a PIN is 4 to 12 digits\n")
    assert jifen.dump() == before


def test_unlock_lets_someone_locked_out_log_in_at_once(jifen: Jifen) -> None:
    lock_out(jifen, "amy")
    assert jifen.refused("shift", "open", by="amy") == "locked"
    assert jifen.refused("cashier", "unlock", "amy", by="amy") == "locked"
    unlocked = jifen.ok("cashier", "unlock", "amy", by="max")
    assert (unlocked["locked"], unlocked["locked_until"]) == (False, None)
    assert jifen.ok("shift", "open", by="amy")["cashier"] == "amy"
    assert journaled(jifen, "cashier_unlock") == [("max", '{"name":"amy"}')]


def test_unlocking_is_refused_for_someone_not_locked_or_above_a_manager(jifen: Jifen) -> None:
    lock_out(jifen, "boss")
    before = jifen.dump()
    run = jifen("cashier", "unlock", "amy", by="max")
    assert (run.status, run.err) == (2, "amy is not locked out\n")
    run = jifen("cashier", "unlock", "boss", by="max")
    assert (run.status, run.err) == (2, "a manager cannot unlock an owner; ask an owner\n")
    assert jifen.refused("cashier", "unlock", "nobody", by="max") == "not_found"
    assert jifen.dump() == before


def test_someone_deactivated_cannot_log_in_or_approve_and_keeps_their_sales(jifen: Jifen) -> None:
    sale = jifen.ok("sale", "--line", "general:10", by="amy")["sale_id"]
    jifen.ok("cashier", "deactivate", "amy", by="max")
    jifen.ok("cashier", "deactivate", "max", by="boss")
    run = jifen("shift", "open", by="amy")
    assert (run.status, run.err) == (2, "amy has been deactivated and can no longer log in or approve\n")
    assert jifen.refused("adjust", "X", "--points", "5", "--reason", "x", by="amy", approver="max") == "forbidden"
    assert jifen.query("SELECT cashier FROM sales WHERE id = ?", sale) == [("amy",)]
    assert journaled(jifen, "cashier_disable") == [("max", '{"name":"amy"}'), ("boss", '{"name":"max"}')]
    assert jifen.ok("cashier", "reactivate", "amy", by="boss")["active"] is True
    assert jifen.ok("shift", "open", by="amy")["cashier"] == "amy"
    assert journaled(jifen, "cashier_enable") == [("boss", '{"name":"amy"}')]


def test_the_last_active_owner_cannot_be_deactivated_or_demoted(jifen: Jifen) -> None:
    before = jifen.dump()
    run = jifen("cashier", "deactivate", "boss", by="boss")
    assert (run.status, run.err) == (2, "boss is the last active owner: make someone else an owner first\n")
    assert jifen.refused("cashier", "role", "boss", "--role", "manager", by="boss") == "forbidden"
    assert jifen.refused("cashier", "deactivate", "boss", by="max") == "forbidden"
    assert jifen.refused("cashier", "deactivate", "max", by="max") == "forbidden"
    assert jifen.refused("cashier", "deactivate", "amy", by="amy") == "forbidden"
    assert jifen.dump() == before
    jifen.ok("cashier", "role", "max", "--role", "owner", by="boss")
    assert jifen.ok("cashier", "deactivate", "boss", by="max")["active"] is False


def test_only_an_owner_changes_roles(jifen: Jifen) -> None:
    before = jifen.dump()
    run = jifen("cashier", "role", "amy", "--role", "manager", by="max")
    assert (run.status, run.err) == (2, "only an owner can change roles\n")
    run = jifen("cashier", "role", "amy", "--role", "cashier", by="boss")
    assert (run.status, run.err) == (2, "amy is already a cashier\n")
    assert jifen.refused("cashier", "role", "amy", "--role", "boss", by="boss") == "bad_input"
    assert jifen.dump() == before
    run = jifen("cashier", "role", "amy", "--role", "manager", by="boss")
    assert (run.status, run.out) == (0, "amy is now a manager\n")
    member = jifen.member("13800138000")
    assert jifen.ok("adjust", member, "--points", "5", "--reason", "x", by="amy")  # a manager needs no approver
    assert journaled(jifen, "cashier_role") == [("boss", '{"name":"amy","role":"manager","was":"cashier"}')]
