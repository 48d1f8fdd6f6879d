"""A stolen terminal token cannot plant a member-code key (the reviewer's keyattack.sh): the keys a terminal announces
are in its first entry (`store_init`, written at init), so a `store_init` after it is refused whole and its key is
never passed on to the merchant's tills. A key a ledger took that way before it refused them is the terminal's all
the same: `terminal revoke` denies it, and the other tills refuse the cards it signs from their next sync."""

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import func, select

from ledger.models import Entry, MerchantKey, Terminal
from sync.protocol import WireEntry
from terminal.codes.member_code import issue_code
from terminal.keys import CodeSigner, key_id, raw_public
from tests.helpers.cli import Jifen
from tests.helpers.forged import forge, last_held
from tests.helpers.ledger import Ledger, ledger_cli
from tests.helpers.linked_tills import connect, new_till
from tests.helpers.store import member

ZHANG = "13800138000"
EVIL = Ed25519PrivateKey.from_private_bytes(bytes(range(7, 39)))
EVIL_KEY = raw_public(EVIL).hex()
ISSUED = datetime(2026, 3, 1, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai, the tills' clock
REFUSED = ("a store_init entry can only be a terminal's first entry: it announces the keys the terminal made at "
           "init, and no key is announced later")


def _planting(after: WireEntry) -> list[WireEntry]:
    init = {"merchant": "m1", "merchant_key": EVIL_KEY, "store": "静安店", "terminal": "T1",
            "timezone": "Asia/Shanghai"}
    return forge(after, "T1", ("store_init", init, 0))


def _keys(ledger: Ledger) -> list[str]:
    with ledger.session() as s:
        return list(s.scalars(select(MerchantKey.public_key).order_by(MerchantKey.public_key)))


def test_a_store_init_after_the_first_entry_is_refused_and_its_key_never_trusted(ledger: Ledger, shop: Any) -> None:
    till, token = shop
    member(till)
    ledger.sync(till, token)
    keys = _keys(ledger)
    planting = _planting(last_held(ledger, "T1"))
    answer = ledger.post(token, planting)
    assert answer.status_code == 422, answer.text
    assert answer.json() == {"error": "bad_entry", "message": f"entry {planting[0].seq}: {REFUSED}"}
    assert _keys(ledger) == keys and EVIL_KEY not in keys
    pulled = ledger.get("/v1/changes", token, cursor=0).json()["public_keys"]
    assert EVIL_KEY not in [key["public_key"] for key in pulled]


@pytest.fixture
def tills(ledger_url: tuple[Ledger, str], jifen: Jifen, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
          capsys: pytest.CaptureFixture[str]) -> tuple[Jifen, Jifen, str, str]:
    """T1 (the store's, its member 张 with 500 points) and T2 of 静安店 connected and synced twice; T1's token."""
    ledger, url = ledger_url
    t1, t2 = jifen, new_till(tmp_path / "t2", monkeypatch, capsys)
    zhang = t1.member(ZHANG)
    token = ledger.terminal("m1", "静安店", "T1")
    t1.ok("ledger", "connect", url, by="boss", env={"JIFEN_LEDGER_TOKEN": token})
    connect(ledger, url, t2, "T2")
    for till in (t1, t2, t1, t2):
        till.ok("sync")
    assert t2.balance(zhang) == 500
    return t1, t2, token, zhang


def _revoke_t1(ledger: Ledger) -> str:
    status, said = ledger_cli(ledger.engine.url.render_as_string(hide_password=False))(
        "terminal", "revoke", "--merchant", "m1", "--terminal", "T1")
    assert status == 0, said
    return said


def _forged_card(zhang: str) -> str:
    return issue_code(CodeSigner("m1", EVIL, key_id(EVIL)), zhang, ISSUED)


def test_a_card_signed_with_a_key_a_stolen_token_announced_is_refused_at_the_other_till(
        ledger_url: tuple[Ledger, str], tills: tuple[Jifen, Jifen, str, str]) -> None:
    ledger, _ = ledger_url
    _, t2, token, zhang = tills
    assert ledger.post(token, _planting(last_held(ledger, "T1"))).status_code == 422
    _revoke_t1(ledger)
    t2.ok("sync")
    assert EVIL_KEY not in [key["key"] for key in t2.ok("key", "show")["keys"]]
    card = _forged_card(zhang)
    assert t2.refused("sale", "--member", card, "--line", "general:10", "--redeem", "500", by="boss") == "unknown_key"
    assert t2.balance(zhang) == 500


def _plant_as_before(ledger: Ledger, planting: list[WireEntry]) -> None:
    """What a ledger that took a later store_init before it refused them holds: the entry, and its key as the
    merchant's."""
    entry = planting[0]

    def plant(s: Any) -> None:
        terminal = s.scalars(select(Terminal).where(Terminal.terminal_id == "T1")).one()
        s.add(Entry(**entry.model_dump(), terminal_pk=terminal.pk, merchant_id="m1", store="静安店",
                    received_at="2026-03-01T02:30:00.000Z"))
        s.add(MerchantKey(merchant_id="m1", public_key=json.loads(entry.payload)["merchant_key"]))
        terminal.last_seq, terminal.last_hash = entry.seq, entry.hash

    ledger.do(plant)


def test_a_key_planted_before_the_ledger_refused_it_is_denied_with_the_terminal(
        ledger_url: tuple[Ledger, str], tills: tuple[Jifen, Jifen, str, str]) -> None:
    ledger, _ = ledger_url
    _, t2, _, zhang = tills
    _plant_as_before(ledger, _planting(last_held(ledger, "T1")))
    t2.ok("sync")
    card = _forged_card(zhang)
    assert t2.ok("member", "show", card)["id"] == zhang  # trusted, "from the ledger", as the reviewer saw

    said = _revoke_t1(ledger)
    assert f"\n  {EVIL_KEY}\n" in said
    t2.ok("sync")
    assert t2.refused("member", "show", card) == "revoked"
    assert t2.refused("sale", "--member", card, "--line", "general:10", "--redeem", "500", by="boss") == "revoked"
    assert t2.balance(zhang) == 500
    with ledger.session() as s:
        assert s.scalar(select(func.count()).select_from(MerchantKey).where(MerchantKey.public_key == EVIL_KEY)) == 1
