"""Bugs the fault runs found, each pinned down on its own: the referral bonus at another store,
a sync with nothing to send counting as online, and a pull that skipped a member for good; and
pulling changes page by page, which the fixes for the first and last rely on."""

import json
from collections.abc import Callable

import pytest
from sqlalchemy import select

from ledger import snapshots
from ledger.models import Entry
from ledger.models import Terminal as LedgerTerminal
from sync.client import LedgerClient
from sync.protocol import Changes
from sync import relay
from sync.relay import Syncer
from terminal.journal import Who
from terminal.services.codes import revoke_member_codes
from terminal.services.members import register_member, show_member
from terminal.services.sales import SaleRequest, record_sale
from tests.helpers.fault_proxy import FaultProxy
from tests.helpers.ledger import Ledger
from tests.helpers.store import CASHIER, MANAGER, move_clock
from tests.helpers.sync_lanes import (Lane, check_end_state, close_lanes, finish, open_lanes, sync_until_done,
                                      try_sync)
from tests.sync.conftest import Network

pytestmark = pytest.mark.usefixtures("ledger_day")
ONLY_PASS = {"pass": 1}


def referral_bonuses(ledger: Ledger, merchant: str, new_member: str) -> list[tuple[str, str]]:
    """(terminal, member) of each referral bonus the ledger holds for ``new_member``'s first sale."""
    with ledger.session() as s:
        rows = s.execute(select(LedgerTerminal.terminal_id, Entry.payload).join(
            LedgerTerminal, LedgerTerminal.pk == Entry.terminal_pk).where(Entry.merchant_id == merchant,
                                                                          Entry.kind == "bonus"))
        found = [(terminal, json.loads(payload)) for terminal, payload in rows]
    return sorted((terminal, p["member_id"]) for terminal, p in found
                  if p.get("reason") == "referral" and p.get("new_member_id") == new_member)


def test_a_referred_members_first_sale_at_another_store_grants_the_referral_bonus(network: Network) -> None:
    lanes = open_lanes(network.ledger, network.root, network.url, 2)
    one, two = lanes
    referrer = register_member(one.till.uow(), one.till.shop, Who(CASHIER.name), "13800000001").id
    new = register_member(one.till.uow(), one.till.shop, Who(CASHIER.name), "13800000002", None, referrer).id
    finish(lanes, "referral")
    sale = record_sale(two.till.uow(), two.till.shop, CASHIER, SaleRequest([("general", 10000)], new, 0, "cash"))
    finish(lanes, "referral")
    again = record_sale(one.till.uow(), one.till.shop, CASHIER, SaleRequest([("general", 10000)], new, 0, "cash"))
    finish(lanes, "referral")
    try:
        assert sale.bonus_points == 100 and again.bonus_points == 0  # once per new member, whichever store sells first
        assert referral_bonuses(network.ledger, "m1", new) == sorted([("T2", new), ("T2", referrer)])
        assert network.ledger.balance(new) == 500 + 50 + 100 + 50 and network.ledger.balance(referrer) == 500 + 100
        check_end_state(network.ledger, lanes, "referral")
    finally:
        close_lanes(lanes)


def test_a_successful_sync_with_nothing_to_send_counts_as_online(network: Network) -> None:
    with FaultProxy(network.url, 1, ONLY_PASS) as proxy:
        lane = open_lanes(network.ledger, network.root, proxy.url, 1)[0]
        assert lane.syncer.sync_once() > 0 and lane.syncer.status().online
        proxy.down = True
        assert not try_sync(lane, "status") and not lane.syncer.status().online
        proxy.down = False
        move_clock(lane.till, "2026-03-01 10:30")  # a quiet half hour: nothing sold, so nothing to send
        assert lane.syncer.sync_once() == 0 and not lane.till.shop.offline_caps_apply
        status = lane.syncer.status()
        lane.reopen()  # the app restarts
        try:
            assert (status.online, status.last_error, status.last_success) == (True, None, "2026-03-01T02:30:00.000Z")
            assert not lane.till.shop.offline_caps_apply
        finally:
            close_lanes([lane])


class SellsWhilePulling(LedgerClient):
    """A client that lets the counter write an entry just before its first pull, as happens when the
    background sync pulls while the counter is busy."""

    def __init__(self, url: str, token: str, sale: Callable[[], object]) -> None:
        super().__init__(url, token)
        self.sale: Callable[[], object] | None = sale

    def changes(self, cursor: int) -> Changes:
        sale, self.sale = self.sale, None
        if sale is not None:
            sale()
        return super().changes(cursor)


def revoke_codes(lane: Lane, member_id: str) -> object:
    """An entry naming the member that changes nothing about them at the ledger."""
    return revoke_member_codes(lane.till.uow(), lane.till.shop, MANAGER, member_id)


def small_sale(lane: Lane, member_id: str) -> object:
    """¥1 of general goods earns 0 points, but names the member."""
    return record_sale(lane.till.uow(), lane.till.shop, CASHIER, SaleRequest([("general", 100)], member_id, 0, "cash"))


@pytest.mark.parametrize("naming", [revoke_codes, small_sale], ids=["code revocation", "sale earning nothing"])
def test_a_member_skipped_by_a_pull_is_brought_up_to_date_later(network: Network,
                                                                naming: Callable[[Lane, str], object]) -> None:
    """The pull meets a member with an entry pending here: it skips them, and must not move its
    cursor past their change, or their later ledger changes would never be adopted."""
    lanes = open_lanes(network.ledger, network.root, network.url, 2)
    one, two = lanes
    member_id = register_member(one.till.uow(), one.till.shop, Who(CASHIER.name), "13800000001").id
    finish(lanes, "skipped member")
    record_sale(one.till.uow(), one.till.shop, CASHIER, SaleRequest([("general", 10000)], member_id, 0, "cash"))  # +50
    sync_until_done(one, "skipped member")
    token = (two.till.home.root / "ledger.token").read_text().strip()
    two.syncer = Syncer(two.till, SellsWhilePulling(network.url, token, lambda: naming(two, member_id)))
    two.syncer.sync_once()  # pushes nothing; the entry lands; the pull skips the member (pending)
    assert show_member(two.till.reading(), two.till.shop, member_id).balance == 500
    two.syncer.sync_once()  # pushes the entry; the pull asks again from before the member's change
    try:
        assert show_member(two.till.reading(), two.till.shop, member_id).balance == network.ledger.balance(member_id) == 550
    finally:
        close_lanes(lanes)


class CountsPulls(LedgerClient):
    def __init__(self, url: str, token: str) -> None:
        super().__init__(url, token)
        self.pulls = 0

    def changes(self, cursor: int) -> Changes:
        self.pulls += 1
        return super().changes(cursor)


def test_pages_of_changes_are_pulled_to_the_end_and_a_referrer_on_a_later_page_is_linked(
        network: Network, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(snapshots, "PULL_LIMIT", 3)  # the ledger runs in this process: pages of 3 members
    monkeypatch.setattr(relay, "MAX_BATCH", 2)  # a change per registration, as a page never splits a change
    lanes = open_lanes(network.ledger, network.root, network.url, 2)
    one, two = lanes
    referrer = register_member(one.till.uow(), one.till.shop, Who(CASHIER.name), "13800000001").id
    new = register_member(one.till.uow(), one.till.shop, Who(CASHIER.name), "13800000002", None, referrer).id
    others = [register_member(one.till.uow(), one.till.shop, Who(CASHIER.name), f"1390000000{n}").id for n in range(5)]
    sync_until_done(one, "pages")
    record_sale(one.till.uow(), one.till.shop, CASHIER, SaleRequest([("general", 10000)], referrer, 0, "cash"))
    sync_until_done(one, "pages")  # the referrer's change is now the last: it comes on the last page
    token = (two.till.home.root / "ledger.token").read_text().strip()
    two.syncer = Syncer(two.till, CountsPulls(network.url, token))
    sync_until_done(two, "pages")
    try:
        assert sorted(two.members()) == sorted([referrer, new, *others])
        client = two.syncer.client
        assert isinstance(client, CountsPulls) and client.pulls > 3
        pulls = client.pulls
        two.syncer.sync_once()
        assert client.pulls == pulls + 1  # a page that was not full: no need to ask again
        sale = record_sale(two.till.uow(), two.till.shop, CASHIER, SaleRequest([("general", 10000)], new, 0, "cash"))
        assert sale.bonus_points == 100
        finish(lanes, "pages")
        check_end_state(network.ledger, lanes, "pages")
    finally:
        close_lanes(lanes)
