"""A batch the ledger takes only the start of: the entries after a gap are held (not taken), and the till keeps them
pending, says why, and sends them again once the ledger holds what was missing; at the end the ledger holds every
entry of the till exactly once. How a real till sends such a batch: restored from its nightly backup it carries on
after the entries only the ledger held; the ledger is then restored from a backup older than the till's, so the till
sends again its entries up to its backup's end (taken) and those after the gap (held: nothing holds the gap). The
ledger's owner restores a later backup holding the gap, and the till sends the rest.

The command line against a real ledger over TCP, on SQLite and on PostgreSQL."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.cli import Jifen
from tests.helpers.damage import last_seq, overwrite_start
from tests.helpers.ledger import Ledger, check_books
from tests.helpers.ledger_backups import Served, held_entries, served_with_backups
from tests.ledger.conftest import ledger, pg_cluster  # noqa: F401  (the ledger on SQLite and on PostgreSQL)

PHONE = "13800138000"


@pytest.fixture
def served(ledger: Ledger, tmp_path: Path) -> Iterator[Served]:  # noqa: F811
    with served_with_backups(ledger, tmp_path / "ledger-backups") as it:
        yield it



def test_entries_held_after_a_gap_stay_pending_and_are_sent_again_when_the_ledger_holds_the_gap(
        jifen: Jifen, served: Served, tmp_path: Path) -> None:
    token = served.ledger.terminal("m1", "静安店", "T1")
    jifen.ok("ledger", "connect", served.url, by="boss", env={"JIFEN_LEDGER_TOKEN": token})
    member = jifen.member(PHONE)
    jifen.ok("sale", "--member", PHONE, "--line", "general:1000", by="amy")
    jifen.ok("sync")
    old = served.backups.take("old")  # the ledger's backup from before the till's own
    in_old = last_seq(jifen)
    for amount in (2000, 3000):
        jifen.ok("sale", "--member", PHONE, "--line", f"general:{amount}", by="amy")
    jifen.ok("sync")
    till_backup = tmp_path / "till-nightly.db"
    jifen.ok("backup", str(till_backup))
    backed_up = last_seq(jifen)
    for amount in (4000, 5000):
        jifen.ok("sale", "--member", PHONE, "--line", f"general:{amount}", by="amy")
    assert jifen.ok("sync")["pending"] == 0
    synced = last_seq(jifen)
    later = served.backups.take("later")  # holds every entry up to `synced`
    overwrite_start(jifen)  # the till's disk dies: its backup is restored, carrying on after the ledger's last
    assert jifen.ok("restore", str(till_backup), by="boss")["resumed_after"] == synced
    after = [jifen.ok("sale", "--member", PHONE, "--line", f"general:{amount}", by="amy")["sale_id"]
             for amount in (600, 700)]
    assert jifen.ok("sync")["pending"] == 0
    head = last_seq(jifen)
    assert head == synced + 2 and in_old < backed_up < synced

    served.backups.restore(old)  # the ledger's disk dies: its older backup is restored
    said = jifen("sync")  # sends in one batch its entries in_old+1..backed_up (taken) and synced+1.. (held)
    assert said.status == 2 and said.out == "" and said.err == (
        f"the ledger holds this terminal's entries up to {backed_up} only, and nothing holds entries "
        f"{backed_up + 1}–{synced} any more: this store was restored from a backup that ended before them, when the "
        "ledger held them, and the ledger has since been restored from a backup made before it took them (a sale "
        f"among them is numbered T1-{backed_up + 1} to T1-{synced} on its receipt). Entries {synced + 1}–{head} here "
        f"(sales {after[0]}, {after[1]}) cannot be sent after them and stay pending, and syncing has stopped. To go "
        f"on: if the ledger's owner has a later backup of the ledger holding entries {backed_up + 1}–{synced}, "
        "restoring it lets this till sync again; else, with no backup, ask the ledger's owner to register this till "
        "under a new terminal id (jifen-ledger terminal add --merchant m1 --store 静安店 --terminal NEW) and create "
        "its store with that id in a new folder (jifen init --merchant m1 --terminal NEW …), not as T1, and record "
        f"those sales again there, with the sales among entries {backed_up + 1}–{synced} from their receipts\n")
    assert held_entries(served.ledger) == list(range(1, backed_up + 1))  # the start taken, the rest held back
    status = jifen.ok("sync", "--status")
    assert status["pending"] == head - backed_up and status["last_error"].startswith(
        f"the ledger holds this terminal's entries up to {backed_up} only")

    served.backups.restore(later)  # the ledger's owner finds the later backup
    synced_again = jifen.ok("sync")
    assert (synced_again["pending"], synced_again["last_error"]) == (0, None)
    assert held_entries(served.ledger) == list(range(1, head + 1))  # every entry, each once
    assert jifen.ok("sync")["pushed"] == 0
    assert served.ledger.balance(member) == jifen.balance(PHONE)
    check_books(served.ledger)
