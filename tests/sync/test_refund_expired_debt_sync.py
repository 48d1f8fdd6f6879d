"""Points a refund gives back after their date come back expired at the terminal and at its ledger alike: they pay
off no debt, and both count them all expired. A journal an older terminal wrote, where they paid off the debt and
only the rest expired, still syncs as it was recorded; the ledger reckons the member's points by its own rules.
Through `jifen` as a shop runs it, synced over TCP to a ledger on SQLite."""

import json
from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from ledger.models import Conflict, Entry
from terminal import lots
from terminal.models import Member
from terminal.services import refunds
from tests.helpers.cli import Jifen
from tests.helpers.ledger import Ledger, check_books, ledger_cli
from tests.terminal.test_refund_expired_debt import PHONE, expiry_entries, owes_four_after_paying_650

REFUND_DAY = "2029-01-02"


@pytest.fixture
def synced(jifen: Jifen, ledger_url: tuple[Ledger, str]) -> tuple[Ledger, str]:
    """The member owes 4, and paid a sale in 2026 with 650 points that expired 2027-12-31; the ledger has it all.
    Returns the ledger and that sale's id."""
    ledger, url = ledger_url
    jifen.ok("ledger", "connect", url, by="boss", env={"JIFEN_LEDGER_TOKEN": ledger.terminal("m1", "静安店", "T1")})
    sale_id = owes_four_after_paying_650(jifen)
    assert jifen.ok("sync")["pending"] == 0
    return ledger, sale_id


def ledger_expired(ledger: Ledger) -> int:
    status, said = ledger_cli(ledger.engine.url.render_as_string(hide_password=False))(
        "--json", "report", "day", "--merchant", "m1", "--date", REFUND_DAY)
    assert status == 0, said
    return int(json.loads(said)["points_expired"])


def test_the_ledger_leaves_the_debt_owed_as_the_terminal_does(jifen: Jifen, synced: tuple[Ledger, str]) -> None:
    ledger, sale_id = synced
    jifen.now = f"{REFUND_DAY}T10:00:00+08:00"
    refund = jifen.ok("refund", sale_id, by="max")
    assert (refund["restored_points"], refund["restored_expired_points"], refund["reversed_points"]) == (650, 650, 46)
    assert (refund["member"]["balance"], refund["member"]["debt_points"]) == (-50, 50)
    assert jifen.ok("sync")["pending"] == 0
    assert expiry_entries(jifen)[-1:] == [(REFUND_DAY, 650)]  # recorded before the ledger's view was taken
    assert ledger.balance(refund["member"]["id"]) == -50
    assert jifen.balance(PHONE) == -50  # the ledger's view of the member, as it answered the sync
    assert jifen.ok("report", "day", "--date", REFUND_DAY)["points_expired"] == ledger_expired(ledger) == 650
    check_books(ledger)


def test_an_older_terminals_journal_still_syncs_as_it_was_recorded(
        jifen: Jifen, synced: tuple[Ledger, str], monkeypatch: pytest.MonkeyPatch) -> None:
    """An older terminal gave the expired points back as live ones, paying off the debt first: its journal expires
    646 of the 650. The ledger keeps that entry as sent and counts 650 expired, the debt still owed."""
    ledger, sale_id = synced

    def as_older_versions_did(session: Session, member: Member, points: int, today: date, expires_on: date,
                              seq: int) -> None:
        lots.grant(session, member, points, today, expires_on, seq)

    monkeypatch.setattr(refunds, "_give_back_expired", as_older_versions_did)
    jifen.now = f"{REFUND_DAY}T10:00:00+08:00"
    refund = jifen.ok("refund", sale_id, by="max")
    assert (refund["member"]["balance"], refund["member"]["debt_points"]) == (-46, 46)
    assert jifen.ok("sync")["pending"] == 0
    assert expiry_entries(jifen)[-1:] == [(REFUND_DAY, 646)]
    with ledger.session() as s:
        kept = s.scalars(select(Entry.payload).where(Entry.kind == "expire").order_by(Entry.seq)).all()
        assert json.loads(kept[-1])["points"] == 646
        assert s.scalars(select(Conflict)).all() == []
    assert ledger.balance(refund["member"]["id"]) == -50
    assert ledger_expired(ledger) == 650
    check_books(ledger)
