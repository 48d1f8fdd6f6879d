"""/v1/health of a ledger whose database answers SELECT but cannot store (its disk full): once a write failed for
want of room, health answers 503 database_full with Retry-After, so a load balancer or a monitor sees it, for a
minute or until a write goes through. Health itself writes nothing. A SQLite ledger on a small tmpfs filled to the
last byte, served over real TCP."""

import itertools
from pathlib import Path

import pytest
import requests

from ledger import api
from tests.helpers.ledger import Ledger
from tests.sync.test_sync_waits_as_asked import filled, ledger_on_a_small_disk

_names = itertools.count(2)


def health(url: str) -> tuple[int, str, str | None]:
    """What a monitor sees: the status, the body's code (``ok``) and Retry-After."""
    answer = requests.get(url + "/v1/health", timeout=10)
    code = "ok" if answer.status_code == 200 and answer.json()["ok"] is True else answer.json()["error"]
    return answer.status_code, code, answer.headers.get("Retry-After")


def add_merchant(ledger: Ledger, url: str) -> tuple[int, str | None]:
    """A write, as the ledger's owner makes one: its status and error code."""
    answer = requests.post(url + "/v1/merchants", json={"id": f"m{next(_names)}", "name": "徐汇连锁"},
                           headers={"Authorization": f"Bearer {ledger.admin}"}, timeout=30)
    return answer.status_code, answer.json().get("error")


FULL = (503, "database_full", "300")
OK = (200, "ok", None)


def test_health_says_the_database_cannot_store_until_a_write_goes_through(tmp_path: Path) -> None:
    with ledger_on_a_small_disk(tmp_path) as (ledger, url, disk):
        filler = filled(disk)
        assert health(url) == OK  # nothing has tried to write yet, and health does not
        assert add_merchant(ledger, url) == (503, "database_full")
        assert health(url) == FULL
        assert health(url) == FULL

        filler.unlink()
        assert health(url) == FULL  # room again, but no write has shown it yet
        assert add_merchant(ledger, url) == (201, None)
        assert health(url) == OK
        assert health(url) == OK


class Clock:
    """The ledger's monotonic clock (``api.Writes.clock``), moved by hand: the window is the real one, a minute."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_health_forgets_a_failed_write_after_a_while(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = Clock()
    monkeypatch.setattr(api.Writes, "clock", staticmethod(clock))
    assert api.CANNOT_WRITE_FOR_S == 60
    with ledger_on_a_small_disk(tmp_path) as (ledger, url, disk):
        filled(disk)
        assert add_merchant(ledger, url) == (503, "database_full")
        assert health(url) == FULL
        clock.now += 59.5
        assert health(url) == FULL  # the disk is still full, and a minute has not passed
        clock.now += 0.5
        assert health(url) == OK  # a minute after the failed write: health no longer says so
        assert add_merchant(ledger, url) == (503, "database_full")  # failing again, for another minute
        clock.now += 30
        assert health(url) == FULL


def test_reads_that_go_through_do_not_make_health_ok(tmp_path: Path) -> None:
    with ledger_on_a_small_disk(tmp_path) as (ledger, url, disk):
        filled(disk)
        assert add_merchant(ledger, url) == (503, "database_full")
        answer = requests.get(url + "/v1/reports/overdrawn", params={"merchant": "m1"},
                              headers={"Authorization": f"Bearer {ledger.admin}"}, timeout=30)
        assert answer.status_code == 200
        assert health(url) == FULL
