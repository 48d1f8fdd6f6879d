"""A batch holding Chinese (the store's and a member's name) reaches the ledger whole. requests before 2.32 counted a
str body's characters for its Content-Length, so the ledger read the JSON cut short and refused every sync (422):
the terminal sends UTF-8 bytes, whose length is what it declares."""

import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
import requests
from sqlalchemy import select

from ledger.models import Member
from sync.client import LedgerClient, LedgerRefused
from sync.protocol import wire_entry
from terminal.models import JournalEntry
from tests.helpers.store import member, sell
from tests.sync.conftest import Network

PHONE = "13800138000"
NAME = "张小梅"


def test_a_sync_with_chinese_names_reaches_the_ledger(network: Network) -> None:
    till = network.store("T1", name="静安寺旗舰店")
    syncer = network.connect(till, network.ledger.terminal("m1", "静安寺旗舰店", "T1"))
    held = member(till, PHONE, name=NAME)
    sell(till, held, ("general", 19999))
    assert syncer.sync_once() > 0
    assert syncer.status().pending == 0 and syncer.status().last_error is None
    with network.ledger.session() as session:
        assert session.scalars(select(Member.name).where(Member.id == held)).one() == NAME
    assert network.ledger.balance(held) == 599


@dataclass
class Recorder:
    """A bare HTTP server on a free port: keeps each request's head and exactly Content-Length bytes of its body,
    and refuses it (400) so the client has its answer."""

    url: str = ""
    heads: list[dict[str, str]] = field(default_factory=list)
    bodies: list[bytes] = field(default_factory=list)


def _serve_one(listener: socket.socket, recorder: Recorder) -> None:
    client, _ = listener.accept()
    with client, client.makefile("rb") as stream:
        stream.readline()
        head: dict[str, str] = {}
        while (line := stream.readline().decode("latin-1").strip()):
            name, _, value = line.partition(":")
            head[name.strip().lower()] = value.strip()
        recorder.heads.append(head)
        recorder.bodies.append(stream.read(int(head.get("content-length", "0"))))
        problem = b'{"error":"recorded","message":"recorded"}'
        client.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nConnection: close\r\n"
                       b"Content-Length: %d\r\n\r\n%s" % (len(problem), problem))


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    with socket.create_server(("127.0.0.1", 0)) as listener:
        recorder = Recorder(url=f"http://127.0.0.1:{listener.getsockname()[1]}")
        server = threading.Thread(target=_serve_one, args=(listener, recorder), daemon=True)
        server.start()
        yield recorder
        server.join(timeout=5)


def _sent_bodies(session: requests.Session) -> list[object]:
    """What requests was given to send, as each answer's request holds it."""
    sent: list[object] = []
    session.hooks["response"].append(lambda response, **_: sent.append(response.request.body))
    return sent


def test_a_batch_with_chinese_is_sent_as_utf8_bytes_of_its_declared_length(network: Network,
                                                                         recorder: Recorder) -> None:
    till = network.store("T1", name="静安寺旗舰店")
    member(till, PHONE, name=NAME)
    with till.reading() as uow:
        rows = uow.session.scalars(select(JournalEntry).order_by(JournalEntry.seq))
        entries = [wire_entry({column.name: getattr(row, column.name) for column in JournalEntry.__table__.columns})
                   for row in rows]
    session = requests.Session()
    sent = _sent_bodies(session)
    with pytest.raises(LedgerRefused):
        LedgerClient(recorder.url, "token", session=session).post_batch(entries)
    assert [type(body) for body in sent] == [bytes]
    body = recorder.bodies[0]
    assert int(recorder.heads[0]["content-length"]) == len(body) == len(sent[0])  # type: ignore[arg-type]
    assert recorder.heads[0]["content-type"] == "application/json"
    batch = json.loads(body.decode("utf-8"))
    assert len(batch["entries"]) == len(entries) and NAME in "".join(e["payload"] for e in batch["entries"])


def test_a_claim_is_sent_as_utf8_bytes_of_its_declared_length(recorder: Recorder) -> None:
    session = requests.Session()
    sent = _sent_bodies(session)
    with pytest.raises(LedgerRefused):
        LedgerClient(recorder.url, "token", session=session).claim("积分兑换保温杯", "M0123456789AB")
    assert [type(body) for body in sent] == [bytes]
    assert int(recorder.heads[0]["content-length"]) == len(recorder.bodies[0])
    assert json.loads(recorder.bodies[0].decode("utf-8"))["offer"] == "积分兑换保温杯"
