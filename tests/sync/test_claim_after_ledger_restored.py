"""The ledger's acknowledgement counts even when it is lower than the till's mark: a ledger restored from a backup
acknowledges less than it did. A till that meets it with no sync first (claiming a partner's code sends what is
pending, then asks: no `whoami` to learn where the ledger's copy ends) takes the lower mark, sends again what the
ledger lost, and the claim goes through: the member is known again, with their points. Never "offline".

The command line against a real ledger over TCP, on SQLite and on PostgreSQL."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from ledger import mall
from tests.helpers.cli import Jifen
from tests.helpers.damage import last_seq
from tests.helpers.ledger import Ledger, check_books
from tests.helpers.ledger_backups import Served, held_entries, served_with_backups
from tests.ledger.conftest import ledger, pg_cluster  # noqa: F401  (the ledger on SQLite and on PostgreSQL)

PHONE = "13800138000"


@pytest.fixture
def served(ledger: Ledger, tmp_path: Path) -> Iterator[Served]:  # noqa: F811
    with served_with_backups(ledger, tmp_path / "ledger-backups") as it:
        yield it



def test_a_claim_after_the_ledger_was_restored_sends_again_what_it_lost_and_goes_through(
        jifen: Jifen, served: Served) -> None:
    token = served.ledger.terminal("m1", "静安店", "T1")
    served.ledger.do(lambda s: mall.add_offer(s, "m1", "HOTPOT", "火锅双人餐", "海底", 100,
                                              "2000-01-01T00:00:00+08:00", "2100-01-01T00:00:00+08:00", ["A1", "A2"]))
    jifen.ok("ledger", "connect", served.url, by="boss", env={"JIFEN_LEDGER_TOKEN": token})
    jifen.ok("sale", "--line", "general:1000", by="amy")
    jifen.ok("sync")
    nightly = served.backups.take("nightly")
    in_backup = last_seq(jifen)
    member = jifen.member(PHONE)
    jifen.ok("sale", "--member", PHONE, "--line", "general:20000", by="amy")
    assert jifen.ok("sync")["pending"] == 0
    synced, points = last_seq(jifen), jifen.balance(PHONE)
    assert points > 100 and served.ledger.balance(member) == points
    assert held_entries(served.ledger) == list(range(1, synced + 1))

    served.backups.restore(nightly)  # the server's disk died: last night's backup, without the member
    assert held_entries(served.ledger) == list(range(1, in_backup + 1))
    jifen.ok("sale", "--line", "general:500", by="amy")  # pending: the claim sends it first
    got = jifen("code", "claim", "HOTPOT", "--member", PHONE, by="amy")
    assert got.status == 0 and got.err == "" and got.out == (
        f"Claimed a code of HOTPOT for 100 points: A1\n  Member {member}: balance {points - 100:,} points\n")
    assert held_entries(served.ledger) == list(range(1, synced + 2))  # what it lost, sent again, and the new sale
    assert jifen.ok("sync", "--status")["pending"] == last_seq(jifen) - (synced + 1)  # the claim, journaled since

    synced_again = jifen.ok("sync")
    assert (synced_again["pending"], synced_again["last_error"]) == (0, None)
    assert held_entries(served.ledger) == list(range(1, last_seq(jifen) + 1))
    assert served.ledger.balance(member) == jifen.balance(PHONE) == points - 100
    check_books(served.ledger)
