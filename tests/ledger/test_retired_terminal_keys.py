"""Retiring a terminal at the ledger puts the keys it announced at init on the merchant's deny list, but not a key
another terminal still in use announced too; a new token lifts only what the retirement put there. The keys
terminals pull name the terminals and stores holding them."""

import json
from pathlib import Path

from ledger import service
from terminal.bootstrap import Till
from terminal.services import codes
from tests.helpers.ledger import Ledger, journal_of, rechain, shop_till
from tests.helpers.store import OWNER

REASON = "terminal {} revoked at the ledger (lost or stolen)"


def _keys(till: Till) -> tuple[str, str]:
    """The terminal's own key and the one its store signs member codes with."""
    folder = till.home.private_key.parent
    return (folder / "terminal.pub").read_text().strip(), (folder / "merchant.pub").read_text().strip()


def _deny_list(ledger: Ledger, token: str) -> list[tuple[str, str, str]]:
    changes = ledger.get("/v1/changes", token, cursor=0).json()
    return [(item["kind"], item["value"], item["reason"]) for item in changes["deny_list"]]


def _sharing(tmp_path: Path, ledger: Ledger) -> tuple[Till, Till, dict[str, str]]:
    """T1 and T3 of merchant m1, T3 announcing T1's code-signing key as its own."""
    ledger.merchant("m1")
    t1, t3 = shop_till(tmp_path, "静安店", "T1"), shop_till(tmp_path, "徐汇店", "T3")
    tokens = {terminal: ledger.terminal("m1", "静安店" if terminal == "T1" else "徐汇店", terminal) for terminal in ("T1", "T3", "T4")}
    ledger.sync(t1, tokens["T1"])
    entries = journal_of(t3)
    init = json.loads(entries[0].payload) | {"merchant_key": _keys(t1)[1]}
    doctored = [entries[0].model_copy(update={"payload": json.dumps(init)}), *entries[1:]]
    assert ledger.post(tokens["T3"], rechain(doctored, "T3")).status_code == 200
    return t1, t3, tokens


def test_a_key_another_terminal_still_uses_stays_trusted_until_that_one_is_retired_too(ledger: Ledger, tmp_path: Path) -> None:
    t1, t3, tokens = _sharing(tmp_path, ledger)
    own, shared = _keys(t1)
    pulled = ledger.get("/v1/changes", tokens["T4"], cursor=0).json()["public_keys"]
    assert pulled == [{"merchant": "m1", "public_key": shared, "terminal": "T1, T3", "store": "静安店, 徐汇店"}]

    retired = ledger.do(lambda s: service.revoke_terminal(s, "m1", "T1"))
    assert (retired.denied, retired.already, retired.shared) == ((own,), (), ((shared, ("T3",)),))
    assert _deny_list(ledger, tokens["T4"]) == [("terminal_key", own, REASON.format("T1"))]
    retired = ledger.do(lambda s: service.revoke_terminal(s, "m1", "T3"))
    assert (set(retired.denied), retired.shared) == ({_keys(t3)[0], shared}, ())
    assert sorted(_deny_list(ledger, tokens["T4"])) == sorted([
        ("terminal_key", own, REASON.format("T1")), ("terminal_key", _keys(t3)[0], REASON.format("T3")),
        ("terminal_key", shared, REASON.format("T3"))])

    # T1 was retired by mistake: its new token lifts its own key; the shared one stays with T3's retirement.
    renewed = ledger.do(lambda s: service.renew_token(s, "m1", "T1"))
    assert renewed.trusted_again == (own,)
    assert sorted(_deny_list(ledger, tokens["T4"])) == sorted([
        ("terminal_key", _keys(t3)[0], REASON.format("T3")), ("terminal_key", shared, REASON.format("T3"))])


def test_a_new_token_leaves_a_key_a_till_revoked_itself(ledger: Ledger, tmp_path: Path) -> None:
    ledger.merchant("m1")
    t1, t2 = shop_till(tmp_path, "静安店", "T1"), shop_till(tmp_path, "静安店", "T2")
    tokens = {terminal: ledger.terminal("m1", "静安店", terminal) for terminal in ("T1", "T2")}
    ledger.sync(t1, tokens["T1"])
    own, signing = _keys(t1)
    codes.revoke_terminal_key(t2.uow(), t2.shop, OWNER, signing, "stolen")
    ledger.sync(t2, tokens["T2"])
    retired = ledger.do(lambda s: service.revoke_terminal(s, "m1", "T1"))
    assert (retired.denied, retired.already) == ((own,), (signing,))
    assert ledger.do(lambda s: service.renew_token(s, "m1", "T1")).trusted_again == (own,)
    assert _deny_list(ledger, tokens["T2"]) == [("terminal_key", signing, "stolen")]


def test_a_terminal_that_never_synced_has_no_key_to_deny(ledger: Ledger, tmp_path: Path) -> None:
    ledger.merchant("m1")
    ledger.terminal("m1", "静安店", "T1")
    retired = ledger.do(lambda s: service.revoke_terminal(s, "m1", "T1"))
    assert (retired.denied, retired.already, retired.shared) == ((), (), ())
