"""Cashiers: PINs stored only as scrypt hashes, lockout after five wrong PINs, who may do what."""

import re
import sqlite3

import pytest

from terminal.bootstrap import Till
from terminal.errors import Refused
from terminal.services.cashiers import add_cashier, authenticate
from terminal.services.staff import list_staff
from tests.helpers.lockout import end_lockout, lock_ends, real_now, shown, stored_end
from tests.helpers.store import (
    CASHIER,
    MANAGER,
    OWNER,
    OWNER_PIN,
    hire_staff,
    move_clock,
)


def login(till: Till, name: str, pin: str):  # type: ignore[no-untyped-def]
    return authenticate(till.uow(), till.shop, name, pin)


def test_pins_are_stored_only_as_salted_scrypt_hashes(till: Till) -> None:
    hire_staff(till)
    with sqlite3.connect(till.home.db) as conn:
        hashes = dict(conn.execute("SELECT name, pin_hash FROM cashiers"))
        dump = "\n".join(conn.iterdump())
    assert all(h.startswith("scrypt$16384$8$1$") for h in hashes.values())
    assert "1111" not in hashes["amy"] and "2222" not in hashes["max"]
    assert len(set(h.split("$")[4] for h in hashes.values())) == 3  # a salt each
    assert "'1111'" not in dump and "'2222'" not in dump


def test_the_right_pin_logs_in_with_the_role(till: Till) -> None:
    hire_staff(till)
    assert login(till, "amy", "1111") == CASHIER
    assert login(till, "boss", OWNER_PIN) == OWNER


def test_five_wrong_pins_lock_for_five_minutes_of_the_real_clock(till: Till) -> None:
    hire_staff(till)
    for left in (4, 3, 2, 1):
        with pytest.raises(Refused) as wrong:
            login(till, "amy", "0000")
        assert wrong.value.code == "wrong_pin" and f"{left} {'try' if left == 1 else 'tries'} left" in wrong.value.en
    before = real_now()
    with pytest.raises(Refused) as locked:
        login(till, "amy", "0000")
    ends = lock_ends(before, real_now())
    assert locked.value.code == "locked"
    assert stored_end(till.home.db, "amy") in ends
    with pytest.raises(Refused) as still:
        login(till, "amy", "1111")  # even the right PIN, while locked
    assert still.value.code == "locked"
    said = re.search(r"try again after (\d\d:\d\d:\d\d)$", still.value.en)
    assert said is not None and said[1] in shown(ends)  # the real time, in the store's zone
    end_lockout(till.home.db, "amy")
    assert login(till, "amy", "1111") == CASHIER


@pytest.mark.parametrize("later", ["2026-03-01 10:05:01", "2026-03-01 10:06", "2099-01-01 10:00"])
def test_a_lockout_outlasts_a_clock_moved_past_its_end(till: Till, later: str) -> None:
    hire_staff(till)
    for _ in range(5):
        with pytest.raises(Refused):
            login(till, "max", "0000")
    move_clock(till, later)
    for pin in ("0001", "2222"):
        with pytest.raises(Refused) as still:
            login(till, "max", pin)
        assert still.value.code == "locked" and "is locked after 5 wrong PINs; try again after" in still.value.en
    assert [s.locked_until is not None for s in list_staff(till.reading(), till.shop) if s.name == "max"] == [True]
    end_lockout(till.home.db, "max")
    assert login(till, "max", "2222") == MANAGER


def test_a_right_pin_resets_the_count(till: Till) -> None:
    hire_staff(till)
    for _ in range(4):
        with pytest.raises(Refused):
            login(till, "amy", "0000")
    login(till, "amy", "1111")
    for _ in range(4):
        with pytest.raises(Refused) as wrong:
            login(till, "amy", "0000")
        assert wrong.value.code == "wrong_pin"


def test_unknown_cashier_is_not_found(till: Till) -> None:
    with pytest.raises(Refused) as refused:
        login(till, "nobody", "1234")
    assert refused.value.code == "not_found"


@pytest.mark.parametrize("pin", ["123", "abcd", "1234567890123", ""])
def test_a_new_pin_is_4_to_12_digits(till: Till, pin: str) -> None:
    with pytest.raises(Refused) as refused:
        add_cashier(till.uow(), till.shop, OWNER, "bob", "cashier", pin)
    assert refused.value.code == "bad_input"


def test_who_may_add_whom(till: Till) -> None:
    hire_staff(till)
    add_cashier(till.uow(), till.shop, MANAGER, "bob", "cashier", "3333")
    for by, role in ((MANAGER, "manager"), (CASHIER, "cashier"), (MANAGER, "owner")):
        with pytest.raises(Refused) as refused:
            add_cashier(till.uow(), till.shop, by, "eve", role, "4444")
        assert refused.value.code == "forbidden"
    with pytest.raises(Refused) as twice:
        add_cashier(till.uow(), till.shop, OWNER, "bob", "cashier", "3333")
    assert twice.value.code == "already_exists"
