"""A TCP proxy on 127.0.0.1 that puts seeded faults between a terminal's LedgerClient and a ledger.

One request per connection: the proxy reads a whole HTTP/1.1 request, tells the ledger
``Connection: close`` and hands the client the ledger's answer (which says the same), so requests'
keep-alive pool never reuses a connection the proxy has finished with. Each request draws one fault,
in arrival order from one seeded generator, so a run that sends one request at a time replays
exactly from its seed:

- ``pass``: forwarded as it is;
- ``drop``: the client's connection is closed and the ledger never hears of it;
- ``delay``: forwarded after a pause, and answered after another;
- ``cut``: forwarded, the ledger answers (and has committed), the client gets the answer cut short;
- ``duplicate``: sent to the ledger twice, one after the other or both at once; the client gets one answer;
- ``hold``: kept back and the client's connection closed; it reaches the ledger after the next request
  (which therefore overtakes it: the terminal's retry, or newer entries, arrive first);
- ``replay``: forwarded, then an earlier batch captured on the way through is sent to the ledger again.
"""

import random
import socket
import socketserver
import threading
import time
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit

DEFAULT_WEIGHTS = {"pass": 60, "drop": 8, "delay": 8, "cut": 12, "duplicate": 8, "hold": 6, "replay": 8}


@dataclass(frozen=True)
class Plan:
    """What the proxy does with one request, drawn when it arrives."""

    fault: str
    pause: float = 0.0
    cut_at: float = 0.0  # a fraction of the answer's bytes the client gets
    together: bool = False  # a duplicate sent at the same time as the original
    answer_from_copy: bool = False  # the client gets the duplicate's answer
    replay_pick: float = 0.0  # which captured batch is replayed


@dataclass
class Seen:
    """What went through, for tests to check the faults really happened."""

    faults: Counter[str] = field(default_factory=Counter)
    requests: int = 0
    to_ledger: int = 0  # requests the ledger received, duplicates, held and replayed ones included
    log: list[str] = field(default_factory=list)


class FaultProxy:
    """Use as a context manager; ``url`` is what the terminal connects to."""

    def __init__(self, upstream: str, seed: int | str, weights: Mapping[str, float] | None = None,
                 max_pause: float = 0.01) -> None:
        parts = urlsplit(upstream)
        self.upstream = (parts.hostname or "127.0.0.1", parts.port or 80)
        self.weights = dict(weights or DEFAULT_WEIGHTS)
        self.max_pause = max_pause
        self.down = False  # the link is down: every connection is closed at once
        self.seen = Seen()
        self._rng = random.Random(seed)
        self._lock = threading.Lock()
        self._held: list[bytes] = []
        self._captured: list[bytes] = []
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.proxy = self
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> "FaultProxy":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(10)

    @contextmanager
    def faults(self, weights: Mapping[str, float]) -> Iterator[None]:
        """Other fault weights for a while (e.g. only ``pass`` to finish a run)."""
        with self._lock:
            before, self.weights = self.weights, dict(weights)
        try:
            yield
        finally:
            with self._lock:
                self.weights = before

    def _plan(self, request: bytes) -> Plan:
        rng = self._rng
        with self._lock:
            self.seen.requests += 1
            names = [name for name, weight in self.weights.items() if weight > 0]
            fault = rng.choices(names, [self.weights[name] for name in names])[0]
            if fault == "replay" and not self._captured:
                fault = "pass"
            plan = Plan(fault, rng.uniform(0, self.max_pause), rng.random(), rng.random() < 0.5, rng.random() < 0.5,
                        rng.random())
            self.seen.faults[fault] += 1
            self.seen.log.append(f"{self.seen.requests} {fault} {_request_line(request)}")
            return plan

    def handle(self, client: socket.socket) -> None:
        if self.down:
            return
        request = _read_request(client)
        if request is None:
            return
        plan = self._plan(request)
        if plan.fault == "drop":
            return
        if plan.fault == "hold":
            with self._lock:
                self._held.append(request)
            return
        if plan.fault == "delay":
            time.sleep(plan.pause)
        answer = self._forward(request, plan)
        with self._lock:
            held, self._held = self._held, []
            if request.startswith(b"POST /v1/batches"):
                self._captured.append(request)
            replay = self._captured[int(plan.replay_pick * len(self._captured))] if plan.fault == "replay" else None
        for stale in held:
            self._exchange(stale)
        if replay is not None:
            self._exchange(replay)
        if plan.fault == "delay":
            time.sleep(plan.pause)
        if plan.fault == "cut":
            answer = answer[:int(plan.cut_at * len(answer))]
        client.sendall(answer)

    def _forward(self, request: bytes, plan: Plan) -> bytes:
        if plan.fault != "duplicate":
            return self._exchange(request)
        if not plan.together:
            first, second = self._exchange(request), self._exchange(request)
            return second if plan.answer_from_copy else first
        answers: list[bytes] = [b"", b""]

        def send(index: int) -> None:
            answers[index] = self._exchange(request)

        threads = [threading.Thread(target=send, args=(n,)) for n in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return answers[1] if plan.answer_from_copy else answers[0]

    def _exchange(self, request: bytes) -> bytes:
        """Send one request to the ledger and read its whole answer (it closes the connection)."""
        with self._lock:
            self.seen.to_ledger += 1
        try:
            with socket.create_connection(self.upstream, timeout=60) as ledger:
                ledger.sendall(request)
                chunks = []
                while chunk := ledger.recv(65536):
                    chunks.append(chunk)
                return b"".join(chunks)
        except OSError:
            return b""  # the ledger is not there: the client sees its connection closed


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    proxy: FaultProxy


class _Handler(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        server = self.server
        assert isinstance(server, _Server)
        try:
            server.proxy.handle(self.request)
        except OSError:
            pass  # the client went away


def _request_line(request: bytes) -> str:
    return request.split(b"\r\n", 1)[0].decode("latin-1")


def _read_request(client: socket.socket) -> bytes | None:
    """One whole request, its Connection header replaced by ``close``; None if the client went away or spoke no HTTP
    (a TLS handshake: closed at once, as the ledger's server answers bytes it cannot parse)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = client.recv(65536)
        if not chunk or not (data + chunk)[:1].isalpha():
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    length = 0
    kept = [lines[0]]
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
        if name.strip().lower() not in (b"connection", b"keep-alive"):
            kept.append(line)
    while len(body) < length:
        chunk = client.recv(65536)
        if not chunk:
            return None
        body += chunk
    return b"\r\n".join([*kept, b"Connection: close"]) + b"\r\n\r\n" + body
