"""A journal changed in the terminal's store after it was written (a sale's amount lowered with sqlite3): the next
sync finds it before sending anything and stops with journal_broken, naming the entry, in sync, sync --status, the
status bar and report day, until the journal is whole again. An entry changed after that check is refused by the
ledger (422 tampered), said in the terminal's words; the ledger's conflicts are said as what they are. A real
ledger over TCP, real store files."""

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from sync.cli import _refused
from sync.client import LedgerRefused
from sync.relay import Conflict, Syncer, describe
from terminal import ledger_link
from terminal.bootstrap import Till, init_store
from terminal.errors import Refused
from terminal.home import Home
from tests.helpers.cli import Jifen
from tests.helpers.store import OWNER, OWNER_PIN, at, move_clock, sell
from tests.ledger.test_conflicts import edit_amount, held_up_to, rows
from tests.sync.conftest import Network
from ui.context import StatusBus
from ui.status_bar import StatusBar


def broken(seq: int) -> str:
    return (f"this terminal's journal is broken at entry {seq} (content does not match its hash): it was changed after "
            "it was written, so nothing is sent to the ledger and syncing has stopped. Call the shop's owner: jifen "
            "journal verify shows the entry; restoring a backup made before the change (jifen restore FILE --cashier "
            "NAME) makes the journal whole again")


def lower(db: Path, seq: int, fen: int) -> str:
    """What the reviewer did: a sale's amount lowered in the journal (its hash left as it was) and in its sales row.
    Returns the payload as it was."""
    with closing(sqlite3.connect(db)) as conn, conn:
        was = conn.execute("SELECT payload FROM journal WHERE seq = ?", (seq,)).fetchone()[0]
        payload = json.loads(was)
        payload["lines"][0]["amount_fen"] = payload["total_fen"] = payload["paid_fen"] = fen
        conn.execute("UPDATE journal SET payload = ? WHERE seq = ?", (json.dumps(payload), seq))
        conn.execute("UPDATE sales SET total_fen = ?, paid_fen = ? WHERE seq = ?", (fen, fen, seq))
    return str(was)


def put_back(db: Path, seq: int, payload: str) -> None:
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("UPDATE journal SET payload = ? WHERE seq = ?", (payload, seq))


def test_a_synced_sale_lowered_in_the_store_stops_the_next_sync_and_report_day_warns(
        jifen: Jifen, network: Network) -> None:
    token = network.ledger.terminal("m1", "静安店", "T1")
    jifen.ok("ledger", "connect", network.url, by="boss", env={"JIFEN_LEDGER_TOKEN": token})
    big = jifen.ok("sale", "--line", "general:1000", by="amy")["seq"]
    jifen.ok("sync")
    held = held_up_to(network.ledger)
    lower(jifen.db, big, 1000)
    jifen.ok("sale", "--line", "general:20", by="amy")
    pending = jifen.ok("sync", "--status")["pending"]

    run = jifen("sync", "--json")
    assert run.status == 2 and run.json == {"error": "journal_broken", "message": broken(big)}
    assert jifen("journal", "verify", "--json").json["first_bad_seq"] == big  # the entry journal verify names
    assert held_up_to(network.ledger) == held and rows(network.ledger) == []  # nothing was sent
    status = jifen.ok("sync", "--status")
    assert (status["pending"], status["last_error"], status["journal_broken_at"]) == (pending, broken(big), big)
    said = jifen("sync", "--status").out
    assert said.startswith(f"Ledger {network.url}: stopped, the journal is broken at entry {big}; ")
    assert f"\nLast error: {broken(big)}" in said
    assert f"已停止，流水在第 {big} 条处被破坏；" in jifen("sync", "--status", env={"LANG": "zh_CN.UTF-8"}).out
    zh = jifen("sync", env={"LANG": "zh_CN.UTF-8"})
    assert zh.status == 2 and zh.err.startswith(f"本终端的流水在第 {big} 条处被破坏（内容与哈希不符）：记录写入后被改动，"
                                                "因此不向总账发送任何记录，同步已停止。请联系店主")

    assert jifen.ok("report", "day")["journal_broken_at"] == big
    assert jifen("report", "day").out.endswith(
        f"\n! The journal is broken at entry {big}: it was changed after it was written, so these totals may not be "
        "what was sold. Call the shop's owner: jifen journal verify shows the entry\n")
    assert f"! 流水在第 {big} 条处被破坏" in jifen("report", "day", env={"LANG": "zh_CN.UTF-8"}).out
    closed = jifen("day", "close", by="boss")
    assert closed.status == 0 and f"\n! The journal is broken at entry {big}: " in closed.out
    assert jifen.ok("report", "z", "1")["journal_broken_at"] == big


def test_an_unsent_sale_changed_is_caught_before_sending_by_the_syncer_the_app_keeps_until_it_is_whole_again(
        network: Network) -> None:
    till = network.store("T1")
    syncer = network.connect(till, network.ledger.terminal("m1", "静安店", "T1"))
    sell(till, None, ("general", 1000))
    syncer.sync_once()  # the day's first: the whole chain
    held = held_up_to(network.ledger)
    changed = sell(till, None, ("general", 3000)).seq
    sell(till, None, ("general", 2000))
    was = lower(till.home.db, changed, 30)

    with pytest.raises(Refused) as refused:
        syncer.sync_once()
    assert (refused.value.code, refused.value.en) == ("journal_broken", broken(changed))
    assert held_up_to(network.ledger) == held and rows(network.ledger) == []
    status = syncer.status()
    assert (status.pending, status.last_error, status.journal_broken_at, status.online) == (
        2, broken(changed), changed, False)

    put_back(till.home.db, changed, was)
    assert syncer.sync_once() == 2
    status = syncer.status()
    assert (status.pending, status.last_error, status.journal_broken_at, status.online) == (0, None, None, True)


def test_a_whole_journal_syncs_as_before_and_the_next_days_first_sync_checks_it_all_again(network: Network) -> None:
    till = network.store("T1")
    syncer = network.connect(till, network.ledger.terminal("m1", "静安店", "T1"))
    first = sell(till, None, ("general", 1000)).seq
    syncer.sync_once()
    for amount in (10, 20):
        sell(till, None, ("general", amount))
        assert syncer.sync_once() == 1
    edit_amount(till, first, 10)  # after the day's whole check, before the last acknowledged entry

    move_clock(till, "2026-03-02 09:00")
    sell(till, None, ("general", 30))
    with pytest.raises(Refused) as refused:
        syncer.sync_once()
    assert refused.value.en == broken(first)
    assert held_up_to(network.ledger) == first + 2


@pytest.mark.gui
@pytest.mark.qt_log_ignore('Detected locale "C"')
def test_the_status_bar_shows_a_broken_journal_as_a_problem_not_offline(qtbot: QtBot, network: Network) -> None:
    till = network.store("T1")
    syncer = network.connect(till, network.ledger.terminal("m1", "静安店", "T1"))
    changed = sell(till, None, ("general", 1000)).seq
    lower(till.home.db, changed, 10)
    with pytest.raises(Refused):
        syncer.sync_once()
    bar = StatusBar(StatusBus())
    qtbot.addWidget(bar)
    bar.show_sync(syncer.status())  # what the app's sync thread hands the status bar after each round
    assert bar.sync_label.text() == f"Journal broken at entry {changed} · nothing is sent · call the owner"
    assert bar.sync_label.toolTip() == broken(changed)


class ChangedAfterTheCheck(Syncer):
    """An entry changed between the check of the journal and the send: the ledger refuses it."""

    def __init__(self, syncer: Syncer, seq: int) -> None:
        super().__init__(syncer.till, syncer.client)
        self.seq = seq

    def check_journal(self) -> None:
        super().check_journal()
        edit_amount(self.till, self.seq, 30)


def test_an_entry_changed_after_the_check_is_refused_by_the_ledger_in_the_terminals_words(network: Network) -> None:
    till = network.store("T1")
    syncer = network.connect(till, network.ledger.terminal("m1", "静安店", "T1"))
    sell(till, None, ("general", 1000))
    syncer.sync_once()
    sell(till, None, ("general", 2000))
    changed = sell(till, None, ("general", 3000)).seq
    with pytest.raises(LedgerRefused) as refused:
        ChangedAfterTheCheck(syncer, changed).sync_once()
    said = _refused(refused.value)
    assert (refused.value.code, said.code) == ("tampered", "ledger_refused")
    assert said.en == describe(refused.value) == (
        f"the ledger refused the batch: entry {changed} of this terminal was changed after it was written (its hash "
        "does not match its content), so the ledger took nothing of it and syncing has stopped. Call the shop's owner: "
        "jifen journal verify shows the entry; the ledger's owner sees it in jifen-ledger report conflicts")
    assert said.zh.startswith(f"总账拒收了这批记录：本终端的第 {changed} 条记录在写入后被改动（内容与哈希不符）")
    with till.reading() as uow:
        assert ledger_link.pending_count(uow.session) == 2
        assert ledger_link.the_link(uow.session).last_error == ledger_link.stored_error((said.en, said.zh))


def t1_again(network: Network) -> Till:
    """Terminal T1 set up again in another folder: other entries under the same numbers."""
    return init_store(Home(network.root / "T1-again"), store="静安店", terminal_id="T1", merchant="m1",
                      timezone="Asia/Shanghai", owner=OWNER.name, pin=OWNER_PIN, clock=at("2026-03-01 11:00"))


def test_a_conflict_under_a_number_the_ledger_holds_says_it_holds_another_entry(network: Network) -> None:
    """`sync` finds a store that parted from the ledger first (whoami); a push meets it when the ledger does not say."""
    token = network.ledger.terminal("m1", "静安店", "T1")
    network.connect(network.store("T1"), token).sync_once()
    with pytest.raises(Conflict) as conflict:
        network.connect(t1_again(network), token).push()
    assert rows(network.ledger)[0][:2] == (1, "differs")
    said = _refused(conflict.value)
    assert said.en == describe(conflict.value) == (
        "the ledger holds another entry 1 of this terminal than this store's (the store was restored from an older "
        "backup, or changed by hand); syncing has stopped: call the shop's owner (the ledger's owner sees it in "
        "jifen-ledger report conflicts)")
    assert said.zh.startswith("总账中本终端的第 1 条记录与本店的不同")


def test_a_conflict_past_the_ledgers_last_entry_says_it_does_not_follow_it(network: Network) -> None:
    token = network.ledger.terminal("m1", "静安店", "T1")
    network.connect(network.store("T1"), token).sync_once()
    held = held_up_to(network.ledger)
    again = t1_again(network)
    syncer = network.connect(again, token)
    sell(again, None, ("general", 1000))
    with again.uow() as uow:  # as if the ledger had taken this store's first entries
        ledger_link.acknowledge(uow.session, held)
        uow.commit()
    with pytest.raises(Conflict) as conflict:
        syncer.push()
    assert rows(network.ledger)[0][:2] == (held + 1, "fork")
    assert describe(conflict.value) == (
        f"entry {held + 1} does not follow entry {held}, the last the ledger holds of this terminal (the store was "
        "restored from an older backup, or another terminal uses its token); syncing has stopped: call the shop's "
        "owner (the ledger's owner sees it in jifen-ledger report conflicts)")
    assert _refused(conflict.value).zh.startswith(f"第 {held + 1} 条记录接不上总账中本终端的最后一条（第 {held} 条）")
