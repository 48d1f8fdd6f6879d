"""Growth counts a member's sales of the trailing 365 days at a connected terminal too: the ledger sends
its growth by sale date, and the terminal slides the window itself, between syncs and offline."""

import json
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from fastapi import Request, Response
from sqlalchemy import select

from ledger.api import create_app
from sync.relay import Syncer
from terminal.bootstrap import Till
from terminal.models import Member
from terminal.models import Sale as TerminalSale
from terminal.services.members import show_member
from terminal.services.refunds import record_refund
from tests.helpers.ledger_server import serve
from tests.helpers.store import MANAGER, member, move_clock, sell
from tests.sync.conftest import Network

PHONE = "13800138000"


def _day(monkeypatch: pytest.MonkeyPatch, when: str, *tills: Till) -> None:
    """Move the ledger's clock and these terminals' to a Shanghai local time."""
    monkeypatch.setenv("JIFEN_NOW", when.replace(" ", "T") + "+08:00")
    for till in tills:
        move_clock(till, when)


def _seen(till: Till, member_id: str) -> tuple[str, int]:
    view = show_member(till.reading(), till.shop, member_id)
    return view.tier.name, view.growth_fen


def _stored_days(till: Till, member_id: str) -> str | None:
    with till.reading() as uow:
        return uow.session.scalar(select(Member.ledger_growth_days).where(Member.id == member_id))


def _ledger_sees(network: Network, token: str, member_id: str) -> tuple[str, int]:
    answer = network.ledger.get("/v1/changes", token, cursor=0)
    assert answer.status_code == 200, answer.json()
    snapshot = next(m for m in answer.json()["members"] if m["id"] == member_id)
    return snapshot["tier"], snapshot["growth_fen"]


def test_a_gold_member_whose_big_sale_aged_out_is_regular_at_a_connected_terminal(
        network: Network, monkeypatch: pytest.MonkeyPatch) -> None:
    _day(monkeypatch, "2026-03-01 10:00")
    till, alone = network.store("T1"), network.store("T9", "单机店")
    token = network.ledger.terminal("m1", "静安店", "T1")
    syncer = network.connect(till, token)
    m, other = member(till, PHONE), member(alone, PHONE)
    sell(till, m, ("general", 1_000_000))
    sell(alone, other, ("general", 1_000_000))
    syncer.sync_once()
    assert _seen(till, m) == ("gold", 1_000_000)

    _day(monkeypatch, "2027-03-05 10:00", till, alone)
    syncer.sync_once()
    assert _seen(till, m) == _seen(alone, other) == ("regular", 0)
    connected, standalone = sell(till, m, ("general", 10000)), sell(alone, other, ("general", 10000))
    assert connected.earned_points == standalone.earned_points == 50
    with till.reading() as uow:
        assert uow.session.scalar(select(TerminalSale.tier).where(TerminalSale.id == connected.sale_id)) == "regular"
    syncer.sync_once()
    assert _seen(till, m) == _ledger_sees(network, token, m) == ("regular", 10000)


def test_another_terminals_sale_counts_here_until_it_ages_out_offline(
        network: Network, monkeypatch: pytest.MonkeyPatch) -> None:
    _day(monkeypatch, "2026-03-01 10:00")
    one, two = network.store("T1"), network.store("T2", "徐汇店")
    sync_one = network.connect(one, network.ledger.terminal("m1", "静安店", "T1"))
    token_two = network.ledger.terminal("m1", "徐汇店", "T2")
    sync_two = network.connect(two, token_two)
    m = member(one, PHONE)
    sell(one, m, ("general", 300_000))  # ¥3,000: silver
    sync_one.sync_once()
    sync_two.sync_once()
    assert _stored_days(two, m) == '[["2026-03-01",300000]]'

    # no sync from here on: the terminal slides the window by itself
    _day(monkeypatch, "2027-02-28 20:00", two)  # the sale's last day in the window
    assert _seen(two, m) == ("silver", 300_000)
    assert sell(two, m, ("general", 10000)).earned_points == 60

    _day(monkeypatch, "2027-03-01 10:00", two)
    assert _seen(two, m) == ("regular", 10000)
    assert sell(two, m, ("general", 10000)).earned_points == 50

    sync_two.sync_once()
    assert _seen(two, m) == _ledger_sees(network, token_two, m) == ("regular", 20000)


def test_a_refund_takes_growth_off_its_sales_date(network: Network, monkeypatch: pytest.MonkeyPatch) -> None:
    _day(monkeypatch, "2026-03-01 10:00")
    one, two = network.store("T1"), network.store("T2", "徐汇店")
    sync_one = network.connect(one, network.ledger.terminal("m1", "静安店", "T1"))
    sync_two = network.connect(two, network.ledger.terminal("m1", "徐汇店", "T2"))
    m = member(one, PHONE)
    big = sell(one, m, ("general", 600_000), ("general", 600_000))
    _day(monkeypatch, "2026-03-02 10:00", one)
    small = sell(one, m, ("general", 10000))
    sync_one.sync_once()
    sync_two.sync_once()
    assert _seen(two, m) == ("gold", 1_210_000)

    _day(monkeypatch, "2026-06-01 10:00", one, two)
    record_refund(one.uow(), one.shop, MANAGER, big.sale_id, [2])
    record_refund(one.uow(), one.shop, MANAGER, small.sale_id)
    sync_one.sync_once()
    sync_two.sync_once()
    assert _seen(two, m) == ("silver", 600_000)
    assert _stored_days(two, m) == '[["2026-03-01",600000]]'  # the emptied day is left out

    # a year after the sale, not after the refund: nothing is left, and nothing below zero
    _day(monkeypatch, "2027-03-01 10:00", two)
    assert _seen(two, m) == ("regular", 0)


def _older_ledger(network: Network) -> Any:
    """The ledger as it was before it sent growth by day: every answer without ``growth_days``."""
    app = create_app(network.ledger.engine)

    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k != "growth_days"}
        return [strip(v) for v in value] if isinstance(value, list) else value

    @app.middleware("http")
    async def without_days(request: Request, call_next: Callable[[Request], Awaitable[Any]]) -> Response:
        answer = await call_next(request)
        body = b"".join([chunk async for chunk in answer.body_iterator])
        if answer.headers.get("content-type") == "application/json" and b"growth_days" in body:
            body = json.dumps(strip(json.loads(body))).encode()
        return Response(body, answer.status_code, media_type=answer.headers.get("content-type"))

    return app


def test_a_ledger_that_sends_no_growth_days_still_gives_its_growth(network: Network,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    _day(monkeypatch, "2026-03-01 10:00")
    with serve(network.ledger.engine, app=_older_ledger(network)) as old_url:
        one, two = network.store("T1"), network.store("T2", "徐汇店")
        syncers: list[Syncer] = [network.connect(one, network.ledger.terminal("m1", "静安店", "T1"), old_url),
                                 network.connect(two, network.ledger.terminal("m1", "徐汇店", "T2"), old_url)]
        m = member(one, PHONE)
        sell(one, m, ("general", 300_000))
        for syncer in syncers:
            syncer.sync_once()
        assert _stored_days(two, m) is None
        assert _seen(two, m) == ("silver", 300_000)
        assert sell(two, m, ("general", 10000)).earned_points == 60
