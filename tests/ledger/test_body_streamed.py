"""A body the ledger will not take is refused as it streams in, chunked or not: the ledger stops reading it, so
neither a terminal nor someone without a token can make it hold more than its limit (8 MB) in memory."""

import json
import select
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

from ledger.api import MAX_BODY
from ledger.models import Entry
from terminal.home import Home
from tests.helpers.ledger import Ledger, journal_of
from tests.helpers.store import new_till, sell

MIB = 1 << 20
OFFERED = 8 * MAX_BODY  # what the client would send if the ledger let it


@pytest.fixture
def shop_url(ledger_url: tuple[Ledger, str]) -> tuple[Ledger, str, str]:
    """The ledger served over TCP, its URL, and the token of terminal T1 of merchant m1."""
    ledger, url = ledger_url
    return ledger, url, ledger.terminal("m1", "静安店", "T1")


def _connect(url: str) -> socket.socket:
    where = urlsplit(url)
    return socket.create_connection((where.hostname or "127.0.0.1", where.port or 80), timeout=30)


def _head(token: str | None) -> bytes:
    authorization = f"Authorization: Bearer {token}\r\n" if token else ""
    return (f"POST /v1/batches HTTP/1.1\r\nHost: ledger\r\nContent-Type: application/json\r\n{authorization}"
            "Transfer-Encoding: chunked\r\n\r\n").encode()


def _chunk(data: bytes) -> bytes:
    return b"%x\r\n%s\r\n" % (len(data), data)


def _answered(conn: socket.socket) -> bool:
    return bool(select.select([conn], [], [], 0)[0])


def _send_until_answered(conn: socket.socket) -> int:
    """Sends OFFERED bytes of a chunked body, 1 MiB at a time, until the ledger answers or stops reading: the
    bytes sent."""
    conn.sendall(_chunk(b'{"protocol":1,"entries":[],"x":"'))
    sent, piece = 0, _chunk(b"a" * MIB)
    while sent < OFFERED and not _answered(conn):
        try:
            conn.sendall(piece)
        except OSError:  # the ledger closed the connection
            break
        sent += MIB
    if sent == OFFERED:  # all of it read: end the body, for the ledger to answer
        conn.sendall(_chunk(b'"}') + b"0\r\n\r\n")
    return sent


def _answer(conn: socket.socket) -> tuple[int, dict[str, str]]:
    """The status and the JSON body of the ledger's answer."""
    conn.settimeout(10)
    got = b""
    while not _whole(got):
        try:
            more = conn.recv(65536)
        except ConnectionResetError:  # the rest of a refused body was left unread
            break
        if not more:
            break
        got += more
    head, _, body = got.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), json.loads(body)


def _whole(got: bytes) -> bool:
    head, found, body = got.partition(b"\r\n\r\n")
    lengths = [line.split(b":", 1)[1] for line in head.lower().split(b"\r\n") if line.startswith(b"content-length:")]
    return bool(found and lengths and len(body) >= int(lengths[0]))


def test_a_chunked_body_over_the_limit_is_413_before_the_rest_is_sent(shop_url: tuple[Ledger, str, str]) -> None:
    ledger, url, token = shop_url
    started = time.monotonic()
    with _connect(url) as conn:
        conn.sendall(_head(token))
        sent = _send_until_answered(conn)
        status, body = _answer(conn)
    assert (status, body["error"]) == (413, "too_large"), body
    assert body["message"] == f"a request body may be at most {MAX_BODY} bytes"
    assert sent < OFFERED / 2, f"the ledger read {sent // MIB} MiB of a body it refuses"
    assert time.monotonic() - started < 20
    with ledger.session() as s:
        assert s.query(Entry).count() == 0


def test_a_chunked_body_without_a_token_is_refused_before_it_is_read(shop_url: tuple[Ledger, str, str]) -> None:
    _, url, _ = shop_url
    with _connect(url) as conn:
        conn.sendall(_head(None))
        status, body = _answer(conn)  # not one byte of the body sent
    assert (status, body["error"]) == (401, "unauthorized")


def _chunks(data: bytes) -> Iterator[bytes]:
    for start in range(0, len(data), 1000):
        yield data[start:start + 1000]


def test_a_chunked_batch_under_the_limit_is_taken(shop_url: tuple[Ledger, str, str], tmp_path: Path) -> None:
    ledger, url, token = shop_url
    till = new_till(Home(tmp_path / "T1"))
    try:
        sell(till, None, ("general", 100))
        entries = [entry.model_dump(mode="json") for entry in journal_of(till)]
    finally:
        till.close()
    body = json.dumps({"protocol": 1, "entries": entries}).encode()
    answer = requests.post(f"{url}/v1/batches", data=_chunks(body), timeout=30,
                           headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    assert answer.status_code == 200, answer.text
    assert answer.request.headers["Transfer-Encoding"] == "chunked"
    with ledger.session() as s:
        assert s.query(Entry).count() == len(entries)
