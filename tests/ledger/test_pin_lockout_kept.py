"""A till's ``pin_lockout`` entry (wrong PINs locked someone out) travels to the ledger, which keeps it as sent and
applies nothing: no member's points, no day's figures move."""

from pathlib import Path

import pytest
from sqlalchemy import select

from ledger.models import Entry
from terminal.errors import Refused
from terminal.services.cashiers import authenticate
from tests.helpers.ledger import Ledger, journal_of, shop_till
from tests.helpers.store import member, sell


def test_the_ledger_keeps_a_lockout_and_applies_nothing(ledger: Ledger, tmp_path: Path) -> None:
    ledger.merchant("m1")
    till = shop_till(tmp_path, "静安店", "T1")
    token = ledger.terminal("m1", "静安店", "T1")
    someone = member(till)
    sell(till, someone, ("general", 1000))
    ledger.sync(till, token)
    day = till.shop.today().isoformat()
    before = ledger.get("/v1/reports/day", merchant="m1", day=day).json(), ledger.balance(someone)
    sent = len(journal_of(till))
    for _ in range(5):
        with pytest.raises(Refused):
            authenticate(till.uow(), till.shop, "boss", "0000", "amy")
    ledger.sync(till, token, after=sent)
    with ledger.session() as s:
        kept = s.execute(select(Entry.kind, Entry.actor, Entry.points_delta).where(Entry.kind == "pin_lockout")).all()
    assert [tuple(row) for row in kept] == [("pin_lockout", "amy", 0)]
    assert (ledger.get("/v1/reports/day", merchant="m1", day=day).json(), ledger.balance(someone)) == before
