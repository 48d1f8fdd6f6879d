"""Member codes in a real store: the keys init makes, issuing, paying with a scanned code, and the deny list."""

import json
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest

from terminal.bootstrap import Till, init_store, open_till
from terminal.codes import issue_code
from terminal.errors import Refused
from terminal.home import Home
from terminal.keys import (
    CodeSigner,
    KeyFiles,
    certify,
    is_certified,
    key_id,
    load_code_signer,
    load_private_key,
    load_public_key,
    raw_public,
)
from terminal.services import codes
from terminal.services.members import find_member, show_member
from tests.helpers.store import (
    CASHIER,
    MANAGER,
    OWNER,
    OWNER_PIN,
    at,
    balance,
    hire_staff,
    member,
    move_clock,
    new_till,
    sell,
)

PHONE = "13800138000"


def _keys(till: Till) -> KeyFiles:
    return KeyFiles(till.home.private_key.parent)


def _code(till: Till, ref: str = PHONE, signer: CodeSigner | None = None) -> str:
    signer = signer or load_code_signer(_keys(till), till.shop.merchant)
    return codes.issue_member_code(till.reading(), till.shop, signer, ref).code


def _refused(till: Till, text: str) -> Refused:
    with pytest.raises(Refused) as refused:
        codes.read_member_code(till.reading(), text, till.shop)
    return refused.value


def _rows(till: Till, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(till.home.db) as conn:
        return conn.execute(sql).fetchall()


def _terminal_signer(till: Till) -> CodeSigner:
    """This terminal's own key with its certificate: how a terminal without the merchant key signs."""
    files = _keys(till)
    key = load_private_key(files.terminal_private)
    return CodeSigner(till.shop.merchant, key, key_id(load_public_key(files.merchant_public)),
                      bytes.fromhex(files.certificate.read_text().strip()))


# --- keys made at init -------------------------------------------------------------------------

def test_init_makes_the_merchant_key_and_certifies_the_terminal_key(till: Till) -> None:
    files = _keys(till)
    assert stat.S_IMODE(files.merchant_private.stat().st_mode) == 0o600
    merchant = load_public_key(files.merchant_public)
    assert raw_public(load_private_key(files.merchant_private)) == raw_public(merchant)
    terminal = raw_public(load_public_key(files.terminal_public))
    assert is_certified(merchant, "m1", terminal, bytes.fromhex(files.certificate.read_text().strip()))
    assert not is_certified(merchant, "m2", terminal, bytes.fromhex(files.certificate.read_text().strip()))
    (payload,) = _rows(till, "SELECT payload FROM journal WHERE seq = 1")[0]
    recorded = json.loads(str(payload))
    assert recorded["merchant_key"] == raw_public(merchant).hex()
    assert recorded["certificate"] == files.certificate.read_text().strip()


def test_a_standalone_shop_issues_codes_with_the_merchant_key(till: Till) -> None:
    signer = load_code_signer(_keys(till), "m1")
    assert signer.is_merchant_key


def test_without_the_merchant_key_the_terminal_signs_with_its_certified_key(till: Till) -> None:
    _keys(till).merchant_private.unlink()
    signer = load_code_signer(_keys(till), "m1")
    assert not signer.is_merchant_key
    assert raw_public(signer.key) == raw_public(load_public_key(_keys(till).terminal_public))


def test_a_terminal_with_neither_key_nor_certificate_cannot_issue(till: Till) -> None:
    _keys(till).merchant_private.unlink()
    _keys(till).certificate.unlink()
    with pytest.raises(Refused) as refused:
        load_code_signer(_keys(till), "m1")
    assert refused.value.code == "not_found"


# --- issuing and reading -----------------------------------------------------------------------

def test_a_members_code_reads_back_as_that_member(till: Till) -> None:
    m = member(till, PHONE, "张三")
    scanned = codes.read_member_code(till.reading(), _code(till), till.shop)
    assert (scanned.code.member_id, scanned.phone, scanned.name) == (m, PHONE, "张三")
    assert scanned.as_json()["phone_masked"] == "138****8000"


def test_a_scanned_code_finds_the_member_for_a_sale_and_a_lookup(till: Till) -> None:
    m = member(till, PHONE)
    code = _code(till)
    result = sell(till, code, ("general", 10000))
    assert result.member is not None and result.member.id == m
    assert balance(till, m) == 550
    assert show_member(till.reading(), till.shop, code.lower()).id == m


def test_a_code_signed_by_this_terminals_certified_key_is_read_too(till: Till) -> None:
    m = member(till, PHONE)
    scanned = codes.read_member_code(till.reading(), _code(till, signer=_terminal_signer(till)), till.shop)
    assert scanned.code.member_id == m and scanned.code.terminal_key == _keys(till).terminal_public.read_text().strip()


def test_any_terminal_of_the_merchant_reads_a_code_made_offline_at_another(till: Till, tmp_path: Path) -> None:
    """T2 of the same merchant registered a member while offline and signed the code with its own key,
    certified by the merchant; T1 has never heard of T2 or the member, and still knows the code is genuine."""
    t2_till = new_till(Home(tmp_path / "t2"))
    t2_till.close()
    t2 = load_private_key(t2_till.home.private_key)
    merchant_key = load_private_key(_keys(till).merchant_private)
    signer = CodeSigner("m1", t2, key_id(merchant_key), certify(merchant_key, "m1", raw_public(t2)))
    text = issue_code(signer, "M0000000000T2", till.shop.now())
    scanned = codes.read_member_code(till.reading(), text, till.shop)
    assert (scanned.code.member_id, scanned.known) == ("M0000000000T2", False)
    with till.reading() as uow, pytest.raises(Refused) as refused:
        find_member(uow.session, text, till.shop)
    assert refused.value.code == "not_found" and "genuine" in refused.value.en


def test_a_shop_that_named_the_same_merchant_but_made_its_own_key_is_unknown_key(till: Till, tmp_path: Path) -> None:
    other = new_till(Home(tmp_path / "other"))  # also merchant m1, but its own merchant key
    member(other, PHONE)
    assert _refused(till, _code(other)).code == "unknown_key"
    other.close()


def test_another_merchants_code_is_refused(till: Till, tmp_path: Path) -> None:
    other = init_store(Home(tmp_path / "other"), store="别家", terminal_id="X1", merchant="m9", timezone="Asia/Shanghai",
                       owner="eve", pin=OWNER_PIN, clock=at("2026-03-01 10:00"))
    member(other, PHONE)
    refused = _refused(till, _code(other))
    assert refused.code == "not_a_member_code" and "another merchant" in refused.en
    other.close()


@pytest.mark.parametrize(("text", "code"), [("https://example.com/m", "not_a_member_code"),
                                            ("134567890123456789", "not_a_member_code")])
def test_a_sale_given_something_else_than_a_member_code_is_refused(till: Till, text: str, code: str) -> None:
    member(till, PHONE)
    with pytest.raises(Refused) as refused:
        sell(till, text, ("general", 100))
    assert refused.value.code == code


def test_a_forged_code_is_refused_at_the_sale_and_nothing_is_written(till: Till) -> None:
    member(till, PHONE)
    code = _code(till)
    before = _rows(till, "SELECT count(*) FROM journal")
    with pytest.raises(Refused) as refused:
        sell(till, code[:-5] + ("00000" if code[-5:] != "00000" else "11111"), ("general", 100))
    assert refused.value.code == "forged_code"
    assert _rows(till, "SELECT count(*) FROM journal") == before


# --- the deny list -----------------------------------------------------------------------------

def test_revoking_a_members_codes_voids_the_old_card_but_not_the_next(till: Till) -> None:
    m = member(till, PHONE)
    old = _code(till)
    move_clock(till, "2026-03-01 11:00")
    revoked = codes.revoke_member_codes(till.uow(), till.shop, OWNER, PHONE, "card lost")
    refused = _refused(till, old)
    assert refused.code == "revoked" and "revoked" in refused.en
    move_clock(till, "2026-03-01 11:01")
    assert codes.read_member_code(till.reading(), _code(till), till.shop).code.member_id == m
    (entry,) = _rows(till, "SELECT seq, kind, payload, actor FROM journal WHERE kind = 'code_revoke'")
    assert entry[0] == revoked.seq and entry[3] == OWNER.name
    assert json.loads(str(entry[2])) == {"member_id": m, "until": "2026-03-01T03:00:00.000Z", "reason": "card lost"}
    assert _rows(till, "SELECT kind, value, reason, seq FROM revocations") == [
        ("member_code", f"{m}@2026-03-01T03:00:00.000Z", "card lost", revoked.seq)]


def test_a_revoked_code_cannot_pay(till: Till) -> None:
    member(till, PHONE)
    old = _code(till)
    codes.revoke_member_codes(till.uow(), till.shop, OWNER, PHONE)
    with pytest.raises(Refused) as refused:
        sell(till, old, ("general", 100))
    assert refused.value.code == "revoked"


def test_revoking_one_code_voids_it_and_older_ones_only(till: Till) -> None:
    member(till, PHONE)
    first = _code(till)
    move_clock(till, "2026-03-01 10:30")
    second = _code(till)
    move_clock(till, "2026-03-01 11:00")
    third = _code(till)
    codes.revoke_member_codes(till.uow(), till.shop, OWNER, second)
    assert _refused(till, first).code == "revoked"
    assert _refused(till, second).code == "revoked"
    assert codes.read_member_code(till.reading(), third, till.shop).known


def test_revoking_again_what_is_already_revoked_is_refused(till: Till) -> None:
    member(till, PHONE)
    codes.revoke_member_codes(till.uow(), till.shop, OWNER, PHONE)
    with pytest.raises(Refused) as refused:
        codes.revoke_member_codes(till.uow(), till.shop, OWNER, PHONE)
    assert refused.value.code == "already_exists"


def test_a_cashier_needs_a_managers_approval_to_revoke(till: Till) -> None:
    hire_staff(till)
    member(till, PHONE)
    before = _rows(till, "SELECT count(*) FROM journal")
    with pytest.raises(Refused) as refused:
        codes.revoke_member_codes(till.uow(), till.shop, CASHIER, PHONE)
    assert refused.value.code == "approval_required"
    assert _rows(till, "SELECT count(*) FROM journal") == before and _rows(till, "SELECT * FROM revocations") == []
    revoked = codes.revoke_member_codes(till.uow(), till.shop, CASHIER, PHONE, approver=MANAGER)
    assert _rows(till, f"SELECT actor, approver FROM journal WHERE seq = {revoked.seq}") == [("amy", "max")]


def test_revoking_a_terminal_key_voids_the_codes_it_signed(till: Till) -> None:
    member(till, PHONE)
    by_terminal = _code(till, signer=_terminal_signer(till))
    by_merchant = _code(till)
    key = _keys(till).terminal_public.read_text().strip()
    revoked = codes.revoke_terminal_key(till.uow(), till.shop, OWNER, key.upper(), "terminal stolen")
    assert revoked.value == key
    assert _refused(till, by_terminal).code == "revoked"
    assert codes.read_member_code(till.reading(), by_merchant, till.shop).known
    with pytest.raises(Refused) as refused:
        _code(till, signer=_terminal_signer(till))
    assert refused.value.code == "revoked"
    assert codes.key_info(till.reading()).terminal_key_revoked
    assert _rows(till, "SELECT kind, value, reason FROM revocations") == [("terminal_key", key, "terminal stolen")]
    assert json.loads(str(_rows(till, "SELECT payload FROM journal WHERE kind = 'key_revoke'")[0][0])) == {
        "key": key, "reason": "terminal stolen"}


@pytest.mark.parametrize(("key", "code"), [("abc", "bad_input"), ("zz" * 32, "bad_input"), ("", "bad_input")])
def test_a_terminal_key_must_be_a_public_key(till: Till, key: str, code: str) -> None:
    with pytest.raises(Refused) as refused:
        codes.revoke_terminal_key(till.uow(), till.shop, OWNER, key)
    assert refused.value.code == code


def test_the_merchant_key_is_not_a_terminal_key_to_revoke(till: Till) -> None:
    with pytest.raises(Refused) as refused:
        codes.revoke_terminal_key(till.uow(), till.shop, OWNER, _keys(till).merchant_public.read_text().strip())
    assert refused.value.code == "bad_input"
    assert _rows(till, "SELECT * FROM revocations") == []


def test_a_key_revoked_twice_is_refused_the_second_time(till: Till) -> None:
    key = _keys(till).terminal_public.read_text().strip()
    codes.revoke_terminal_key(till.uow(), till.shop, OWNER, key)
    with pytest.raises(Refused) as refused:
        codes.revoke_terminal_key(till.uow(), till.shop, OWNER, key)
    assert refused.value.code == "already_exists"


def test_a_reason_is_short_visible_text(till: Till) -> None:
    member(till, PHONE)
    with pytest.raises(Refused) as refused:
        codes.revoke_member_codes(till.uow(), till.shop, OWNER, PHONE, "x" * 201)
    assert refused.value.code == "bad_input"


def test_the_deny_list_shows_what_was_revoked_when_and_by_whom(till: Till) -> None:
    m = member(till, PHONE)
    key = _keys(till).terminal_public.read_text().strip()
    codes.revoke_member_codes(till.uow(), till.shop, OWNER, PHONE, "lost")
    move_clock(till, "2026-03-01 12:00")
    codes.revoke_terminal_key(till.uow(), till.shop, OWNER, key)
    listed = [entry.as_json() for entry in codes.deny_list(till.reading())]
    assert [(e["kind"], e.get("member_id"), e.get("key"), e["reason"], e["at"], e["by"]) for e in listed] == [
        ("member_code", m, None, "lost", "2026-03-01T02:00:00.000Z", "boss"),
        ("terminal_key", None, key, None, "2026-03-01T04:00:00.000Z", "boss"),
    ]


def test_a_copy_of_the_store_checks_codes_the_same(till: Till, tmp_path: Path) -> None:
    member(till, PHONE)
    code = _code(till)
    till.close()
    copy = tmp_path / "copy"
    shutil.copytree(till.home.root, copy)
    reopened = open_till(Home(copy), till.shop.clock)
    assert codes.read_member_code(reopened.reading(), code, reopened.shop).known
    reopened.close()
