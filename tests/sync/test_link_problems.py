"""What `jifen sync` says when the link or the address is wrong: a ledger that answers a byte at a time, an
https address for a plain-http ledger, a web page at the address, a sync that fails partway, a till whose
clock is off. Every entry stays pending until the ledger takes it, once."""

import socket
import socketserver
import threading
import time
from datetime import timedelta
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self
from urllib.parse import urlsplit

import pytest
from pytestqt.qtbot import QtBot

from sync.relay import SyncStatus
from tests.helpers.cli import Jifen
from tests.helpers.fault_proxy import _read_request
from tests.helpers.ledger import Ledger
from ui.context import StatusBus
from ui.status_bar import StatusBar

PHONE = "13800138000"
DEADLINE = 3.0


class DribblingProxy:
    """Forwards each request to the ledger; the answers to requests starting with ``slow`` come back one byte
    every ``gap`` seconds (as the reviewer's proxy sent them), the others at once."""

    def __init__(self, upstream: str, slow: bytes, gap: float = 0.5) -> None:
        parts = urlsplit(upstream)
        self.upstream = (parts.hostname or "127.0.0.1", parts.port or 80)
        self.slow, self.gap = slow, gap
        self.stopping = threading.Event()
        proxy = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                try:
                    proxy.handle(self.request)
                except OSError:
                    pass  # the terminal gave up

        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(10)

    def forward(self, request: bytes) -> bytes:
        with socket.create_connection(self.upstream, timeout=30) as ledger:
            ledger.sendall(request)
            return b"".join(iter(lambda: ledger.recv(65536), b""))

    def handle(self, client: socket.socket) -> None:
        request = _read_request(client)
        if request is None:
            return
        answer = self.forward(request)
        if not request.startswith(self.slow):
            client.sendall(answer)
            return
        for byte in answer:
            if self.stopping.wait(self.gap):
                return
            client.sendall(bytes([byte]))


class OffClockProxy(DribblingProxy):
    """Forwards each request to the ledger, its answers at once with their Date moved by ``shift``: a ledger whose
    clock is off by that much (the till's own clock stays the computer's)."""

    def __init__(self, upstream: str, shift: timedelta) -> None:
        super().__init__(upstream, slow=b"")
        self.shift = shift

    def handle(self, client: socket.socket) -> None:
        request = _read_request(client)
        if request is not None:
            client.sendall(self._shifted(self.forward(request)))

    def _shifted(self, answer: bytes) -> bytes:
        head, gap, body = answer.partition(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        for at, line in enumerate(lines):
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"date":
                moved = parsedate_to_datetime(value.strip().decode("ascii")) + self.shift
                lines[at] = b"date: " + format_datetime(moved, usegmt=True).encode("ascii")
        return b"\r\n".join(lines) + gap + body


def _connected(jifen: Jifen, ledger: Ledger, url: str) -> str:
    token = ledger.terminal("m1", "静安店", "T1")
    jifen.ok("ledger", "connect", url, by="boss", env={"JIFEN_LEDGER_TOKEN": token})
    return token


def _point_at(jifen: Jifen, url: str) -> None:
    """The store's ledger address changed behind its back (as a proxy on the way would)."""
    jifen.query("UPDATE ledger_link SET url = ?", url)


def _held_by_ledger(ledger: Ledger, token: str) -> int:
    return int(ledger.get("/v1/whoami", token, held="true").json()["held_seq"])


def test_a_ledger_that_answers_a_byte_at_a_time_stops_the_sync_at_the_deadline_and_loses_nothing(
        jifen: Jifen, ledger_url: tuple[Ledger, str], monkeypatch: pytest.MonkeyPatch) -> None:
    ledger, url = ledger_url
    monkeypatch.setattr("sync.client.ANSWER_DEADLINE", DEADLINE)
    _connected(jifen, ledger, url)
    jifen.member(PHONE)
    pending = jifen.ok("sync", "--status")["pending"]
    with DribblingProxy(url, slow=b"") as proxy:
        _point_at(jifen, proxy.url)
        started = time.monotonic()
        run = jifen("sync")
        took = time.monotonic() - started
    assert took < DEADLINE + 15, f"the sync took {took:.1f} s"  # without the deadline: minutes (slack for a busy machine)
    assert run.status == 2 and run.err.startswith("the ledger cannot be reached (")
    assert f"did not answer within {DEADLINE:.0f} s" in run.err and "every entry stays pending" in run.err
    status = jifen.ok("sync", "--status")
    assert status["pending"] == pending and f"did not answer within {DEADLINE:.0f} s" in status["last_error"]


def test_a_batch_the_ledger_took_but_whose_answer_never_came_is_sent_again_and_counted_once(
        jifen: Jifen, ledger_url: tuple[Ledger, str], monkeypatch: pytest.MonkeyPatch) -> None:
    ledger, url = ledger_url
    monkeypatch.setattr("sync.client.ANSWER_DEADLINE", DEADLINE)
    token = _connected(jifen, ledger, url)
    member = jifen.member(PHONE)
    jifen.ok("sale", "--line", "general:100", "--member", PHONE, by="amy")
    pending = jifen.ok("sync", "--status")["pending"]
    with DribblingProxy(url, slow=b"POST /v1/batches") as proxy:
        _point_at(jifen, proxy.url)
        assert jifen.refused("sync") == "offline"
    assert jifen.ok("sync", "--status")["pending"] == pending
    assert _held_by_ledger(ledger, token) == jifen.entries()  # the ledger took the batch: only its answer was lost
    _point_at(jifen, url)
    again = jifen.ok("sync")
    assert (again["pushed"], again["pending"], again["last_error"]) == (pending, 0, None)
    assert ledger.balance(member) == jifen.balance(PHONE)  # the entries sent again were taken as duplicates


def test_last_success_is_the_last_sync_that_went_through_not_one_that_failed_partway(
        jifen: Jifen, ledger_url: tuple[Ledger, str], monkeypatch: pytest.MonkeyPatch) -> None:
    ledger, url = ledger_url
    monkeypatch.setattr("sync.client.ANSWER_DEADLINE", DEADLINE)
    _connected(jifen, ledger, url)
    assert jifen.ok("sync")["last_success"] == "2026-03-01T02:00:00.000Z"  # 10:00 Shanghai
    jifen.now = "2026-03-01T11:00:00+08:00"
    jifen.member(PHONE)
    with DribblingProxy(url, slow=b"GET /v1/changes") as proxy:  # the entries go, the members' changes never come
        _point_at(jifen, proxy.url)
        assert jifen.refused("sync") == "offline"
    status = jifen.ok("sync", "--status")
    assert status["pending"] == 0 and status["last_error"] is not None
    assert status["last_success"] == "2026-03-01T02:00:00.000Z"
    assert "last success 2026-03-01 10:00" in jifen("sync", "--status").out  # in the store's time zone


def test_https_to_a_plain_http_ledger_says_the_address_does_not_speak_tls(
        jifen: Jifen, ledger_url: tuple[Ledger, str]) -> None:
    ledger, url = ledger_url
    token = ledger.terminal("m1", "静安店", "T1")
    wrong = url.replace("http://", "https://")
    run = jifen("ledger", "connect", wrong, by="boss", env={"JIFEN_LEDGER_TOKEN": token})
    assert run.status == 2 and f"{wrong} does not speak TLS (https): check the address, maybe {url}" in run.err
    assert "--ca" not in run.err and "certificate" not in run.err
    assert not (jifen.home / "ledger.token").exists()


class _WebPage(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        page = b"<!doctype html><html><body>Welcome to our shop</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(page)))
        self.end_headers()
        self.wfile.write(page)

    def log_message(self, *args: object) -> None:
        pass


def test_a_web_page_at_the_address_is_not_a_ledger_rather_than_out_of_reach(jifen: Jifen) -> None:
    site = ThreadingHTTPServer(("127.0.0.1", 0), _WebPage)
    threading.Thread(target=site.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{site.server_address[1]}"
    try:
        run = jifen("ledger", "connect", url, by="boss", env={"JIFEN_LEDGER_TOKEN": "jt_token"})
        assert run.status == 2 and "cannot be reached" not in run.err
        assert f"{url} answers (HTTP 200), but it is not a jifen ledger: check the address and the path" in run.err
        assert jifen.refused("ledger", "connect", url, by="boss", env={"JIFEN_LEDGER_TOKEN": "jt_token"}) \
            == "ledger_refused"
    finally:
        site.shutdown()
        site.server_close()


def test_a_till_whose_clock_is_a_day_ahead_syncs_and_is_told_to_correct_it(
        jifen: Jifen, ledger_url: tuple[Ledger, str]) -> None:
    ledger, url = ledger_url
    jifen.now = None  # the computer's clock: a fixed $JIFEN_NOW is off on purpose, and never warned of
    _connected(jifen, ledger, url)
    jifen.ok("sale", "--line", "general:10", by="amy")
    advice = "This till's clock is 1 day ahead of the ledger's: correct the computer's date and time"
    with OffClockProxy(url, shift=-timedelta(days=1)) as proxy:
        _point_at(jifen, proxy.url)
        run = jifen("sync")
        assert run.status == 0 and "0 entries pending" in run.out and f"\n! {advice}" in run.out
        assert abs(jifen.ok("sync", "--status")["clock_ahead_seconds"] - 86400) < 60
        assert advice in jifen("sync", "--status").out
        assert "本机时钟比总账快 1 天：请校正电脑的日期和时间" in jifen("sync", "--status", env={"LANG": "zh_CN.UTF-8"}).out
        proxy.shift = timedelta(hours=3)
        assert "This till's clock is 3 hours behind the ledger's" in jifen("sync").out
        proxy.shift = timedelta()  # corrected
        assert jifen.ok("sync")["clock_ahead_seconds"] is None
        assert "clock" not in jifen("sync", "--status").out


@pytest.mark.gui
@pytest.mark.qt_log_ignore('Detected locale "C"')
def test_the_status_bar_says_the_tills_clock_is_off(qtbot: QtBot) -> None:
    bar = StatusBar(StatusBus())
    qtbot.addWidget(bar)
    bar.show_sync(SyncStatus("http://ledger", True, 2, None, None, clock_ahead=-2 * 86400))
    assert bar.sync_label.text().endswith(
        " · This till's clock is 2 days behind the ledger's: correct the computer's date and time")
    bar.show_sync(SyncStatus("http://ledger", True, 2, None, None))
    assert "clock" not in bar.sync_label.text()
