"""`jifen sync --status` says what the last sync found of the ledger: out of reach is "offline"; a ledger that
answered with a refusal (a token renewed or revoked) is reachable and refused, with its reason; a sync this
terminal stopped itself though the ledger answered is reachable and stopped. A ledger on SQLite over TCP, the
command line."""

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine

from ledger import db, service
from tests.helpers.cli import Jifen
from tests.helpers.ledger import Ledger, open_ledger
from tests.helpers.ledger_server import free_port, serve


@dataclass
class Linked:
    ledger: Ledger
    engine: Engine
    port: int


@pytest.fixture
def linked(jifen: Jifen, tmp_path: Path) -> Iterator[Linked]:
    """The store connected to a ledger (served only inside ``serve(engine, port)``) and synced once."""
    engine = db.open_engine(f"sqlite:///{tmp_path / 'ledger.db'}")
    ledger = open_ledger(engine)
    ledger.merchant("m1")
    port = free_port()
    with serve(engine, port) as url:
        jifen.ok("ledger", "connect", url, by="boss", env={"JIFEN_LEDGER_TOKEN": ledger.terminal("m1", "静安店", "T1")})
        jifen.ok("sync")
    yield Linked(ledger, engine, port)
    engine.dispose()


def _status_line(jifen: Jifen, lang: str | None = None) -> str:
    said = jifen("sync", "--status", env={"LANG": lang} if lang else None)
    assert said.status == 0, said
    return said.out.splitlines()[0]


@pytest.mark.parametrize(("retire", "reason", "reason_zh"), [
    (service.new_token, "unknown or missing terminal token (401 unauthorized)",
     "不认识本终端的令牌（令牌已换发，或总账由较早的备份恢复）"),
    (service.revoke_terminal, "this terminal's token has been revoked (403 forbidden)", "本终端已被总账吊销"),
])
def test_a_ledger_that_refused_the_terminal_is_reachable_and_refused_not_offline(
        jifen: Jifen, linked: Linked, retire: object, reason: str, reason_zh: str) -> None:
    linked.ledger.do(lambda s: retire(s, "m1", "T1"))  # type: ignore[operator]
    with serve(linked.engine, linked.port):
        assert jifen.refused("sync") == "ledger_refused"
        line = _status_line(jifen)
        assert f"reachable, but the ledger refused: {reason}; " in line and "offline" not in line
        status = jifen.ok("sync", "--status")
        assert (status["online"], status["link"], status["refused"]) == (False, "refused", reason)
        assert f"可以连接，但总账拒绝：{reason_zh}；" in _status_line(jifen, "zh_CN.UTF-8")
    assert jifen.refused("sync") == "offline"  # and once the ledger is out of reach, it is offline again
    assert ": offline; " in _status_line(jifen) and jifen.ok("sync", "--status")["link"] == "offline"


def test_a_sync_this_terminal_stopped_though_the_ledger_answered_is_not_offline(
        jifen: Jifen, linked: Linked, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The store folder copied to a second till, both selling: the second to sync cannot send its sale."""
    twin = Jifen(tmp_path / "twin", monkeypatch, capsys)
    shutil.copytree(jifen.home, twin.home)
    for till in (jifen, twin):
        till.ok("sale", "--line", "general:10", by="amy")
    with serve(linked.engine, linked.port):
        jifen.ok("sync")
        assert twin.refused("sync") == "ledger_refused"
        line = _status_line(twin)
        assert "reachable, but syncing has stopped (the last error says why)" in line and "offline" not in line
        assert twin.ok("sync", "--status")["link"] == "stopped"
        assert "可以连接，但同步已停止（原因见上次错误）" in _status_line(twin, "zh_CN.UTF-8")
