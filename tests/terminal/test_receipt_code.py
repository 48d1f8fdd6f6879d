"""The receipt verification code: built and checked offline; any change to it fails; a refund can
start from it."""

import sqlite3
from datetime import UTC, datetime

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from terminal import receipt_code
from terminal.bootstrap import Till
from terminal.errors import Refused
from terminal.keys import load_private_key, raw_public
from terminal.services.refunds import record_refund
from tests.helpers.store import MANAGER, hire_staff, member, sell

AT = datetime(2026, 3, 1, 2, 0, 0, tzinfo=UTC)
PREV = "ab" * 32
KEY = Ed25519PrivateKey.generate()
KEYS = {"T1": raw_public(KEY).hex()}


def _code(**overrides: object) -> str:
    fields: dict[str, object] = {"kind": "sale", "terminal": "T1", "seq": 17, "at": AT, "total_fen": 10000,
                                 "earned_points": 75, "redeemed_points": 0, "prev_hash": PREV}
    fields.update(overrides)
    return receipt_code.build(KEY, **fields)  # type: ignore[arg-type]


def _refused(text: str, keys: dict[str, str] = KEYS, revoked: frozenset[str] = frozenset()) -> str:
    with pytest.raises(Refused) as refused:
        receipt_code.verify(text, keys, revoked)
    assert refused.value.en and refused.value.zh
    return refused.value.code


def test_a_code_says_which_entry_it_is() -> None:
    text = _code()
    assert text.startswith("JFR1/S/T1/17/")
    code = receipt_code.verify(text, KEYS)
    assert (code.kind, code.terminal, code.seq, code.entry_id) == ("sale", "T1", 17, "T1-17")
    assert (code.at, code.total_fen, code.earned_points, code.redeemed_points) == (AT, 10000, 75, 0)
    assert code.prev_hash == PREV[:16]


def test_a_code_is_short_enough_for_a_small_qr_and_the_same_every_time() -> None:
    assert len(_code()) < 180
    assert _code() == _code()  # a reprint carries the same code


def test_a_refund_is_written_as_a_negative_sale() -> None:
    code = receipt_code.verify(_code(kind="refund", total_fen=-4000, earned_points=-19, redeemed_points=-200), KEYS)
    assert (code.kind, code.total_fen, code.earned_points, code.redeemed_points) == ("refund", -4000, -19, -200)


@pytest.mark.parametrize(("field", "index", "changed"), [
    ("kind", 1, "R"), ("terminal", 2, "T2"), ("seq", 3, "18"), ("time", 4, "1772330401"), ("total", 5, "1000"),
    ("earned", 6, "750"), ("redeemed", 7, "1"), ("previous hash", 8, "cd" * 8),
])
def test_changing_any_field_is_caught(field: str, index: int, changed: str) -> None:
    parts = _code().split("/")
    parts[index] = changed
    keys = {**KEYS, "T2": KEYS["T1"]}  # even a terminal whose key is known
    assert _refused("/".join(parts), keys) == "forged_code", field


def test_a_code_signed_by_another_key_is_forged() -> None:
    other = receipt_code.build(Ed25519PrivateKey.generate(), kind="sale", terminal="T1", seq=17, at=AT,
                               total_fen=10000, earned_points=75, redeemed_points=0, prev_hash=PREV)
    assert _refused(other) == "forged_code"


def test_a_terminal_whose_key_is_not_known_here() -> None:
    assert _refused(_code(terminal="T9")) == "unknown_key"


def test_a_revoked_key_is_refused() -> None:
    assert _refused(_code(), revoked=frozenset(KEYS.values())) == "revoked"


@pytest.mark.parametrize("text", ["", "hello", "T1-17", "https://example.com/JFR1/S", "JFM1/abc"])
def test_other_text_is_not_a_receipt_code(text: str) -> None:
    assert _refused(text) == "not_a_receipt_code"


@pytest.mark.parametrize("damage", [lambda t: t[:-1], lambda t: t + "/X", lambda t: t.replace("/17/", "/x/"),
                                    lambda t: t[:-3] + "!!!", lambda t: t.replace("/17/", "/-1/")])
def test_a_damaged_code_fails(damage: object) -> None:
    assert _refused(damage(_code())) == "forged_code"  # type: ignore[operator]


def test_a_scanner_with_caps_lock_or_spaces_does_not_break_it() -> None:
    text = _code()
    head, _, signature = text.rpartition("/")
    assert receipt_code.verify(f"  {head}/{signature.lower()}\n", KEYS).seq == 17


def test_building_refuses_nonsense() -> None:
    with pytest.raises(ValueError):
        _code(terminal="T 1")
    with pytest.raises(ValueError):
        _code(at=datetime(2026, 3, 1))
    with pytest.raises(ValueError):
        _code(prev_hash="not a hash")


# --- a refund from the scanned code ---------------------------------------------------------------

def _receipt_code(till: Till, sale_seq: int) -> str:
    with sqlite3.connect(till.home.db) as conn:
        at, prev = conn.execute("SELECT at, prev_hash FROM journal WHERE seq = ?", (sale_seq,)).fetchone()
        total, earned, redeemed = conn.execute(
            "SELECT total_fen, earned_points, redeemed_points FROM sales WHERE seq = ?", (sale_seq,)).fetchone()
    return receipt_code.build(load_private_key(till.home.private_key), kind="sale", terminal="T1", seq=sale_seq,
                              at=datetime.fromisoformat(at), total_fen=total, earned_points=earned,
                              redeemed_points=redeemed, prev_hash=prev)


def test_a_refund_starts_from_the_scanned_receipt(till: Till) -> None:
    hire_staff(till)
    m = member(till)
    sale = sell(till, m, ("general", 6000), ("general", 4000), redeem=500)
    refund = record_refund(till.uow(), till.shop, MANAGER, _receipt_code(till, sale.seq), [2])
    assert (refund.sale_id, refund.refunded_fen, refund.restored_points, refund.reversed_points) == (
        sale.sale_id, 4000, 200, 19)


def _dump(till: Till) -> list[str]:
    with sqlite3.connect(till.home.db) as conn:
        return list(conn.iterdump())


def test_a_forged_receipt_starts_no_refund(till: Till) -> None:
    hire_staff(till)
    sale = sell(till, member(till), ("general", 10000))
    forged = _receipt_code(till, sale.seq).replace("/10000/", "/90000/")
    before = _dump(till)
    with pytest.raises(Refused) as refused:
        record_refund(till.uow(), till.shop, MANAGER, forged)
    assert refused.value.code == "forged_code"
    assert _dump(till) == before


def test_a_receipt_that_no_longer_matches_the_store_starts_no_refund(till: Till) -> None:
    hire_staff(till)
    sale = sell(till, member(till), ("general", 10000))
    code = _receipt_code(till, sale.seq)
    with sqlite3.connect(till.home.db) as conn:
        conn.execute("UPDATE sales SET total_fen = 20000 WHERE seq = ?", (sale.seq,))
    with pytest.raises(Refused) as refused:
        record_refund(till.uow(), till.shop, MANAGER, code)
    assert refused.value.code == "receipt_mismatch"


def test_the_receipt_of_a_refund_does_not_start_a_refund(till: Till) -> None:
    hire_staff(till)
    sale = sell(till, member(till), ("general", 6000), ("general", 4000))
    refund = record_refund(till.uow(), till.shop, MANAGER, sale.sale_id, [1])
    with sqlite3.connect(till.home.db) as conn:
        seq, at, prev = conn.execute("SELECT seq, at, prev_hash FROM journal WHERE kind = 'refund'").fetchone()
    refund_code = receipt_code.build(load_private_key(till.home.private_key), kind="refund", terminal="T1", seq=seq,
                                     at=datetime.fromisoformat(at), total_fen=-refund.refunded_fen,
                                     earned_points=-refund.reversed_points, redeemed_points=-refund.restored_points,
                                     prev_hash=prev)
    with pytest.raises(Refused) as refused:
        record_refund(till.uow(), till.shop, MANAGER, refund_code)
    assert refused.value.code == "bad_input"
    assert "scan the sale's receipt" in refused.value.en


@pytest.mark.parametrize("typed", ["T2-5", "code"])
def test_a_sale_of_another_terminal_is_sent_back_to_it_and_nothing_changes(till: Till, typed: str) -> None:
    hire_staff(till)
    sell(till, member(till), ("general", 10000))
    ref = typed if typed != "code" else _code(terminal="T2", seq=5)  # a genuine receipt of the chain's other till
    before = _dump(till)
    with pytest.raises(Refused) as refused:
        record_refund(till.uow(), till.shop, MANAGER, ref)
    assert (refused.value.code, refused.value.en) == (
        "not_found", "sale T2-5 was made at terminal T2, not at this one (T1): refund it at T2")
    assert refused.value.zh == "销售单 T2-5 是在终端 T2 售出的，不是本机（T1）：请在 T2 退款"
    assert _dump(till) == before
