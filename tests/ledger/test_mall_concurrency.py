"""Two stores' batches writing the same mall rows at the same moment: neither write is lost.

Batch A writes and waits before committing; batch B starts meanwhile (on PostgreSQL it blocks on
the row A holds, on SQLite on A's whole transaction) and commits after A."""

import threading
from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ledger.checks import Origin
from ledger.mall import apply_mall
from ledger.models import CouponClash, MallCoupon, MallStock
from tests.helpers.ledger import Ledger

STORE_A = Origin(1, "T1", "m1", "m1", "静安店")
STORE_B = Origin(2, "T2", "m1", "m1", "静安店")  # another terminal of the same store: the same stock row


def race(ledger: Ledger, first: Callable[[Session], Any], second: Callable[[Session], Any]) -> None:
    written, go = threading.Event(), threading.Event()
    failures: list[BaseException] = []

    def batch_a() -> None:
        try:
            with ledger.session() as session, session.begin():
                first(session)
                written.set()
                go.wait(10)
        except BaseException as exc:  # noqa: BLE001  (reported below, in the test's thread)
            failures.append(exc)
            written.set()

    def batch_b() -> None:
        try:
            with ledger.session() as session, session.begin():
                second(session)
        except BaseException as exc:  # noqa: BLE001
            failures.append(exc)

    a = threading.Thread(target=batch_a)
    a.start()
    assert written.wait(10)
    b = threading.Thread(target=batch_b)
    b.start()
    b.join(0.5)  # B is now waiting for A
    go.set()
    a.join(10)
    b.join(10)
    assert not failures, failures


def test_two_exchanges_of_one_item_at_once_both_leave_the_stock(ledger: Ledger) -> None:
    ledger.merchant("m1")
    ledger.do(lambda s: s.add(MallStock(merchant_id="m1", item_id="tea", store="静安店", quantity=10)))
    taken = [{"kind": "stock", "seq": 5, "day": "2026-03-02", "item": "tea", "move": -1}]
    race(ledger, lambda s: apply_mall(s, STORE_A, taken), lambda s: apply_mall(s, STORE_B, taken))
    with ledger.session() as s:
        assert s.scalar(select(MallStock.quantity).where(MallStock.item_id == "tea")) == 8


def test_one_coupon_used_at_two_terminals_at_once_is_a_clash(ledger: Ledger) -> None:
    ledger.merchant("m1")
    ledger.do(lambda s: s.add(MallCoupon(merchant_id="m1", id="CP1", member_id="M1", value_fen=500,
                                         expires_on="2026-04-01", issued=True, used_by=None, used_on=None)))

    def use(origin: Origin, sale: str) -> Callable[[Session], None]:
        event = {"kind": "coupon_use", "seq": 7, "day": "2026-03-02", "coupon": "CP1", "member": "M1",
                 "discount": 500, "sale": sale}
        return lambda s: apply_mall(s, origin, [event])

    race(ledger, use(STORE_A, "T1-7"), use(STORE_B, "T2-7"))
    with ledger.session() as s:
        assert s.scalar(select(MallCoupon.used_by)) == "T1/T1-7"
        clashes = s.execute(select(CouponClash.first_use, CouponClash.second_use)).all()
        assert [tuple(c) for c in clashes] == [("T1/T1-7", "T2/T2-7")]
        assert s.scalar(select(func.count()).select_from(CouponClash)) == 1
