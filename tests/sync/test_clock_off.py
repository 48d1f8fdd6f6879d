"""A till whose computer clock is more than a day off the ledger's (a dead CMOS battery, a wrong date typed in)
sends and takes nothing, and records nothing, until the clock is corrected; then it takes every member again.

The till runs on the computer's clock moved by Clock.shift; the ledger beside it keeps the real time."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from sync.relay import Syncer
from terminal import ledger_link
from terminal.bootstrap import Till
from terminal.clock import Clock
from terminal.errors import Refused
from terminal.journal import Who
from terminal.services import expiry
from tests.helpers.cli import Jifen
from tests.helpers.ledger import Ledger
from tests.helpers.store import balance, member, sell
from tests.sync.conftest import Network
from tests.sync.test_link_problems import OffClockProxy

PHONE = "13800138000"
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _clock(till: Till, shift: timedelta = timedelta()) -> None:
    """The computer's clock, ``shift`` off the real time."""
    till.shop = replace(till.shop, clock=Clock(shift=shift))


def _connected(network: Network) -> tuple[Till, Syncer, str]:
    till = network.store("T1")  # opened on 2026-03-01
    _clock(till)
    token = network.ledger.terminal("m1", "静安店", "T1")
    return till, network.connect(till, token), token


def _pending(till: Till) -> int:
    with till.reading() as uow:
        return ledger_link.pending_count(uow.session)


def _held(network: Network, token: str) -> int:
    return int(network.ledger.get("/v1/whoami", token, held="true").json()["held_seq"])


def _refused(action: object) -> Refused:
    with pytest.raises(Refused) as refused:
        action()  # type: ignore[operator]
    return refused.value


def test_a_sync_on_a_clock_days_ahead_sends_and_takes_nothing_and_the_till_records_nothing(network: Network) -> None:
    till, syncer, token = _connected(network)
    m = member(till, PHONE)
    _clock(till, -timedelta(hours=20))  # under a day off: a warning only
    syncer.sync_once()
    ahead = syncer.status().clock_ahead
    assert ahead is not None and abs(ahead + 20 * 3600) < 60 and _pending(till) == 0
    sell(till, m, ("general", 10000))
    held, pending = _held(network, token), _pending(till)
    assert pending > 0
    _clock(till, timedelta(days=3, hours=1))
    refusal = _refused(syncer.sync_once)
    assert refusal.code == "bad_input"
    assert refusal.en == ("This till's clock is 3 days ahead of the ledger's: correct the computer's date and time, "
                          "then sync again: nothing was sent to the ledger or taken from it")
    assert refusal.zh.startswith("本机时钟比总账快 3 天：请校正电脑的日期和时间，然后再同步：未向总账发送任何记录")
    assert _held(network, token) == held and _pending(till) == pending
    assert "3 days ahead" in (syncer.status().last_error or "") and syncer.status().clock_ahead is not None
    stopped = _refused(lambda: sell(till, m, ("general", 500)))
    assert stopped.code == "bad_input"
    assert stopped.en == ("This till's clock is 3 days ahead of the ledger's: correct the computer's date and time, "
                          "then sync again; nothing was recorded")
    assert _pending(till) == pending
    _clock(till)  # corrected, the link still down: the till records again at once
    sell(till, m, ("general", 500))
    assert _pending(till) == pending + 1
    syncer.sync_once()
    assert _pending(till) == 0 and syncer.status().clock_ahead is None
    assert network.ledger.balance(m) == balance(till, m)


def test_the_stop_lifts_when_the_clock_is_moved_back_or_more_than_a_day_forward(network: Network) -> None:
    till, syncer, _ = _connected(network)
    m = member(till, PHONE)
    _clock(till, -timedelta(days=40))
    with pytest.raises(Refused):
        syncer.sync_once()
    _clock(till, -timedelta(days=40) + timedelta(hours=20))  # still within a day after the reading: still wrong
    assert "40 days behind" in _refused(lambda: member(till, "13900139000")).en
    _clock(till)  # set forward by 40 days: corrected
    sell(till, m, ("general", 500))
    _clock(till, timedelta(days=2))
    with pytest.raises(Refused):
        syncer.sync_once()
    _clock(till, timedelta(days=2) - timedelta(minutes=1))  # a minute back: moved back, by hand
    sell(till, m, ("general", 500))


def _past_the_lots_expiry() -> timedelta:
    """How far ahead a clock reads 2 January of the year after next: past the end of next year, when points
    earned today expire (the default rules' end_of_next_year), more than a year ahead whenever the test runs."""
    today = datetime.now(UTC).astimezone(SHANGHAI).date()
    return timedelta(days=(date(today.year + 2, 1, 2) - today).days)


def test_members_points_expired_on_a_clock_far_ahead_come_back_when_it_is_corrected(network: Network) -> None:
    till, syncer, token = _connected(network)
    m = member(till, PHONE)
    sell(till, m, ("general", 10000))
    syncer.sync_once()
    points = balance(till, m)
    assert points > 500 and network.ledger.balance(m) == points
    ahead = _past_the_lots_expiry()
    _clock(till, ahead)
    assert expiry.expire_points(till.uow(), till.shop, Who(None)).expired_points == points  # before any sync saw it
    assert balance(till, m) == 0
    refusal = _refused(syncer.sync_once)
    assert f"This till's clock is {ahead.days} days ahead of the ledger's" in refusal.en
    assert _pending(till) > 0
    _clock(till)
    syncer.sync_once()
    assert _pending(till) == 0
    assert balance(till, m) == network.ledger.balance(m) == points
    sold = sell(till, m, ("general", 2000), redeem=100)  # the member spends them again
    assert sold.redeemed_points == 100


def test_jifen_sync_on_a_clock_two_days_behind_exits_2_and_sends_nothing(
        jifen: Jifen, ledger_url: tuple[Ledger, str]) -> None:
    ledger, url = ledger_url
    jifen.now = None  # the computer's clock
    token = ledger.terminal("m1", "静安店", "T1")
    jifen.ok("ledger", "connect", url, by="boss", env={"JIFEN_LEDGER_TOKEN": token})
    jifen.ok("sale", "--line", "general:10", by="amy")
    advice = "This till's clock is 2 days behind the ledger's: correct the computer's date and time"
    with OffClockProxy(url, shift=timedelta(days=2)) as proxy:
        jifen.query("UPDATE ledger_link SET url = ?", proxy.url)
        run = jifen("sync")
        assert run.status == 2 and run.out == ""
        assert f"{advice}, then sync again: nothing was sent to the ledger or taken from it" in run.err
        assert jifen.refused("sync") == "bad_input"
        assert ledger.get("/v1/whoami", token, held="true").json()["held_seq"] == 0
        assert advice in jifen("sync", "--status").out
        stored = jifen.dump()
        run = jifen("sale", "--line", "general:10", by="amy")
        assert run.status == 2 and f"{advice}, then sync again; nothing was recorded" in run.err
        assert jifen.dump() == stored
        proxy.shift = timedelta()  # corrected
        sent = jifen.ok("sync")
        assert sent["pending"] == 0 and sent["pushed"] > 0 and sent["clock_ahead_seconds"] is None
    jifen.ok("sale", "--line", "general:10", by="amy")
