"""A change that touches more members than one page of /v1/changes holds (the night a year's points expire, for a
chain of more than 5,000 members) still reaches every till in full: the pages go on until every member is sent. A
ledger whose older `expire` stamped them all with one number is mended by its upgrade (migration 0015)."""

from datetime import date
from typing import Any

from alembic import command
from sqlalchemy import insert, update

from ledger.expiry import expire_all
from ledger.models import Counter, Lot, Member
from ledger.snapshots import PULL_LIMIT
from tests.helpers.ledger import Ledger, schema_migrations

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
MEMBERS = PULL_LIMIT + 1200


def member_id(n: int) -> str:
    digits = ""
    for _ in range(12):
        n, digit = divmod(n, 32)
        digits = _CROCKFORD[digit] + digits
    return "M" + digits


def members_with_points_due(ledger: Ledger, count: int) -> list[str]:
    """COUNT members of m1, each with 100 points that expired at the end of 2025, pulled by no till since."""
    ids = [member_id(1000 + n) for n in range(count)]
    ledger.do(lambda s: (
        s.execute(insert(Member), [{"id": m, "currency": "m1", "merchant_id": "m1", "phone": f"139{n:08d}",
                                    "registered_on": "2025-01-01", "debt": 0, "change": 0} for n, m in enumerate(ids)]),
        s.execute(insert(Lot), [{"member_id": m, "issuer": "m1", "granted_on": "2025-01-01", "expires_on": "2025-12-31",
                                 "points": 100, "remaining": 100, "source": f"seed:{n}"} for n, m in enumerate(ids)])))
    return ids


def pull_all(ledger: Ledger, token: str, cursor: int) -> tuple[int, dict[str, Any], int]:
    """Page /v1/changes from CURSOR as a till does until the ledger says there is no more: the last cursor, each
    member's latest snapshot, and how many pages it took."""
    got: dict[str, Any] = {}
    for pages in range(1, 20):
        answer = ledger.get("/v1/changes", token, cursor=cursor)
        assert answer.status_code == 200, answer.text
        page = answer.json()
        got |= {snapshot["id"]: snapshot for snapshot in page["members"]}
        assert page["cursor"] >= cursor
        cursor = page["cursor"]
        if not page["more"]:
            return cursor, got, pages
    raise AssertionError("the pages never end")


def test_a_night_expiring_more_members_than_a_page_reaches_the_till_in_full(ledger: Ledger) -> None:
    ledger.merchant("m1")
    token = ledger.terminal("m1", "静安店", "T1")
    ids = members_with_points_due(ledger, MEMBERS)
    start, _, _ = pull_all(ledger, token, 0)
    assert ledger.do(lambda s: expire_all(s, date(2026, 1, 1))) == (100 * MEMBERS, MEMBERS)
    cursor, got, pages = pull_all(ledger, token, start)
    assert sorted(got) == ids
    assert {snapshot["balance"] for snapshot in got.values()} == {0}
    assert cursor > start and pages >= 2
    again = ledger.get("/v1/changes", token, cursor=cursor).json()
    assert (again["members"], again["cursor"], again["more"]) == ([], cursor, False)


def test_the_upgrade_sends_a_till_the_members_an_older_expiry_left_behind(ledger: Ledger) -> None:
    ledger.merchant("m1")
    token = ledger.terminal("m1", "静安店", "T1")
    ids = members_with_points_due(ledger, MEMBERS)

    def one_number_for_all(s: Any) -> None:  # what expire did before: one change number for every member it touched
        s.execute(update(Counter).where(Counter.name == "change").values(value=Counter.value + 1))
        s.execute(update(Member).values(change=s.get(Counter, "change").value))

    ledger.do(one_number_for_all)
    first = ledger.get("/v1/changes", token, cursor=0).json()
    assert (len(first["members"]), first["more"]) == (PULL_LIMIT, True)
    stuck = ledger.get("/v1/changes", token, cursor=first["cursor"]).json()
    assert (stuck["members"], stuck["more"]) == ([], False)  # the rest were never sent
    with schema_migrations(ledger.engine) as (config, _):
        command.downgrade(config, "0014")
        command.upgrade(config, "head")
    cursor, got, _ = pull_all(ledger, token, first["cursor"])
    assert sorted(got) == ids and cursor > first["cursor"]
    again = ledger.get("/v1/changes", token, cursor=cursor).json()
    assert (again["members"], again["more"]) == ([], False)
