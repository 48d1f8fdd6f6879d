"""A batch the ledger refuses as too large (413 too_large: 500 sales of 200 lines pass its 8 MB) is sent again at
once, in halves, until the ledger takes it: the backlog drains in one `jifen sync` instead of being refused at every
sync for good. A single entry over the ledger's limit is still refused, as before. A real ledger on SQLite over TCP,
its limit lowered."""

import sqlite3
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import pytest
from starlette.requests import Request
from starlette.responses import Response

import ledger.api
from ledger import db
from sync.client import _json_body
from sync.protocol import Batch, wire_entry
from tests.helpers.cli import Jifen
from tests.helpers.ledger import Ledger, open_ledger
from tests.helpers.ledger_server import serve

SALES = 12


@pytest.fixture
def answered() -> list[int]:
    """The status of each batch the ledger answered, in order."""
    return []


@pytest.fixture
def backlog(jifen: Jifen, tmp_path: Path, answered: list[int]) -> Iterator[tuple[Ledger, str]]:
    """The store connected to a ledger and synced, then SALES sales pending: the ledger and the terminal's token.
    The ledger's answers to batches are counted in ``answered``."""
    engine = db.open_engine(f"sqlite:///{tmp_path / 'ledger.db'}")
    held = open_ledger(engine)
    held.merchant("m1")
    token = held.terminal("m1", "静安店", "T1")
    app = ledger.api.create_app(engine)

    @app.middleware("http")
    async def count(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        if request.url.path == "/v1/batches":
            answered.append(response.status_code)
        return response

    with serve(engine, app=app) as url:
        jifen.ok("ledger", "connect", url, by="boss", env={"JIFEN_LEDGER_TOKEN": token})
        jifen.ok("sync")
        for _ in range(SALES):
            jifen.ok("sale", "--line", "general:10", by="amy")
        answered.clear()
        yield held, token
    engine.dispose()


def body_of(jifen: Jifen, entries: int) -> int:
    """The bytes of a batch of the first ``entries`` entries not yet acknowledged, as the till sends it."""
    with sqlite3.connect(jifen.db) as conn:
        conn.row_factory = sqlite3.Row
        rows = conn.execute("SELECT * FROM journal WHERE seq > (SELECT acked_seq FROM ledger_link) ORDER BY seq "
                            "LIMIT ?", (entries,)).fetchall()
    return len(_json_body(Batch(protocol=1, entries=[wire_entry(row) for row in rows])))


def held_by_the_ledger(held: Ledger, token: str) -> int:
    return int(held.get("/v1/whoami", token, held="true").json()["held_seq"])


def test_a_backlog_too_large_for_the_ledger_goes_in_halves_in_one_sync(
        jifen: Jifen, backlog: tuple[Ledger, str], monkeypatch: pytest.MonkeyPatch) -> None:
    held, token = backlog
    monkeypatch.setattr(ledger.api, "MAX_BODY", body_of(jifen, 3))  # 3 entries pass, 6 and all 12 do not
    assert body_of(jifen, SALES) > ledger.api.MAX_BODY
    said = jifen.ok("sync")
    assert (said["pushed"], said["pending"], said["online"]) == (SALES, 0, True)
    assert held_by_the_ledger(held, token) == jifen.entries()
    assert jifen.ok("sync", "--status")["last_error"] is None


def test_a_single_entry_over_the_ledgers_limit_is_still_refused(
        jifen: Jifen, backlog: tuple[Ledger, str], monkeypatch: pytest.MonkeyPatch) -> None:
    held, token = backlog
    before = held_by_the_ledger(held, token)
    monkeypatch.setattr(ledger.api, "MAX_BODY", body_of(jifen, 1) - 1)
    run = jifen("sync", env={"LANG": "en_US.UTF-8"})
    assert run.status == 2 and run.err.startswith("the ledger refused: a request body may be at most "), run
    assert " bytes (413 too_large); what is not sent stays pending and sales go on." in run.err
    assert jifen.ok("sync", "--status")["pending"] == SALES
    assert held_by_the_ledger(held, token) == before


def kept_batch_size(jifen: Jifen) -> int | None:
    with sqlite3.connect(jifen.db) as conn:
        return conn.execute("SELECT batch_size FROM ledger_link").fetchone()[0]


def test_the_size_refused_as_too_large_is_not_tried_again_and_again(
        jifen: Jifen, backlog: tuple[Ledger, str], answered: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    """After a 413 the syncer never grows back to the size refused: a handful of 413s over two runs of jifen sync, not
    every other request; the size kept is one that went through."""
    held, token = backlog
    monkeypatch.setattr(ledger.api, "MAX_BODY", body_of(jifen, 3))
    assert jifen.ok("sync")["pending"] == 0
    assert kept_batch_size(jifen) in (1, 2, 3)
    for _ in range(SALES):
        jifen.ok("sale", "--line", "general:10", by="amy")
    assert jifen.ok("sync")["pending"] == 0
    assert held_by_the_ledger(held, token) == jifen.entries()
    assert answered.count(413) <= 5 and answered.count(200) >= 2 * SALES // 3, answered
    assert kept_batch_size(jifen) in (1, 2, 3)
