"""Text the database cannot store (PostgreSQL refuses NUL characters) is bad input: a 422 in the
ledger's words, never a 500, and nothing written."""

from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from ledger.models import Entry, Member, Merchant, Terminal
from terminal.home import Home
from tests.helpers.ledger import Ledger, journal_of, rechain
from tests.helpers.store import member, new_till


def admin_post(ledger: Ledger, path: str, body: dict[str, Any]) -> Any:
    return ledger.client.post(path, json=body, headers={"Authorization": f"Bearer {ledger.admin}"})


def test_a_nul_character_is_refused_as_bad_input_on_either_engine(ledger: Ledger) -> None:
    ledger.merchant("m1")
    made = admin_post(ledger, "/v1/merchants", {"id": "m2", "name": "a\u0000b"})
    terminal = admin_post(ledger, "/v1/terminals", {"merchant": "m1", "store": "s\u0000", "terminal": "T1"})
    for refused in (made, terminal):  # a name is visible characters, whatever the engine could store
        assert refused.status_code == 422, refused.text
        assert refused.json()["error"] == "bad_input" and "control character" in refused.json()["message"]
    with ledger.session() as s:
        assert s.scalar(select(func.count()).select_from(Merchant)) == 1
        assert s.scalar(select(func.count()).select_from(Terminal)) == 0
    report = ledger.get("/v1/reports/day", merchant="m1\u0000", day="2026-03-01")
    if ledger.engine.dialect.name == "postgresql":
        assert report.status_code == 422 and report.json()["error"] == "bad_input", report.text
    else:
        assert report.status_code == 404, report.text


def test_a_batch_with_a_nul_in_an_entry_applies_nothing(ledger: Ledger, tmp_path: Path) -> None:
    ledger.merchant("m1")
    till = new_till(Home(tmp_path / "T1"))
    token = ledger.terminal("m1", "静安店", "T1")
    someone = member(till)
    entries = journal_of(till)
    doctored = rechain([*entries[:-1], entries[-1].model_copy(update={"actor": "amy\u0000"})])
    answer = ledger.post(token, doctored)
    if ledger.engine.dialect.name == "postgresql":
        assert answer.status_code == 422 and answer.json()["error"] == "bad_input", answer.text
        with ledger.session() as s:
            assert s.scalar(select(func.count()).select_from(Entry)) == 0 and s.get(Member, someone) is None
    else:
        assert answer.status_code == 200, answer.text
    till.close()
