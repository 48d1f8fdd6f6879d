"""A till restored from its backup carries on after the entries only the ledger holds; if the ledger is then
restored from a backup made before it took them, those entries are held nowhere. The till says so, names them and
what waits behind them, and how to go on: never "offline", never silently. A ledger restored while it still holds
them heals by itself, as ever. A ledger on SQLite over TCP, real store files, the command line."""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from ledger import db
from tests.helpers.cli import Jifen
from tests.helpers.damage import last_seq, online_copy, overwrite_start
from tests.helpers.ledger import Ledger, open_ledger
from tests.helpers.ledger_server import serve

PHONE = "13800138000"


@dataclass
class Story:
    """The till's backup ends at ``backed_up``; the ledger's backup (``ledger_backup``) holds the till's entries up to
    ``in_ledger_backup``; the till synced up to ``synced``, then died and was restored from its backup."""

    ledger: Ledger
    file: Path
    ledger_backup: Path
    url: str
    member: str
    backed_up: int
    in_ledger_backup: int
    synced: int

    def restore_ledger(self) -> None:
        online_copy(self.ledger_backup, self.file)


@pytest.fixture
def story(jifen: Jifen, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Story]:
    """``request.param``: how many sales the till syncs after the ledger's backup (0: the backup holds them all)."""
    after_ledger_backup = getattr(request, "param", 2)
    file = tmp_path / "ledger.db"
    engine = db.open_engine(f"sqlite:///{file}")
    ledger = open_ledger(engine)
    ledger.merchant("m1")
    token = ledger.terminal("m1", "静安店", "T1")
    with serve(engine) as url:
        jifen.ok("ledger", "connect", url, by="boss", env={"JIFEN_LEDGER_TOKEN": token})
        member = jifen.member(PHONE)
        jifen.ok("sync")
        till_backup = tmp_path / "till-nightly.db"
        jifen.ok("backup", str(till_backup))
        backed_up = last_seq(jifen)
        jifen.ok("sale", "--member", PHONE, "--line", "general:100", by="amy")
        jifen.ok("sync")
        for _ in range(after_ledger_backup):
            jifen.ok("sale", "--member", PHONE, "--line", "general:1000", by="amy")
        if after_ledger_backup == 0:
            jifen.ok("sync")
        ledger_backup = tmp_path / "ledger-nightly.db"
        online_copy(file, ledger_backup)
        in_ledger_backup = last_seq(jifen) if after_ledger_backup == 0 else backed_up + 1
        assert jifen.ok("sync")["pending"] == 0
        synced = last_seq(jifen)
        overwrite_start(jifen)  # the till's disk dies: its nightly backup is restored, carrying on after the ledger
        assert jifen.ok("restore", str(till_backup), by="boss")["resumed_after"] == synced
        yield Story(ledger, file, ledger_backup, url, member, backed_up, in_ledger_backup, synced)
    engine.dispose()


def test_entries_lost_by_the_till_and_then_by_the_ledger_are_named_and_nothing_is_dropped(
        jifen: Jifen, story: Story) -> None:
    sale = jifen.ok("sale", "--member", PHONE, "--line", "general:100", by="amy")["sale_id"]
    assert sale == f"T1-{story.synced + 1}"
    assert jifen.ok("sync")["pending"] == 0
    story.restore_ledger()  # the ledger's disk dies: its nightly backup is restored

    said = jifen("sync")
    assert said.status == 2 and said.out == "" and said.err.count("\n") == 1 and "Traceback" not in said.err
    held, first, last = story.in_ledger_backup, story.in_ledger_backup + 1, story.synced
    assert said.err == (
        f"the ledger holds this terminal's entries up to {held} only, and nothing holds entries {first}–{last} any "
        "more: this store was restored from a backup that ended before them, when the ledger held them, and the "
        "ledger has since been restored from a backup made before it took them (a sale among them is numbered "
        f"T1-{first} to T1-{last} on its receipt). Entry {last + 1} here (sales {sale}) cannot be sent after them and "
        "stays pending, and syncing has stopped. To go on: if the ledger's owner has a later backup of the ledger "
        f"holding entries {first}–{last}, restoring it lets this till sync again; else, with no backup, ask the "
        "ledger's owner to register this till under a new terminal id (jifen-ledger terminal add --merchant m1 "
        "--store 静安店 --terminal NEW) and create its store with that id in a new folder (jifen init --merchant m1 "
        "--terminal NEW …), not as T1, and record those sales again there, with the sales among entries "
        f"{first}–{last} from their receipts\n")
    refused = jifen("sync", "--json")
    assert refused.status == 2 and refused.json["error"] == "ledger_refused"  # not "offline": it is not coming back
    status = jifen.ok("sync", "--status")
    assert status["pending"] == last + 1 - held and status["last_error"].startswith(
        f"the ledger holds this terminal's entries up to {held} only")
    zh = jifen("sync", env={"LANG": "zh_CN.UTF-8"}).err
    assert f"第 {first}–{last} 条记录已无处可寻" in zh and f"T1-{first} 至 T1-{last}" in zh
    assert jifen.query("SELECT count(*) FROM journal WHERE seq = ?", last + 1) == [(1,)]  # kept, not dropped


def test_a_till_restored_with_nothing_recorded_since_is_told_too(jifen: Jifen, story: Story) -> None:
    """No entry of its own waits behind the lost ones: the sync must not look whole all the same."""
    story.restore_ledger()
    said = jifen("sync", "--json")
    assert said.status == 2 and said.json["error"] == "ledger_refused"
    assert f"nothing holds entries {story.in_ledger_backup + 1}–{story.synced} any more" in said.json["message"]
    assert "Nothing recorded here since waits for them, and syncing has stopped" in said.json["message"]


@pytest.mark.parametrize("story", [0], indirect=True)
def test_a_ledger_restored_that_still_holds_what_the_till_carried_on_after_heals_by_itself(
        jifen: Jifen, story: Story) -> None:
    assert story.in_ledger_backup == story.synced
    jifen.ok("sale", "--member", PHONE, "--line", "general:100", by="amy")
    assert jifen.ok("sync")["pending"] == 0
    story.restore_ledger()
    synced = jifen.ok("sync")
    assert (synced["pushed"], synced["pending"], synced["last_error"]) == (1, 0, None)  # sent again
    assert jifen.balance(PHONE) == story.ledger.balance(story.member)
