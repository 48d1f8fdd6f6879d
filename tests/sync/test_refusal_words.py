"""What the owner sees when the ledger refuses a till's request, in the till's words: a token replaced (unknown) or
revoked, an entry changed after it was written (tampered), an entry the ledger cannot believe (bad_entry, as from a
till newer than its ledger), a batch too large for it, a request it does not understand (bad_input). In Chinese
each says what happened and what the owner does, with neither the HTTP status, the code nor the ledger's English;
the English stays the ledger's words, with a way on where there was none. `jifen sync`, `jifen sync --status` and
the app's status bar and last error; a real ledger on SQLite over TCP."""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

import ledger.api
import sync.client
from ledger import db, service
from sync.client import LedgerRefused
from sync.relay import syncer_for
from terminal import lang
from terminal.bootstrap import Till, open_till
from terminal.home import Home
from terminal.journal import Who
from terminal.services.common import record
from tests.helpers.cli import MORNING, Jifen
from tests.helpers.ledger import Ledger, open_ledger
from tests.helpers.ledger_server import serve
from tests.helpers.store import at
from tests.sync.test_tampered_entry import ChangedAfterTheCheck
from tests.ui.conftest import chinese  # noqa: F401  (the app's translations, as the app starts in Chinese)
from ui.context import StatusBus
from ui.status_bar import StatusBar

ZH = {"LANG": "zh_CN.UTF-8"}
EN = {"LANG": "en_US.UTF-8"}
NEW_TOKEN_ZH = "不认识本终端的令牌（令牌已换发，或总账由较早的备份恢复）"
OLDER_LEDGER_ZH = ("未发送的记录保持待同步，销售照常进行。请告知总账管理员：多半是总账的 jifen-ledger 版本比本机的 jifen 旧，"
                   "升级总账后再同步；如两者版本相同，请联系技术支持并告知这段话")
OLDER_LEDGER = ("what is not sent stays pending and sales go on. Tell the ledger's owner: most often the ledger runs an "
                "older jifen-ledger than this till's jifen; upgrade it, then sync again; if both run the same version, "
                "call technical support with these words")


@dataclass
class Linked:
    ledger: Ledger
    url: str
    sale: int  # the entry of the sale pending

    def till(self, jifen: Jifen) -> Till:
        """The store as the app opens it."""
        return open_till(Home(jifen.home), at(MORNING))


@pytest.fixture
def linked(jifen: Jifen, tmp_path: Path) -> Iterator[Linked]:
    """The store (m1 / 静安店 / T1) connected to a ledger served over TCP, synced once, with a sale pending."""
    engine: Engine = db.open_engine(f"sqlite:///{tmp_path / 'ledger.db'}")
    ledger = open_ledger(engine)
    ledger.merchant("m1")
    with serve(engine) as url:
        jifen.ok("ledger", "connect", url, by="boss", env={"JIFEN_LEDGER_TOKEN": ledger.terminal("m1", "静安店", "T1")})
        jifen.ok("sync")
        sale = jifen.ok("sale", "--line", "general:10", by="amy")["seq"]
        yield Linked(ledger, url, sale)
    engine.dispose()


def status_line(jifen: Jifen, env: dict[str, str]) -> str:
    said = jifen("sync", "--status", env=env)
    assert said.status == 0, said
    return said.out.splitlines()[0]


def refused_in(jifen: Jifen, env: dict[str, str]) -> str:
    """What `jifen sync` says on stderr, refused."""
    run = jifen("sync", env=env)
    assert (run.status, run.out) == (2, ""), run
    return run.err.rstrip("\n")


def app_sync(qtbot: QtBot, till: Till, changed: int | None = None) -> tuple[str, str]:
    """A round of the app's sync (in the app's language), then its status bar: its words and its tooltip.
    ``changed``: that entry is changed after the sync checked the journal, before it is sent."""
    syncer = syncer_for(till) if changed is None else ChangedAfterTheCheck(syncer_for(till), changed)
    with pytest.raises(LedgerRefused):
        syncer.sync_once()
    bar = StatusBar(StatusBus())
    qtbot.addWidget(bar)
    bar.show_sync(syncer.status())  # what the app's sync thread hands the status bar after each round
    return bar.sync_label.text(), bar.sync_label.toolTip()


def test_a_replaced_token_says_to_ask_for_a_new_one(jifen: Jifen, linked: Linked) -> None:
    linked.ledger.do(lambda s: service.new_token(s, "m1", "T1"))
    assert refused_in(jifen, ZH) == f"总账{NEW_TOKEN_ZH}；所有记录保持待同步：请向总账管理员申请新令牌并重新连接"
    assert f"：可以连接，但总账拒绝：{NEW_TOKEN_ZH}；" in status_line(jifen, ZH)
    assert refused_in(jifen, EN) == ("the ledger refused this terminal's token (unknown or missing terminal token); "
                                     "every entry stays pending: ask the ledger's owner for a new token and run jifen "
                                     "ledger connect")
    assert ": reachable, but the ledger refused: unknown or missing terminal token (401 unauthorized); " in \
        status_line(jifen, EN)
    token = (jifen.home / "ledger.token").read_text(encoding="ascii").strip()
    connect = jifen("ledger", "connect", linked.url, by="boss", env=ZH | {"JIFEN_LEDGER_TOKEN": token})
    assert connect.err == "总账不认识本终端的令牌：未连接总账；请核对令牌（输入的，或 $JIFEN_LEDGER_TOKEN 中的）\n"


@pytest.mark.gui
@pytest.mark.usefixtures("chinese")
def test_the_app_says_a_replaced_token_in_chinese(qtbot: QtBot, jifen: Jifen, linked: Linked) -> None:
    linked.ledger.do(lambda s: service.new_token(s, "m1", "T1"))
    text, tooltip = app_sync(qtbot, linked.till(jifen))
    assert text.startswith("总账拒绝了本机的令牌：")
    assert tooltip == f"总账拒绝：{NEW_TOKEN_ZH}；所有记录保持待同步：请向总账管理员申请新令牌并重新连接"


def test_a_revoked_terminal_is_told_so_without_the_ledgers_english(jifen: Jifen, linked: Linked) -> None:
    linked.ledger.do(lambda s: service.revoke_terminal(s, "m1", "T1"))
    assert refused_in(jifen, ZH).startswith("总账已吊销终端 T1：本机自上次同步以来记录的 1 条记录留在本机，不会发送。请告知总账管理员：")
    assert "：可以连接，但总账拒绝：本终端已被总账吊销；" in status_line(jifen, ZH)
    assert refused_in(jifen, EN).startswith("the ledger has revoked terminal T1 (this terminal's token has been "
                                            "revoked): the entry recorded here since its last sync stays here")
    assert ": reachable, but the ledger refused: this terminal's token has been revoked (403 forbidden); " in \
        status_line(jifen, EN)


@pytest.mark.gui
@pytest.mark.usefixtures("chinese")
def test_the_app_says_a_revoked_terminal_in_chinese(qtbot: QtBot, jifen: Jifen, linked: Linked) -> None:
    linked.ledger.do(lambda s: service.revoke_terminal(s, "m1", "T1"))
    text, tooltip = app_sync(qtbot, linked.till(jifen))
    assert text.startswith("总账已吊销本终端：")
    assert tooltip == "总账拒绝：本终端已被总账吊销；本机记录的不会再发送：请告知总账管理员；如系误操作吊销，由其为本终端换发新令牌"


def newer_entry(till: Till) -> int:
    """An entry of a kind this ledger does not know, moving points, as a newer jifen might write: the ledger refuses
    it (bad_entry) and the batch with it."""
    with till.uow() as uow:
        seq = record(uow.session, till.shop, "points_gift", Who("boss"), {"note": "a kind from a newer jifen"},
                     points_delta=5).seq
        uow.commit()
    return seq


def test_an_entry_the_ledger_cannot_believe_says_which_and_what_to_do(jifen: Jifen, linked: Linked) -> None:
    seq = newer_entry(linked.till(jifen))
    assert refused_in(jifen, ZH) == (
        f"总账拒绝：本终端的第 {seq} 条记录未通过总账的检查；总账未接收这批记录中的任何一条，同步停在这条记录，销售照常进行。"
        "请告知总账管理员：多半是总账的 jifen-ledger 版本比本机的 jifen 旧，升级总账后再同步；如两者版本相同，"
        "请联系技术支持并告知这段话")
    assert f"：可以连接，但总账拒绝：本终端的第 {seq} 条记录未通过总账的检查；" in status_line(jifen, ZH)
    assert refused_in(jifen, EN) == (
        f"the ledger refused: entry {seq}: a 'points_gift' entry cannot move points (422 bad_entry); the ledger took "
        "nothing of this batch, so syncing stops at that entry while sales go on. Tell the ledger's owner: most often "
        "the ledger runs an older jifen-ledger than this till's jifen; upgrade it, then sync again; if both run "
        "the same version, call technical support with these words")
    assert (f": reachable, but the ledger refused: entry {seq}: a 'points_gift' entry cannot move points "
            "(422 bad_entry); ") in status_line(jifen, EN)
    assert jifen.ok("sync", "--status")["pending"] == 2  # the sale before it was refused with it


@pytest.mark.gui
@pytest.mark.usefixtures("chinese")
def test_the_app_says_an_entry_the_ledger_cannot_believe_in_chinese(qtbot: QtBot, jifen: Jifen, linked: Linked) -> None:
    till = linked.till(jifen)
    seq = newer_entry(till)
    text, tooltip = app_sync(qtbot, till)
    assert text.startswith(f"总账拒绝：本终端的第 {seq} 条记录未通过总账的检查 · ")
    assert tooltip.startswith(f"总账拒绝：本终端的第 {seq} 条记录未通过总账的检查；总账未接收这批记录中的任何一条")


def test_a_batch_too_large_for_the_ledger_keeps_its_entries_and_says_to_upgrade(
        jifen: Jifen, linked: Linked, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ledger.api, "MAX_BODY", 200)  # the ledger's limit, met by the pending sale's batch
    assert refused_in(jifen, ZH) == (
        "总账拒绝：这批记录超出了总账一次接收的大小；未发送的记录保持待同步，销售照常进行。请告知总账管理员：总账的 jifen-ledger "
        "与本机的 jifen 版本可能不一致，请升级到同一版本；如两者版本相同，请联系技术支持并告知这段话")
    assert "：可以连接，但总账拒绝：这批记录超出了总账一次接收的大小；" in status_line(jifen, ZH)
    assert refused_in(jifen, EN).endswith(
        " bytes (413 too_large); what is not sent stays pending and sales go on. Tell the ledger's owner: the ledger "
        "may run another version of jifen-ledger than this till's jifen; bring both to the same version; if both run "
        "the same version, call technical support with these words")
    assert jifen.ok("sync", "--status")["pending"] == 1


def test_a_request_the_ledger_does_not_understand_says_to_upgrade_it(
        jifen: Jifen, linked: Linked, monkeypatch: pytest.MonkeyPatch) -> None:
    """As a till newer than its ledger asks for members in a shape the ledger does not know."""
    monkeypatch.setitem(sync.client._SNAPSHOT_SHAPE, "snapshot", "newest")
    assert refused_in(jifen, ZH) == f"总账拒绝：看不懂本机的请求（总账与本机的软件版本可能不一致）；{OLDER_LEDGER_ZH}"
    assert "：可以连接，但总账拒绝：看不懂本机的请求（总账与本机的软件版本可能不一致）；" in status_line(jifen, ZH)
    assert refused_in(jifen, EN) == ("the ledger refused: query.snapshot: Input should be a valid integer, unable to "
                                     f"parse string as an integer (422 bad_input); {OLDER_LEDGER}")


@pytest.mark.gui
@pytest.mark.usefixtures("chinese")
def test_the_app_says_a_request_the_ledger_does_not_understand_in_chinese(
        qtbot: QtBot, jifen: Jifen, linked: Linked, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sync.client._SNAPSHOT_SHAPE, "snapshot", "newest")
    text, tooltip = app_sync(qtbot, linked.till(jifen))
    assert text.startswith("总账拒绝：看不懂本机的请求（总账与本机的软件版本可能不一致） · ")
    assert tooltip == f"总账拒绝：看不懂本机的请求（总账与本机的软件版本可能不一致）；{OLDER_LEDGER_ZH}"


@pytest.mark.gui
@pytest.mark.usefixtures("chinese")
def test_an_entry_changed_after_it_was_written_is_said_in_chinese_in_the_app_and_the_status(
        qtbot: QtBot, jifen: Jifen, linked: Linked) -> None:
    text, tooltip = app_sync(qtbot, linked.till(jifen), changed=linked.sale)
    changed = f"本终端的第 {linked.sale} 条记录在写入后被改动（内容与哈希不符）"
    assert text.startswith(f"总账拒绝：{changed} · ")
    assert tooltip.startswith(f"总账拒收了这批记录：{changed}，总账未接收其中任何一条，同步已停止。")
    assert syncer_for(linked.till(jifen)).status().refused == changed
    lang.use("en")
    assert syncer_for(linked.till(jifen)).status().refused == (
        f"entry {linked.sale} of terminal T1 was changed after it was written (its hash does not match its content): "
        "nothing of this batch was taken, and the ledger's owner is shown it (jifen-ledger report conflicts) "
        "(422 tampered)")


def test_the_words_follow_the_readers_language_not_the_syncs(jifen: Jifen, linked: Linked) -> None:
    """A sync refused in English, its status read in Chinese: the reason is said in Chinese."""
    linked.ledger.do(lambda s: service.revoke_terminal(s, "m1", "T1"))
    refused_in(jifen, EN)
    assert "：可以连接，但总账拒绝：本终端已被总账吊销；" in status_line(jifen, ZH)
