"""Per-member limits across terminals, over real TCP: two offline terminals that together let a member
take a gift more often than allowed are flagged for the owner once they sync (report and API), and a
terminal that has pulled the ledger's counts refuses what another terminal's exchanges used up."""

import json
from datetime import date
from typing import Any

import pytest

from ledger import cli as ledger_cli
from ledger import mall as ledger_mall
from sync.client import Answer, LedgerClient, LedgerRefused
from sync.mall import pull_catalog
from sync.protocol import MallTakes
from sync.link_files import load_token
from terminal.errors import Refused
from terminal.ledger_link import the_link
from terminal.models import LedgerTake
from terminal.services import mall
from tests.helpers.store import CASHIER, MANAGER, member, move_clock
from tests.mall.test_mall_sync import admin_post

ONCE = {"id": "ONCE", "name_zh": "限量杯", "name_en": "Limited cup", "points": 100, "per_member": 1}
DAILY = {"id": "DAILY", "name_zh": "每日券", "name_en": "Daily pen", "points": 50, "per_day": 1}


@pytest.fixture
def two(network: Any, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any, Any, Any, str]:
    """T1 and T2 of merchant m1, both knowing the member (500 points) and the catalog, then left offline."""
    monkeypatch.setenv("JIFEN_NOW", "2026-03-01T12:00:00+08:00")  # the ledger's business day is the terminals'
    for item in (ONCE, DAILY):
        admin_post(network, "/v1/mall/items", {"merchant": "m1", "item": item})
    one, two_ = network.store("T1"), network.store("T2", name="徐汇店")
    sync_one = network.connect(one, network.ledger.terminal("m1", "静安店", "T1"))
    sync_two = network.connect(two_, network.ledger.terminal("m1", "徐汇店", "T2"))
    someone = member(one)
    sync_one.sync_once()
    sync_two.sync_once()
    return one, two_, sync_one, sync_two, someone


def refusal(till: Any, item: str, who: str) -> str:
    with pytest.raises(Refused) as refused:
        mall.exchange_gift(till.uow(), till.shop, CASHIER, item, who)
    return refused.value.code


def test_offline_terminals_going_over_a_limit_are_flagged_for_the_owner(network: Any, two: Any, tmp_path: Any,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    one, two_, sync_one, sync_two, someone = two
    for till in (one, two_):  # each knows only its own exchanges: both let the member have it
        mall.exchange_gift(till.uow(), till.shop, CASHIER, "ONCE", someone)
        mall.exchange_gift(till.uow(), till.shop, CASHIER, "DAILY", someone)
    sync_one.sync_once()
    sync_two.sync_once()
    breaches = network.ledger.get("/v1/reports/limit-breaches", merchant="m1").json()
    assert [(b["item_id"], b["member_id"], b["limit"], b["allowed"], b["taken"], b["date"], b["terminals"])
            for b in breaches] == [
        ("ONCE", someone, "per_member", 1, 2, None, {"T1": 1, "T2": 1}),
        ("DAILY", someone, "per_day", 1, 2, "2026-03-01", {"T1": 1, "T2": 1}),
    ]
    assert breaches[0]["name_zh"] == "限量杯"
    with network.ledger.session() as s:
        assert ledger_mall.limit_breaches(s, "m1") == breaches

    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    assert ledger_cli.main(["--db", url, "report", "limit-breaches", "--merchant", "m1", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["breaches"] == breaches
    assert ledger_cli.main(["--db", url, "report", "limit-breaches", "--merchant", "m1"]) == 0
    text = capsys.readouterr().out
    assert f"{someone} took ONCE (Limited cup) 2 times in all, the limit is 1: T1 1, T2 1" in text
    assert f"{someone} took DAILY (Daily pen) 2 times on 2026-03-01, the limit is 1: T1 1, T2 1" in text


def test_a_cancel_takes_the_exchange_out_of_the_count(network: Any, two: Any) -> None:
    one, two_, sync_one, sync_two, someone = two
    done = mall.exchange_gift(one.uow(), one.shop, CASHIER, "ONCE", someone)
    mall.exchange_gift(two_.uow(), two_.shop, CASHIER, "ONCE", someone)
    mall.cancel_exchange(one.uow(), one.shop, MANAGER, done.exchange_id)
    sync_one.sync_once()
    sync_two.sync_once()
    assert network.ledger.get("/v1/reports/limit-breaches", merchant="m1").json() == []


def held_takes(till: Any) -> dict[tuple[str, str], tuple[int, int]]:
    with till.reading() as uow:
        return {(t.member_id, t.item_id): (t.total, t.on_day) for t in uow.session.query(LedgerTake)}


def takes_cursor(till: Any) -> int:
    with till.reading() as uow:
        return the_link(uow.session).takes_cursor


def test_a_terminal_counts_what_other_terminals_took_once_it_has_pulled(network: Any, two: Any) -> None:
    one, two_, sync_one, sync_two, someone = two
    mall.exchange_gift(one.uow(), one.shop, CASHIER, "ONCE", someone)
    mall.exchange_gift(one.uow(), one.shop, CASHIER, "DAILY", someone)
    sync_one.sync_once()
    sync_two.sync_once()  # T2 pulls the ledger's counts, then goes offline
    held = held_takes(two_)
    assert held == {(someone, "ONCE"): (1, 1), (someone, "DAILY"): (1, 1)}
    cursor = takes_cursor(two_)
    sync_two.sync_once()  # nothing new: nothing comes, nothing held goes
    assert takes_cursor(two_) == cursor > 0 and held_takes(two_) == held
    assert refusal(two_, "ONCE", someone) == "over_limit"
    assert refusal(two_, "DAILY", someone) == "over_limit"
    move_clock(two_, "2026-03-02 10:00")
    mall.exchange_gift(two_.uow(), two_.shop, CASHIER, "DAILY", someone)  # a new day: the daily limit starts again
    assert refusal(two_, "DAILY", someone) == "over_limit"  # and counts T2's own exchange not yet synced


def test_a_cancel_at_another_terminal_frees_the_limit_after_sync(network: Any, two: Any) -> None:
    one, two_, sync_one, sync_two, someone = two
    done = mall.exchange_gift(one.uow(), one.shop, CASHIER, "ONCE", someone)
    sync_one.sync_once()
    sync_two.sync_once()
    assert refusal(two_, "ONCE", someone) == "over_limit"
    mall.cancel_exchange(one.uow(), one.shop, MANAGER, done.exchange_id)
    sync_one.sync_once()
    sync_two.sync_once()
    assert mall.exchange_gift(two_.uow(), two_.shop, CASHIER, "ONCE", someone).points == 100


class OldLedger(LedgerClient):
    """A ledger from before /v1/mall/takes: it answers 404 there."""

    def _call(self, method: str, path: str, answer: type[Answer], **kwargs: Any) -> Answer:
        if path == "/v1/mall/takes":
            raise LedgerRefused(404, "not_found", "Not Found")
        return super()._call(method, path, answer, **kwargs)


def test_a_ledger_without_the_counts_leaves_the_terminal_counting_its_own(network: Any, two: Any) -> None:
    one, _, sync_one, _, someone = two
    mall.exchange_gift(one.uow(), one.shop, CASHIER, "ONCE", someone)
    sync_one.push()  # acknowledged: no longer pending here, and the ledger sends no count of it
    old = OldLedger(network.url, load_token(one))
    assert old.mall_takes() is None
    pull_catalog(one, old)
    with one.reading() as uow:
        assert uow.session.query(LedgerTake).count() == 0
    assert refusal(one, "ONCE", someone) == "over_limit"


class LedgerWithoutPages(LedgerClient):
    """A ledger from before the takes cursor: it sends every limited item's takes, and no cursor."""

    def _call(self, method: str, path: str, answer: type[Answer], **kwargs: Any) -> Answer:
        return super()._call(method, path, answer, **{k: v for k, v in kwargs.items() if k != "params"})


def test_a_ledger_that_sends_all_the_takes_replaces_those_held(network: Any, two: Any) -> None:
    one, two_, sync_one, sync_two, someone = two
    done = mall.exchange_gift(one.uow(), one.shop, CASHIER, "ONCE", someone)
    sync_one.sync_once()
    sync_two.sync_once()
    assert held_takes(two_) == {(someone, "ONCE"): (1, 1)}
    mall.cancel_exchange(one.uow(), one.shop, MANAGER, done.exchange_id)
    sync_one.sync_once()
    pull_catalog(two_, LedgerWithoutPages(network.url, load_token(two_)))
    assert held_takes(two_) == {}  # the cancelled take is no longer in the ledger's list
    assert mall.exchange_gift(two_.uow(), two_.shop, CASHIER, "ONCE", someone).points == 100


def test_a_terminal_pointed_at_another_ledger_pulls_every_take_from_it_again(network: Any, two: Any) -> None:
    one, two_, sync_one, sync_two, someone = two
    mall.exchange_gift(one.uow(), one.shop, CASHIER, "ONCE", someone)
    sync_one.sync_once()
    sync_two.sync_once()
    assert takes_cursor(two_) > 0
    with two_.uow() as uow:  # a count the first ledger sent that the next one does not have
        uow.session.add(LedgerTake(member_id="M0000000000X", item_id="DAILY", total=1, day=date(2026, 3, 1), on_day=1))
        uow.commit()
    moved = network.connect(two_, load_token(two_), url=network.url.replace("127.0.0.1", "localhost"))
    assert takes_cursor(two_) == 0
    moved.sync_once()
    assert held_takes(two_) == {(someone, "ONCE"): (1, 1)} and takes_cursor(two_) > 0


class LedgerStuckOnOnePage(LedgerClient):
    """A ledger that answers "more" without moving its cursor."""

    def mall_takes(self, cursor: int | None = None) -> MallTakes | None:
        page = super().mall_takes(cursor)
        return None if page is None else page.model_copy(update={"more": True, "cursor": cursor})


def test_a_page_that_moves_nothing_ends_the_pull(network: Any, two: Any) -> None:
    one, two_, sync_one, _, someone = two
    mall.exchange_gift(one.uow(), one.shop, CASHIER, "ONCE", someone)
    sync_one.sync_once()
    pull_catalog(two_, LedgerStuckOnOnePage(network.url, load_token(two_)))  # returns: no endless loop
    assert held_takes(two_) == {(someone, "ONCE"): (1, 1)}
