"""A terminal and its merchant on the ledger must date sales in one time zone: `jifen ledger connect` refuses a
ledger whose merchant keeps another than the store's, and stores nothing. The merchant's zone is sent only to
terminals that ask for it, so an old terminal keeps working against a new ledger, and a new terminal against an
old ledger (which does not say: no check)."""

import json
import sqlite3
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request, Response
from sqlalchemy import Engine

from ledger import db, service
from ledger.api import create_app
from sync.client import LedgerClient
from sync.protocol import PROTOCOL, Strict
from tests.helpers.cli import Jifen
from tests.helpers.ledger import Ledger, open_ledger
from tests.helpers.ledger_server import serve
from tests.helpers.tls import Certificates


class FirstWhoAmI(Strict):
    """The whoami answer as the first terminals read it: any other field refused."""

    protocol: int
    merchant: str
    store: str
    terminal: str
    held_seq: int | None = None


@contextmanager
def ledger_in(tmp_path: Path, zone: str, older: bool = False,
              tls: Certificates | None = None) -> Iterator[tuple[Ledger, str]]:
    """A ledger on SQLite over TCP (TLS with ``tls``) whose merchant m1 keeps ``zone``; ``older``: as it
    answered before it sent the merchant's time zone."""
    engine = db.open_engine(f"sqlite:///{tmp_path / 'ledger.db'}")
    ledger = open_ledger(engine)
    ledger.do(lambda s: service.add_merchant(s, "m1", "商户 m1", None, 1, zone))
    try:
        with serve(engine, app=_older_ledger(engine) if older else None, tls=tls) as url:
            yield ledger, url
    finally:
        engine.dispose()


def _older_ledger(engine: Engine) -> FastAPI:
    app = create_app(engine)

    @app.middleware("http")
    async def without_zone(request: Request, call_next: Callable[[Request], Awaitable[Any]]) -> Response:
        answer = await call_next(request)
        body = b"".join([chunk async for chunk in answer.body_iterator])
        if request.url.path == "/v1/whoami" and answer.status_code == 200:
            body = json.dumps({k: v for k, v in json.loads(body).items() if k != "timezone"}).encode()
        return Response(body, answer.status_code, media_type=answer.headers.get("content-type"))

    return app


def _nothing_stored(jifen: Jifen) -> bool:
    with sqlite3.connect(jifen.home / "jifen.db") as conn:
        linked = conn.execute("SELECT count(*) FROM ledger_link").fetchone()[0]
    return linked == 0 and not (jifen.home / "ledger.token").exists() and not (jifen.home / "ledger-ca.pem").exists()


def test_a_ledger_whose_merchant_keeps_another_time_zone_is_refused_and_nothing_is_stored(
        jifen: Jifen, tmp_path: Path) -> None:
    with ledger_in(tmp_path, "Asia/Urumqi") as (ledger, url):
        key = {"JIFEN_LEDGER_TOKEN": ledger.terminal("m1", "静安店", "T1")}
        assert jifen.refused("ledger", "connect", url, by="boss", env=key) == "timezone_mismatch"
        said = jifen("ledger", "connect", url, by="boss", env=key)
        assert said.status == 2 and said.err.count("\n") == 1
        assert ("this store keeps the time zone Asia/Shanghai, but merchant m1 on the ledger keeps Asia/Urumqi"
                in said.err)
        assert "jifen init --timezone Asia/Urumqi" in said.err
        assert "jifen-ledger merchant add --timezone Asia/Shanghai" in said.err
        chinese = jifen("ledger", "connect", url, by="boss", env={**key, "LANG": "zh_CN.UTF-8"})
        assert "本店时区为 Asia/Shanghai，而总账中商户 m1 的时区为 Asia/Urumqi" in chinese.err
        assert _nothing_stored(jifen)
        assert jifen.refused("sync", "--status") == "not_found"


def test_a_ledger_whose_merchant_keeps_the_stores_time_zone_connects(jifen: Jifen, tmp_path: Path) -> None:
    with ledger_in(tmp_path, "Asia/Shanghai") as (ledger, url):
        token = ledger.terminal("m1", "静安店", "T1")
        assert LedgerClient(url, token).whoami().timezone == "Asia/Shanghai"
        connected = jifen.ok("ledger", "connect", url, by="boss", env={"JIFEN_LEDGER_TOKEN": token})
        assert connected == {"url": url, "merchant": "m1", "store": "静安店", "terminal": "T1"}
        assert (jifen.home / "ledger.token").read_text().strip() == token
        assert jifen.ok("sync")["last_error"] is None


def test_an_older_ledger_does_not_say_and_the_terminal_connects(jifen: Jifen, tmp_path: Path) -> None:
    with ledger_in(tmp_path, "Asia/Urumqi", older=True) as (ledger, url):
        token = ledger.terminal("m1", "静安店", "T1")
        assert LedgerClient(url, token).whoami().timezone is None
        jifen.ok("ledger", "connect", url, by="boss", env={"JIFEN_LEDGER_TOKEN": token})
        assert jifen.ok("sync")["last_error"] is None


def test_an_older_terminal_gets_the_answer_it_knows(tmp_path: Path) -> None:
    with ledger_in(tmp_path, "Asia/Urumqi") as (ledger, url):
        token = ledger.terminal("m1", "静安店", "T1")
        client = LedgerClient(url, token)
        assert client._call("GET", "/v1/whoami", FirstWhoAmI, params={"held": "true"}) == FirstWhoAmI(
            protocol=PROTOCOL, merchant="m1", store="静安店", terminal="T1", held_seq=0)
        me = client.whoami(held=True)
        assert (me.merchant, me.held_seq, me.timezone) == ("m1", 0, "Asia/Urumqi")


def test_one_time_zone_under_another_name_connects(jifen: Jifen, tmp_path: Path) -> None:
    with ledger_in(tmp_path, "PRC") as (ledger, url):
        token = ledger.terminal("m1", "静安店", "T1")
        connected = jifen.ok("ledger", "connect", url, by="boss", env={"JIFEN_LEDGER_TOKEN": token})
        assert connected["merchant"] == "m1"
        assert jifen.ok("sync")["last_error"] is None
