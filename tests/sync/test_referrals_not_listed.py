"""The referral bonuses tills pay are never listed as not due (kind referral_again, ledger/conflicts.py), however the
member's registration, first sale and the tills' syncs fall: two real tills syncing with a ledger over TCP, one or
both offline for a while. check_end_state holds the ledger to no conflict at all."""

import pytest

from terminal.journal import Who
from terminal.services.members import register_member
from terminal.services.sales import SaleRequest, SaleResult, record_sale
from tests.helpers.store import CASHIER
from tests.helpers.sync_lanes import Lane, check_end_state, close_lanes, finish, open_lanes, sync_until_done
from tests.sync.conftest import Network

pytestmark = pytest.mark.usefixtures("ledger_day")


def register(lane: Lane, phone: str, referrer: str | None = None) -> str:
    return register_member(lane.till.uow(), lane.till.shop, Who(CASHIER.name), phone, None, referrer).id


def sell(lane: Lane, member: str) -> SaleResult:
    return record_sale(lane.till.uow(), lane.till.shop, CASHIER, SaleRequest([("general", 10000)], member, 0, "cash"))


def test_a_first_sale_at_a_till_offline_since_the_registration_synced(network: Network) -> None:
    lanes = open_lanes(network.ledger, network.root, network.url, 2)
    one, two = lanes
    try:
        referrer = register(two, "13800000001")
        finish(lanes, "referrer")
        new = register(one, "13800000002", referrer)  # the referrer came from the ledger
        sync_until_done(one, "registration")
        sync_until_done(two, "registration")
        assert sell(two, new).bonus_points == 100  # offline from here on: it heard of the member, not of a sale
        assert sell(two, new).bonus_points == 0
        assert sell(one, new).bonus_points == 100  # offline too: its own first sale of the member pays it as well
        finish(lanes, "first sales")
        assert sell(one, new).bonus_points == sell(two, new).bonus_points == 0
        finish(lanes, "later sales")
        assert network.ledger.balance(referrer) == 500 + 200
        check_end_state(network.ledger, lanes, "offline")
    finally:
        close_lanes(lanes)


def test_a_registration_and_first_sale_made_offline_sync_later(network: Network) -> None:
    lanes = open_lanes(network.ledger, network.root, network.url, 2)
    one, two = lanes
    try:
        referrer = register(one, "13800000001")
        new = register(one, "13800000002", referrer)
        assert sell(one, new).bonus_points == 100
        finish(lanes, "offline till")
        assert sell(two, new).bonus_points == 0  # the ledger's snapshot settled it: no till pays it again
        finish(lanes, "settled")
        assert network.ledger.balance(new) == 500 + 50 + 100 + 50
        check_end_state(network.ledger, lanes, "settled")
    finally:
        close_lanes(lanes)


def test_a_member_registered_at_another_till_than_their_referrer_first_buying_at_the_referrers(network: Network) -> None:
    """The referrer registered at one till, the member at the other, the member's first sale back at the first."""
    lanes = open_lanes(network.ledger, network.root, network.url, 2)
    one, two = lanes
    try:
        referrer = register(one, "13800000001")
        finish(lanes, "referrer")
        new = register(two, "13800000002", referrer)
        finish(lanes, "member")
        assert sell(one, new).bonus_points == 100
        finish(lanes, "first sale")
        assert sell(two, new).bonus_points == 0
        finish(lanes, "second sale")
        check_end_state(network.ledger, lanes, "elsewhere")
    finally:
        close_lanes(lanes)
