"""A member's phone and name corrected at one till reach the merchant's other tills through the ledger: after their
next sync they find the member by the new phone, no longer by the old one, and show the new name. A new phone another
member already has at a till is the ledger's two members under one phone (tests/sync/test_shared_phone.py): that
till's phone goes on finding its member, the edited one is reached by their card, and its sync says so once."""

from pathlib import Path

import pytest

from tests.helpers.cli import Jifen
from tests.helpers.ledger import Ledger
from tests.helpers.linked_tills import link, new_till

OLD, NEW = "13800138000", "13911112222"


@pytest.fixture
def tills(jifen: Jifen, ledger_url: tuple[Ledger, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
          capsys: pytest.CaptureFixture[str]) -> tuple[Jifen, Jifen]:
    """静安店's T1 (the jifen fixture) and T2, linked to one ledger."""
    ledger, url = ledger_url
    t2 = new_till(tmp_path / "t2", monkeypatch, capsys)
    link(ledger, url, (jifen, "T1"), (t2, "T2"))
    return jifen, t2


def test_the_other_till_finds_the_member_by_the_new_phone_after_its_sync(tills: tuple[Jifen, Jifen]) -> None:
    t1, t2 = tills
    someone = t1.member(OLD, "--name", "张三")
    t1.ok("sync")
    t2.ok("sync")
    assert t2.ok("member", "show", OLD)["id"] == someone
    t1.ok("member", "edit", OLD, "--phone", NEW, "--name", "张珊", by="max")
    assert t1.ok("sync")["pending"] == 0
    t2.ok("sync")
    shown = t2.ok("member", "show", NEW)
    assert (shown["id"], shown["phone"], shown["name"], shown["balance"]) == (someone, NEW, "张珊", 500)
    assert t2.refused("member", "show", OLD) == "not_found"
    assert t2.query("SELECT phone, name FROM members WHERE id = ?", someone) == [(NEW, "张珊")]
    assert t2.entries() > 0  # its journal is intact
    t1.ok("member", "edit", NEW, "--no-name", by="max")
    t1.ok("sync")
    t2.ok("sync")
    assert t2.query("SELECT phone, name FROM members WHERE id = ?", someone) == [(NEW, None)]  # PIPL: gone there too


def test_a_new_phone_another_member_has_there_is_a_phone_with_two_members(tills: tuple[Jifen, Jifen]) -> None:
    t1, t2 = tills
    someone = t1.member(OLD)
    t1.ok("sync")
    t2.ok("sync")
    other = str(t2.ok("member", "add", "--phone", NEW, by="boss")["id"])
    t2.ok("sync")  # the ledger has the other member; T1 has not heard of them yet
    t1.ok("member", "edit", someone, "--phone", NEW, by="boss")
    t1.ok("sync")
    run = t2("sync", env={"LANG": "en_US.UTF-8"})
    assert run.status == 0, str(run)
    assert [line for line in run.out.splitlines() if line.startswith("! ")] == [
        f"! The ledger has two members with phone 139****2222: {other} here and {someone} registered at another "
        "store; the owner should sort it out at the ledger (jifen-ledger report conflicts)"]
    assert t2.ok("member", "show", NEW)["id"] == other  # the phone goes on finding the member it found
    edited = t2.ok("member", "show", someone)
    assert (edited["phone"], edited["shares_phone_with"], edited["found_by_phone"]) == (NEW, [other], False)
    assert t2.refused("member", "show", OLD) == "not_found"


@pytest.mark.parametrize("first", ["T1", "T2"])
def test_a_phone_and_a_name_corrected_at_two_tills_before_they_sync_are_both_kept(tills: tuple[Jifen, Jifen],
                                                                                   first: str) -> None:
    t1, t2 = tills
    someone = t1.member(OLD, "--name", "张三")
    t1.ok("sync")
    t2.ok("sync")
    t1.ok("member", "edit", OLD, "--phone", NEW, by="max")
    t2.ok("member", "edit", OLD, "--name", "张珊", by="boss")
    order = (t1, t2) if first == "T1" else (t2, t1)
    for till in (*order, *order):
        till.ok("sync")
    assert t1.query("SELECT phone, name FROM members WHERE id = ?", someone) == [(NEW, "张珊")]
    assert t2.query("SELECT phone, name FROM members WHERE id = ?", someone) == [(NEW, "张珊")]


def test_a_name_removed_at_one_till_stays_removed_when_another_corrects_the_phone(tills: tuple[Jifen, Jifen]) -> None:
    t1, t2 = tills
    someone = t1.member(OLD, "--name", "张三")
    t1.ok("sync")
    t2.ok("sync")
    t1.ok("member", "edit", OLD, "--no-name", by="max")  # PIPL
    t2.ok("member", "edit", OLD, "--phone", NEW, by="boss")
    for till in (t1, t2, t1):
        till.ok("sync")
    assert t1.query("SELECT phone, name FROM members WHERE id = ?", someone) == [(NEW, None)]
    assert t2.query("SELECT phone, name FROM members WHERE id = ?", someone) == [(NEW, None)]
