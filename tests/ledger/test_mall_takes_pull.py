"""Terminals pull members' mall takes after a cursor, a page at a time, on both engines: only the pairs
that changed come again (a cancel's count back at 0 included), a terminal that asks without a cursor
gets the whole list of limited items in the first shape, and takes held before the cursor existed
are numbered by the migration so that every terminal pulls them."""

from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import text

from ledger import mall
from ledger.models import MallTake
from ledger.snapshots import PULL_LIMIT
from sync.protocol import MAX_BATCH
from terminal.home import Home
from terminal.mall.catalog import ItemSpec
from terminal.services import mall as terminal_mall
from tests.helpers.ledger import Ledger, schema_migrations
from tests.helpers.store import CASHIER, MANAGER, OWNER, member, new_till

ONCE = {"id": "ONCE", "name_zh": "限量杯", "name_en": "Limited cup", "points": 100, "per_member": 1}


@pytest.fixture
def shop(ledger: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("JIFEN_NOW", "2026-03-01T12:00:00+08:00")  # the ledger's business day is the terminal's
    ledger.merchant("m1")
    assert ledger.client.post("/v1/mall/items", json={"merchant": "m1", "item": ONCE},
                              headers={"Authorization": f"Bearer {ledger.admin}"}).status_code < 300
    till = new_till(Home(tmp_path / "T1"))
    for item_id in ("ONCE", "MUG"):
        terminal_mall.add_item(till.uow(), till.shop, OWNER, ItemSpec(item_id, "杯", "Cup", 100), None)
    yield till, ledger.terminal("m1", "静安店", "T1")
    till.close()


def pull(ledger: Ledger, token: str, **params: Any) -> dict[str, Any]:
    answer = ledger.get("/v1/mall/takes", token, **params)
    assert answer.status_code == 200, answer.text
    return answer.json()  # type: ignore[no-any-return]


def taken(page: dict[str, Any]) -> list[tuple[str, str, int, int]]:
    return [(t["member_id"], t["item_id"], t["total"], t["on_day"]) for t in page["takes"]]


def test_only_the_takes_that_changed_come_again(ledger: Ledger, shop: Any) -> None:
    till, token = shop
    amy, bob = member(till, "13800000001"), member(till, "13800000002")
    done = terminal_mall.exchange_gift(till.uow(), till.shop, CASHIER, "ONCE", amy)
    terminal_mall.exchange_gift(till.uow(), till.shop, CASHIER, "MUG", bob)  # no limit: pulled all the same
    sent = ledger.sync(till, token)["acknowledged_seq"]
    first = pull(ledger, token, cursor=0)
    assert sorted(taken(first)) == sorted([(amy, "ONCE", 1, 1), (bob, "MUG", 1, 1)])
    assert first["more"] is False and first["cursor"] > 0 and first["day"] == "2026-03-01"
    assert pull(ledger, token, cursor=first["cursor"]) == {"day": "2026-03-01", "takes": [], "cursor": first["cursor"],
                                                           "more": False}
    terminal_mall.cancel_exchange(till.uow(), till.shop, CASHIER, done.exchange_id, MANAGER)
    ledger.sync(till, token, after=sent)
    again = pull(ledger, token, cursor=first["cursor"])
    assert taken(again) == [(amy, "ONCE", 0, 0)] and again["cursor"] > first["cursor"]  # the 0 replaces the 1 held


def test_a_terminal_asking_without_a_cursor_gets_the_limited_items_in_the_first_shape(ledger: Ledger, shop: Any) -> None:
    till, token = shop
    amy = member(till, "13800000001")
    for item_id in ("ONCE", "MUG"):
        terminal_mall.exchange_gift(till.uow(), till.shop, CASHIER, item_id, amy)
    ledger.sync(till, token)
    assert pull(ledger, token) == {"day": "2026-03-01", "takes": [{"member_id": amy, "item_id": "ONCE", "total": 1,
                                                                   "on_day": 1}]}


def test_pages_never_split_a_change_and_end_with_more_false(ledger: Ledger, shop: Any,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    till, token = shop
    sent = 0
    people = [member(till, f"1380000000{n}") for n in range(3)]
    for person in people:  # one batch each: three change numbers
        terminal_mall.exchange_gift(till.uow(), till.shop, CASHIER, "ONCE", person)
        answer = ledger.sync(till, token, after=sent)
        sent = answer["acknowledged_seq"]
    monkeypatch.setattr(mall, "PULL_LIMIT", 2)
    cursor, pages = 0, []
    while True:
        page = pull(ledger, token, cursor=cursor)
        pages.append([t["member_id"] for t in page["takes"]])
        cursor = page["cursor"]
        if not page["more"]:
            break
    assert pages == [[people[0]], [people[1]], [people[2]]]


def test_a_change_of_several_pairs_is_never_split_across_pages(ledger: Ledger, shop: Any,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    till, token = shop
    amy, bob, cat = (member(till, f"1380000000{n}") for n in range(3))
    terminal_mall.exchange_gift(till.uow(), till.shop, CASHIER, "ONCE", amy)
    sent = ledger.sync(till, token)["acknowledged_seq"]
    for person in (bob, cat):  # one batch: one change number for both
        terminal_mall.exchange_gift(till.uow(), till.shop, CASHIER, "ONCE", person)
    ledger.sync(till, token, after=sent)
    monkeypatch.setattr(mall, "PULL_LIMIT", 2)
    first = pull(ledger, token, cursor=0)
    assert [t["member_id"] for t in first["takes"]] == [amy] and first["more"] is True
    second = pull(ledger, token, cursor=first["cursor"])
    assert sorted(t["member_id"] for t in second["takes"]) == sorted([bob, cat])
    assert pull(ledger, token, cursor=second["cursor"])["takes"] == []


def test_a_page_holds_a_whole_batch() -> None:
    assert MAX_BATCH <= PULL_LIMIT  # so a page that is one change is always the whole of it


def test_a_terminal_ahead_of_the_ledger_gets_everything_again(ledger: Ledger, shop: Any) -> None:
    """A ledger restored from a backup numbers changes from where the backup was."""
    till, token = shop
    amy = member(till, "13800000001")
    terminal_mall.exchange_gift(till.uow(), till.shop, CASHIER, "ONCE", amy)
    ledger.sync(till, token)
    assert taken(pull(ledger, token, cursor=10**9)) == [(amy, "ONCE", 1, 1)]


def test_takes_held_before_the_cursor_are_numbered_by_the_migration(ledger: Ledger, shop: Any) -> None:
    till, token = shop
    amy, bob = member(till, "13800000001"), member(till, "13800000002")
    for person in (amy, bob):
        terminal_mall.exchange_gift(till.uow(), till.shop, CASHIER, "ONCE", person)
    ledger.sync(till, token)
    with schema_migrations(ledger.engine) as (config, conn):
        command.downgrade(config, "0005")
        counter = conn.scalar(text("SELECT value FROM counters WHERE name = 'change'"))
        command.upgrade(config, "head")
    with ledger.session() as s:
        numbers = sorted(s.scalars(text("SELECT change FROM mall_takes")))
        assert numbers == [counter + 1, counter + 2]
        assert s.scalar(text("SELECT value FROM counters WHERE name = 'change'")) == counter + 2
        assert s.query(MallTake).count() == 2
    assert sorted(taken(pull(ledger, token, cursor=0))) == sorted([(amy, "ONCE", 1, 1), (bob, "ONCE", 1, 1)])
