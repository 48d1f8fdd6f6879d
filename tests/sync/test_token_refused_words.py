"""What a till says when the ledger refuses its token. Revoked (403: installer/README.md step 10): the ledger revoked
this terminal, what was recorded here since its last sync stays here and is not sent, and its owner re-admits it
only if that was a mistake, else sets the counter up as a new terminal; never "ask for a new token". An unknown
token (401: replaced, or a ledger restored from a backup made before it) asks for a new token and a connect, and
`sync --status` does not read as all sent: what the ledger holds of the till's entries is unknown until then. A ledger
on SQLite over TCP, its own command line, the till's command line."""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from ledger import db
from ledger.models import Terminal
from ledger.service import skip_changes
from tests.helpers.cli import Jifen
from tests.helpers.damage import online_copy
from tests.helpers.ledger import Ledger, ledger_cli, open_ledger
from tests.helpers.ledger_server import serve

ASK_FOR_A_NEW_TOKEN = "ask the ledger's owner for a new token and run jifen ledger connect"


@dataclass
class Linked:
    ledger: Ledger
    engine: Engine
    url: str
    file: Path

    def run(self, *words: str) -> str:
        status, said = ledger_cli(f"sqlite:///{self.file}")(*words)
        assert status == 0, said
        return said

    def held_of(self, terminal: str) -> int:
        with self.ledger.session() as s:
            return int(s.scalar(select(Terminal.last_seq).where(Terminal.terminal_id == terminal)) or 0)


@pytest.fixture
def linked(jifen: Jifen, tmp_path: Path) -> Iterator[Linked]:
    """The store (m1 / 静安店 / T1) connected to a ledger served over TCP, and synced once."""
    file = tmp_path / "ledger.db"
    engine = db.open_engine(f"sqlite:///{file}")
    ledger = open_ledger(engine)
    ledger.merchant("m1")
    with serve(engine) as url:
        jifen.ok("ledger", "connect", url, by="boss", env={"JIFEN_LEDGER_TOKEN": ledger.terminal("m1", "静安店", "T1")})
        jifen.ok("sync")
        yield Linked(ledger, engine, url, file)
    engine.dispose()


def _sell(jifen: Jifen, sales: int) -> None:
    for _ in range(sales):
        jifen.ok("sale", "--line", "general:10", by="amy")


def test_a_revoked_till_is_told_the_ledger_revoked_it_and_that_its_sales_stay_here(
        jifen: Jifen, linked: Linked) -> None:
    _sell(jifen, 2)
    linked.run("terminal", "revoke", "--merchant", "m1", "--terminal", "T1")
    held = linked.held_of("T1")

    run = jifen("sync")
    assert run.status == 2 and run.out == ""
    assert run.err == (
        "the ledger has revoked terminal T1 (this terminal's token has been revoked): the 2 entries recorded here since "
        "its last sync stay here and are not sent. Tell the ledger's owner: if it was revoked by mistake, they re-admit "
        "it with jifen-ledger terminal token --merchant m1 --terminal T1, and jifen ledger connect URL here takes the "
        "new token; else this counter is set up as a new terminal (installer/README.md step 10: jifen-ledger terminal "
        "add --merchant m1 --store 静安店 --terminal NEW, then jifen init --merchant m1 --terminal NEW … in a new store "
        "folder)\n")
    assert jifen.refused("sync") == "ledger_refused"
    zh = jifen("sync", env={"LANG": "zh_CN.UTF-8"}).err
    assert zh.startswith("总账已吊销终端 T1：本机自上次同步以来记录的 2 条记录留在"
                         "本机，不会发送。请告知总账管理员：如系误操作吊销，可用 jifen-ledger terminal token --merchant m1 "
                         "--terminal T1 重新启用本终端"), zh
    assert "新令牌并重新连接" not in zh and "新编号" in zh
    assert linked.held_of("T1") == held  # nothing of them reached the ledger

    status = jifen.ok("sync", "--status")
    assert (status["pending"], status["token_refused"], status["ledger_holds_known"]) == (2, "revoked", False)
    text = jifen("sync", "--status").out
    assert "; 2 entries unsent here (what the ledger holds is unknown); " in text
    assert ("\n! The ledger has revoked terminal T1: what it holds of this till's entries is unknown, and what is "
            "recorded here is not sent. Tell the ledger's owner: if it was revoked by mistake") in text
    assert ASK_FOR_A_NEW_TOKEN not in text

    token = (jifen.home / "ledger.token").read_text(encoding="ascii").strip()
    connect = jifen("ledger", "connect", linked.url, by="boss", env={"JIFEN_LEDGER_TOKEN": token})
    assert connect.status == 2 and connect.err.startswith(
        "the ledger has revoked terminal T1 (this terminal's token has been revoked): the 2 entries recorded here since "
        "its last sync stay here and are not sent. Tell the ledger's owner: ") and ASK_FOR_A_NEW_TOKEN not in connect.err


def test_a_revoked_till_with_nothing_waiting_is_told_nothing_from_now_on_is_sent(jifen: Jifen, linked: Linked) -> None:
    linked.run("terminal", "revoke", "--merchant", "m1", "--terminal", "T1")
    err = jifen("sync").err
    assert err.startswith("the ledger has revoked terminal T1 (this terminal's token has been revoked): nothing "
                          "recorded here is waiting, but nothing recorded from now on is sent. Tell the ledger's owner")


def test_an_unknown_token_still_asks_for_a_new_token_and_a_connect(jifen: Jifen, linked: Linked) -> None:
    _sell(jifen, 1)
    linked.run("terminal", "token", "--merchant", "m1", "--terminal", "T1")  # replaced: the till's is unknown now
    err = jifen("sync").err
    assert err == ("the ledger refused this terminal's token (unknown or missing terminal token); every entry stays "
                   f"pending: {ASK_FOR_A_NEW_TOKEN}\n")
    assert jifen("sync", env={"LANG": "zh_CN.UTF-8"}).err == (
        "总账不认识本终端的令牌（令牌已换发，或总账由较早的备份恢复）；所有记录保持待同步：请向总账管理员申请新令牌并重新连接\n")


def test_after_a_ledger_restore_refused_the_token_status_does_not_read_as_all_sent(
        jifen: Jifen, linked: Linked) -> None:
    """The ledger's backup holds the till's first entries and its first token; the till then took a new token and
    sent three sales more, and the ledger was restored from that backup."""
    backup = linked.file.with_name("nightly.db")
    online_copy(linked.file, backup)
    before = linked.held_of("T1")
    token = linked.run("terminal", "token", "--merchant", "m1", "--terminal", "T1").splitlines()[0]
    jifen.ok("ledger", "connect", linked.url, by="boss", env={"JIFEN_LEDGER_TOKEN": token})
    _sell(jifen, 3)
    assert jifen.ok("sync")["pending"] == 0
    sent = jifen.entries()
    online_copy(backup, linked.file)  # the restore: entries 4–6 (after the backup) are gone, with the new token
    linked.ledger.do(skip_changes)
    assert linked.held_of("T1") == before == sent - 3

    assert jifen.refused("sync") == "ledger_refused"
    status = jifen.ok("sync", "--status")
    assert (status["pending"], status["link"], status["token_refused"], status["ledger_holds_known"]) == (
        0, "refused", "unknown", False)
    text = jifen("sync", "--status").out
    assert "0 entries pending" not in text
    assert "; 0 entries unsent here (what the ledger holds is unknown); " in text
    assert ("\n! The ledger refused this till's token at the last sync, so what it holds of this till's entries is "
            "unknown (a ledger restored from a backup may hold fewer than it took) until the till is connected again: "
            f"{ASK_FOR_A_NEW_TOKEN}\n") in text
    zh = jifen("sync", "--status", env={"LANG": "zh_CN.UTF-8"}).out
    assert "待同步 0 条" not in zh and "本机未发送 0 条（总账所存情况不明）" in zh

    token = linked.run("terminal", "token", "--merchant", "m1", "--terminal", "T1").splitlines()[0]
    jifen.ok("ledger", "connect", linked.url, by="boss", env={"JIFEN_LEDGER_TOKEN": token})
    synced = jifen.ok("sync")
    assert (synced["pushed"], synced["token_refused"], synced["ledger_holds_known"]) == (3, None, True)
    assert linked.held_of("T1") == sent
    assert "; 0 entries pending; " in jifen("sync", "--status").out


def test_a_wrong_token_at_connect_says_nothing_was_connected(jifen: Jifen, linked: Linked) -> None:
    _sell(jifen, 1)
    wrong = {"JIFEN_LEDGER_TOKEN": "not-the-token"}
    said = jifen("ledger", "connect", linked.url, by="boss", env=wrong)
    assert said.status == 2 and said.err == ("the ledger refused this token (unknown or missing terminal token): "
                                             "nothing was connected; check the token (as typed, or in "
                                             "$JIFEN_LEDGER_TOKEN)\n")
    said_zh = jifen("ledger", "connect", linked.url, by="boss", env={**wrong, "LANG": "zh_CN.UTF-8"})
    assert said_zh.err == "总账不认识本终端的令牌：未连接总账；请核对令牌（输入的，或 $JIFEN_LEDGER_TOKEN 中的）\n"
