"""Entries whose chain holds but whose payload the day report could not read back — a gift without its top-up,
a sale without its member_id, an expiry record of nothing — or which is not an object at all, or which refunds
a sale by a number no terminal writes, are refused whole (422 bad_entry): nothing is stored, and the day report
of the merchant still answers, over HTTP and `jifen-ledger report day`. The genuine journal then goes through."""

import json
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select

from ledger.models import Conflict, Entry, Refund, Sale
from sync.protocol import WireEntry, canonical
from terminal.bootstrap import Till
from terminal.journal import Who
from terminal.mall.catalog import ItemSpec
from terminal.services.expiry import expire_points
from terminal.services.mall import add_item, cancel_exchange, exchange_gift
from terminal.services.refunds import record_refund
from tests.helpers.ledger import Ledger, journal_of, ledger_cli, rechain
from tests.helpers.store import CASHIER, MANAGER, OWNER, member, move_clock, sell

DAYS = ("2026-03-01", "2028-01-01")
Forgery = Callable[[dict[str, Any]], Any]


def without(key: str) -> Forgery:
    return lambda p: {k: v for k, v in p.items() if k != key}


def with_(**changes: Any) -> Forgery:
    return lambda p: p | changes


def genuine_journal(till: Till) -> list[WireEntry]:
    """A member; a sale without one, refunded; a sale to the member; a gift paid partly by card, cancelled; a second
    gift kept; then, two years on, the expiry of the member's points, as the terminal records it."""
    m = member(till)
    walk_in = sell(till, None, ("general", 2000))
    record_refund(till.uow(), till.shop, MANAGER, walk_in.sale_id, [1])
    sell(till, m, ("general", 3000))
    add_item(till.uow(), till.shop, OWNER, ItemSpec("MUG", "杯子", "Mug", 100, topup_fen=500), None)
    exchange = exchange_gift(till.uow(), till.shop, CASHIER, "MUG", m, pay_method="card")
    cancel_exchange(till.uow(), till.shop, CASHIER, exchange.exchange_id, MANAGER)
    exchange_gift(till.uow(), till.shop, CASHIER, "MUG", m)
    move_clock(till, "2028-01-02 10:00")
    assert expire_points(till.uow(), till.shop, Who(OWNER.name, OWNER.name)).expired_points > 0
    return journal_of(till)


def forged(entry: WireEntry, forgery: Forgery, points_delta: int | None = None, kind: str | None = None) -> list[WireEntry]:
    """The entry with its payload changed, hashed again as a forger holding the terminal's token and data would."""
    payload = canonical(forgery(json.loads(entry.payload)))
    return rechain([entry.model_copy(update={"payload": payload, "kind": kind or entry.kind,
                                             "points_delta": entry.points_delta if points_delta is None else points_delta})])


def reports(ledger: Ledger) -> list[Any]:
    """What every day report says, over HTTP and from the command line; each must answer."""
    out = []
    for day in DAYS:
        answer = ledger.get("/v1/reports/day", merchant="m1", day=day)
        assert answer.status_code == 200, answer.text
        status, said = ledger_cli(ledger.engine.url.render_as_string(hide_password=False))(
            "--json", "report", "day", "--merchant", "m1", "--date", day)
        assert status == 0, said
        out += [answer.json(), json.loads(said)]
    return out


def stored(ledger: Ledger) -> list[Any]:
    with ledger.session() as s:
        rows = [s.scalar(select(func.count()).select_from(model)) for model in (Entry, Sale, Refund, Conflict)]
    return [rows, reports(ledger)]


CASES: dict[str, list[tuple[Forgery, dict[str, Any]]]] = {
    "gift_exchange": [(without("topup_fen"), {}), (with_(topup_fen="500"), {}), (with_(topup_fen=-1), {}),
                      (with_(topup_fen=1.5), {}), (with_(exchange_id=[1]), {}), (with_(pay_method="alipay"), {}),
                      (lambda p: [1], {}), (lambda p: None, {})],
    "gift_cancel": [(without("topup_fen"), {}), (with_(exchange_id={"a": 1}), {}), (with_(topup_fen=None), {})],
    "sale": [(without("member_id"), {}), (lambda p: [1], {}), (lambda p: None, {}), (lambda p: 5, {}),
             (lambda p: "x", {}), (lambda p: [1], {"kind": "note", "points_delta": 0})],
    "refund": [(with_(sale_id=sale_id), {}) for sale_id in ("T1-²", "T1-٣", "T1-１", "T1-99999999999999999999999",
                                                          "T1-" + "9" * 5000, "T1-0", "T1--2")]
              + [(lambda p: {"refund_id": p["refund_id"], "sale_id": "T1-²"}, {}), (lambda p: "x", {})],
    "expire": [(lambda p: {}, {}), (with_(points="lots"), {}), (without("points"), {}), (without("member_id"), {}),
               (without("lots"), {}), (with_(lots=[{"lot": 1}]), {}), (with_(lots="lots"), {}),
               (lambda p: p | {"points": p["points"] + 1}, {"points_delta": None}),
               (lambda p: p, {"points_delta": 0}), (lambda p: {}, {"points_delta": 0})],
}


@pytest.mark.parametrize("kind", CASES)
def test_an_entry_the_day_report_could_not_read_is_refused_and_the_reports_still_answer(
        ledger: Ledger, shop: Any, kind: str) -> None:
    till, token = shop
    entries = genuine_journal(till)
    target = next(entry for entry in entries if entry.kind == kind)
    assert ledger.post(token, [e for e in entries if e.seq < target.seq]).status_code == 200
    before = stored(ledger)
    for forgery, change in CASES[kind]:
        if change.get("points_delta", 0) is None:  # the payload's points moved, its points_delta with them
            change = change | {"points_delta": target.points_delta - 1}
        answer = ledger.post(token, forged(target, forgery, **change))
        assert answer.status_code == 422, (forgery, change, answer.text)
        assert answer.json()["error"] == "bad_entry"
        assert answer.json()["message"].startswith(f"entry {target.seq}: ")
        assert stored(ledger) == before
    assert ledger.post(token, [e for e in entries if e.seq >= target.seq]).status_code == 200
    reports(ledger)
