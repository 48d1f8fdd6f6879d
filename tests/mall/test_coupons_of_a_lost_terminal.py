"""Coupons of a till revoked at the ledger (`jifen-ledger terminal revoke`): its store's key signs them, and the
thief holds that key, so every other till refuses a coupon signed with it from its next sync, forged or issued
before the theft alike (no till can tell them apart: the ledger passes on the coupons used, never those issued),
and says to ask the manager; its own coupons keep working."""

import json
from datetime import date
from pathlib import Path

import pytest

from terminal.keys import load_private_key
from terminal.mall import coupon_code
from terminal.mall.coupon_code import CouponCode
from tests.helpers.cli import Jifen
from tests.helpers.ledger import ledger_cli
from tests.helpers.linked_tills import link, new_till
from tests.sync.conftest import Network

ZHANG = "13800138000"
C10 = {"id": "C10", "kind": "coupon", "name_zh": "十元券", "name_en": "Coupon", "points": 200, "value_fen": 1000,
       "min_spend_fen": 5000}


@pytest.fixture
def t2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Jifen:
    """A second till of merchant m1 in the same store, terminal T2, with its own owner boss."""
    return new_till(tmp_path / "t2", monkeypatch, capsys)


def _linked(network: Network, *tills: tuple[Jifen, str]) -> None:
    link(network.ledger, network.url, *tills)


def _use(code: str) -> list[str]:
    return ["coupon", "use", code, "--member", ZHANG, "--line", "general:60"]


def test_every_coupon_signed_with_a_lost_tills_key_is_refused_at_the_others(
        network: Network, jifen: Jifen, t2: Jifen) -> None:
    t1 = jifen  # 静安店, T1
    ledger = ledger_cli(f"sqlite:///{network.root / 'ledger.db'}")
    assert ledger("mall", "set", "--merchant", "m1", json.dumps(C10))[0] == 0
    zhang = t1.member(ZHANG)  # 500 signup points
    _linked(network, (t1, "T1"), (t2, "T2"))
    genuine = t1.ok("coupon", "issue", "C10", "--member", ZHANG, by="boss")["code"]
    t1.ok("sync")  # the issue reached the ledger before the till was stolen
    t2.ok("sync")
    assert t2.ok("coupon", "show", genuine)["status"] == "valid"

    assert ledger("terminal", "revoke", "--merchant", "m1", "--terminal", "T1")[0] == 0
    stolen_key = load_private_key(t1.home / "keys" / "merchant.key")
    forged = coupon_code.build(stolen_key, CouponCode("m1", "T1-999", 50000, 0, date(2026, 12, 31), zhang))
    t2.now = "2026-03-01T10:40:00+08:00"
    t2.ok("sync")

    for code in (genuine, forged):
        refused = t2(*_use(code), by="boss")
        assert refused.status == 2
        assert "came from a terminal reported lost or stolen (terminal T1 of store 静安店)" in refused.err
        assert refused.err.rstrip().endswith("ask the manager")
        assert t2.refused(*_use(code), by="boss") == "revoked"
        assert t2.refused("sale", "--coupon", code, "--member", ZHANG, "--line", "general:60", by="boss") == "revoked"
        assert t2.refused("coupon", "show", code) == "revoked"
    assert t2.refused(*_use(genuine[:-3] + "AAA"), by="boss") == "forged_code"
    assert t2.query("SELECT count(*) FROM sales") == [(0,)]

    own = t2.ok("coupon", "issue", "C10", "--member", ZHANG, by="boss")["code"]
    assert t2.ok(*_use(own), by="boss")["coupon"]["discount_fen"] == 1000
