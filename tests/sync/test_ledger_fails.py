"""A ledger that answers 500 (a bug at the ledger) is not an unreachable one: `jifen sync` says the ledger was reached
but failed and whom to tell, `sync --status` says reachable but failing, the entries stay pending and go once it is
fixed, and the app's loop backs off as after a link failure. A proxy in front of a ledger it cannot reach (502, 503,
504) still says the ledger cannot be reached, naming the server in front of it. A real ledger on SQLite over TCP."""

import logging
import random
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import ledger.api
from ledger import db
from sync.relay import BACKOFF_CAP, BACKOFF_START
from tests.helpers.cli import Jifen
from tests.helpers.ledger import open_ledger
from tests.helpers.ledger_server import serve
from tests.sync.conftest import SEED, replay
from tests.sync.test_refusal_words import EN, ZH, Linked, linked, refused_in, status_line  # noqa: F401 (fixture)
from tests.sync.test_sync_waits_as_asked import run_recording, synced_store


def ingest_bug(*_args: object) -> None:
    raise KeyError("simulated ingest bug")


@pytest.fixture
def failing(linked: Linked, monkeypatch: pytest.MonkeyPatch) -> Linked:  # noqa: F811 (the fixture)
    """The linked ledger, with a bug in its batch ingest: every batch is answered 500. Its traceback, logged in this
    process, is kept off the till's stderr."""
    monkeypatch.setattr(ledger.api, "ingest", ingest_bug)
    monkeypatch.setattr(logging.getLogger("uvicorn.error"), "disabled", True)
    return linked


def test_a_ledger_that_answers_500_is_said_reached_but_failed(jifen: Jifen, failing: Linked) -> None:
    assert refused_in(jifen, EN) == (
        f"the ledger at {failing.url} was reached but failed (error 500): tell whoever runs the ledger (its log says "
        "why); every entry stays pending and sales go on")
    assert refused_in(jifen, ZH) == (
        f"已连接到总账 {failing.url}，但总账出错（错误 500）：请告知总账管理员（原因见总账的日志）；所有记录保持待同步，销售照常进行")
    status = jifen.ok("sync", "--status")
    assert (status["online"], status["link"], status["ledger_failed"], status["pending"]) == (
        False, "ledger_failed", 500, 1)
    assert status_line(jifen, EN).startswith(
        f"Ledger {failing.url}: reachable, but the ledger failed (error 500): tell whoever runs the ledger; ")
    assert status_line(jifen, ZH).startswith(f"总账 {failing.url}：可以连接，但总账出错（错误 500）：请告知总账管理员；")
    assert "offline" not in status_line(jifen, EN)


def test_the_json_refusal_of_a_failing_ledger_is_not_offline(jifen: Jifen, failing: Linked) -> None:
    run = jifen("sync", "--json")
    assert run.status == 2 and run.json["error"] == "ledger_unavailable", run


def test_the_entries_go_once_the_ledger_is_fixed(jifen: Jifen, failing: Linked,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    refused_in(jifen, EN)
    monkeypatch.undo()  # the ledger's bug fixed
    assert jifen.ok("sync")["pending"] == 0
    status = jifen.ok("sync", "--status")
    assert (status["online"], status["link"], status["ledger_failed"]) == (True, "online", None)


def test_the_apps_loop_backs_off_from_a_failing_ledger_as_from_a_link_failure(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = db.open_engine(f"sqlite:///{tmp_path / 'ledger.db'}")
    try:
        held = open_ledger(engine)
        held.merchant("m1")
        with serve(engine) as url:
            till, syncer = synced_store(held, url, tmp_path)
            monkeypatch.setattr(ledger.api, "ingest", ingest_bug)
            monkeypatch.setattr(logging.getLogger("uvicorn.error"), "disabled", True)
            pauses = run_recording(syncer, lambda pauses, stop: stop.set() if len(pauses) == 6 else None)
            status = syncer.status()
        rng = random.Random(SEED)
        assert pauses == [rng.uniform(0, min(BACKOFF_CAP, BACKOFF_START * 2 ** n)) for n in range(1, 7)], \
            replay(f"pauses {pauses}")
        assert (status.online, status.ledger_failed, status.stopped, status.pending) == (False, 500, False, 2)
        assert "was reached but failed (error 500)" in (status.last_error or "")
        till.close()
    finally:
        engine.dispose()


class Gateway(BaseHTTPRequestHandler):
    """A reverse proxy in front of a ledger it cannot reach, answering its own page with ``status``."""

    status = 502

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        page = f"<html><body><h1>{self.status}</h1><hr>nginx</body></html>".encode()
        self.send_response(self.status)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(page)))
        self.end_headers()
        self.wfile.write(page)

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def behind_a_proxy(jifen: Jifen, tmp_path: Path) -> Iterator[tuple[str, type[Gateway]]]:
    """The store connected to a ledger and synced, a sale pending; then the ledger stopped, and a proxy answering at
    its address: the address, and the proxy's handler (its ``status`` to set)."""
    engine = db.open_engine(f"sqlite:///{tmp_path / 'ledger.db'}")
    held = open_ledger(engine)
    held.merchant("m1")
    with serve(engine) as url:
        jifen.ok("ledger", "connect", url, by="boss", env={"JIFEN_LEDGER_TOKEN": held.terminal("m1", "静安店", "T1")})
        jifen.ok("sync")
        jifen.ok("sale", "--line", "general:10", by="amy")
    handler = type("AtTheLedger", (Gateway,), {})
    proxy = ThreadingHTTPServer(("127.0.0.1", int(url.rsplit(":", 1)[1])), handler)
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    try:
        yield url, handler
    finally:
        proxy.shutdown()
        proxy.server_close()
        engine.dispose()


@pytest.mark.parametrize(("status", "why", "why_zh"), [
    (502, "bad gateway: the ledger behind it does not answer", "网关错误：其后的总账没有应答"),
    (503, "service unavailable: the ledger behind it is down or overloaded", "服务不可用：其后的总账已停止或过载"),
    (504, "gateway timeout: the ledger behind it did not answer in time", "网关超时：其后的总账没有及时应答")])
def test_a_proxy_in_front_of_an_unreachable_ledger_says_it_cannot_be_reached(
        jifen: Jifen, behind_a_proxy: tuple[str, type[Gateway]], status: int, why: str, why_zh: str) -> None:
    url, proxy = behind_a_proxy
    proxy.status = status
    assert refused_in(jifen, EN) == (
        f"the ledger cannot be reached (cannot reach the ledger at {url}: the server in front of it answered {status} "
        f"({why})); every entry stays pending and sales go on")
    assert refused_in(jifen, ZH) == (
        f"无法连接总账 {url}：其前面的服务器应答 {status}（{why_zh}）；所有记录保持待同步，销售照常进行")
    said = jifen.ok("sync", "--status")
    assert (said["link"], said["ledger_failed"], said["pending"]) == ("offline", None, 1)
    assert status_line(jifen, EN).startswith(f"Ledger {url}: offline; ")


@pytest.mark.parametrize("status", [500, 522])
def test_a_page_of_a_server_in_front_of_the_ledger_is_not_the_ledger_failing(
        jifen: Jifen, behind_a_proxy: tuple[str, type[Gateway]], status: int) -> None:
    """A reverse proxy's own HTML 500 page, or a CDN's 522 (origin timed out), never reached the ledger: only a 500 in
    the ledger's own JSON is the ledger failing."""
    url, proxy = behind_a_proxy
    proxy.status = status
    assert refused_in(jifen, EN) == (
        f"the ledger cannot be reached (cannot reach the ledger at {url}: the server in front of it answered {status}); "
        "every entry stays pending and sales go on")
    assert refused_in(jifen, ZH) == f"无法连接总账 {url}：其前面的服务器应答 {status}；所有记录保持待同步，销售照常进行"
    said = jifen.ok("sync", "--status")
    assert (said["link"], said["ledger_failed"], said["pending"]) == ("offline", None, 1)
