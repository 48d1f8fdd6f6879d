"""The merchant's deny list at the ledger: revocations and reinstatements from real terminals, in
the order they were made, whether in one batch or in several, on SQLite and PostgreSQL."""

import json
from pathlib import Path

from terminal.bootstrap import Till
from terminal.home import Home
from terminal.services import codes
from tests.helpers.ledger import Ledger, journal_of, rechain
from tests.helpers.store import OWNER, member, new_till

KEY, OTHER = "ab" * 32, "cd" * 32


def _shop(tmp_path: Path, ledger: Ledger) -> tuple[Till, str]:
    ledger.merchant("m1")
    return new_till(Home(tmp_path / "T1")), ledger.terminal("m1", "静安店", "T1")


def _deny_list(ledger: Ledger, token: str) -> list[tuple[str, str]]:
    changes = ledger.get("/v1/changes", token, cursor=0).json()
    return [(item["kind"], item["value"]) for item in changes["deny_list"]]


def test_a_reinstatement_lifts_a_revocation_of_the_same_batch_or_an_earlier_one(ledger: Ledger, tmp_path: Path) -> None:
    till, token = _shop(tmp_path, ledger)
    m = member(till, "13800138000")
    codes.revoke_terminal_key(till.uow(), till.shop, OWNER, KEY)
    codes.revoke_member_codes(till.uow(), till.shop, OWNER, m)
    ledger.sync(till, token)
    held = journal_of(till)[-1].seq
    assert _deny_list(ledger, token) == [("member_code", f"{m}@2026-03-01T02:00:00.000Z"), ("terminal_key", KEY)]
    codes.reinstate_member_codes(till.uow(), till.shop, OWNER, m)
    codes.revoke_terminal_key(till.uow(), till.shop, OWNER, OTHER)
    codes.reinstate_terminal_key(till.uow(), till.shop, OWNER, OTHER)  # revoked and lifted in one batch
    codes.reinstate_terminal_key(till.uow(), till.shop, OWNER, KEY)
    codes.revoke_terminal_key(till.uow(), till.shop, OWNER, KEY, "after all")  # lifted, then revoked again
    ledger.sync(till, token, held)
    assert _deny_list(ledger, token) == [("terminal_key", KEY)]


def test_a_reinstatement_that_does_not_say_what_it_lifts_is_refused(ledger: Ledger, tmp_path: Path) -> None:
    till, token = _shop(tmp_path, ledger)
    m = member(till, "13800138000")
    codes.revoke_member_codes(till.uow(), till.shop, OWNER, m)
    codes.reinstate_member_codes(till.uow(), till.shop, OWNER, m)
    entries = journal_of(till)
    doctored = entries[-1].model_copy(update={"payload": json.dumps({"member_id": m, "until": "2026-03-01"})})
    answer = ledger.post(token, rechain([*entries[:-1], doctored]))
    assert answer.status_code == 422 and "'until' must list the revocations lifted" in answer.json()["message"]
    assert _deny_list(ledger, token) == []
