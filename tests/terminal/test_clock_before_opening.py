"""A computer whose date is before the store opened (a dead CMOS battery sends the clock years back) records
nothing: what it dated would expire wrongly, here and at the ledger. The clock is checked against the business
date of the store's first journal entry."""

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from terminal.bootstrap import Till
from terminal.clock import Clock
from terminal.errors import Refused
from terminal.home import Home
from terminal.models import JournalEntry
from tests.helpers.cli import Jifen
from tests.helpers.store import balance, member, new_till, sell

OPENED = "2099-03-01T10:00:00+08:00"  # a store opened after today's date, whenever the test runs


def _computer_clock_reads(till: Till, when: str) -> None:
    till.shop = replace(till.shop, clock=Clock(shift=datetime.fromisoformat(when) - datetime.now(UTC)))


def _journal(till: Till) -> list[str]:
    with till.reading() as uow:
        return list(uow.session.scalars(select(JournalEntry.kind).order_by(JournalEntry.seq)))


def test_a_computer_date_before_the_store_opened_records_nothing(tmp_path: Path) -> None:
    till = new_till(Home(tmp_path / "store"))  # opened 2026-03-01
    m = member(till)
    before = _journal(till)
    _computer_clock_reads(till, "2009-01-01T12:00:00+08:00")
    with pytest.raises(Refused) as refused:
        member(till, "13900139000")
    assert refused.value.code == "bad_input"
    assert refused.value.en == ("The computer's date 2009-01-01 is before this store opened (2026-03-01): correct the "
                                "computer's date and time; nothing was recorded")
    assert refused.value.zh == "电脑的日期 2009-01-01 早于本店开业日期（2026-03-01）：请校正电脑的日期和时间；未做任何记录"
    with pytest.raises(Refused):
        sell(till, m, ("general", 10000))
    assert _journal(till) == before and balance(till, m) == 500
    _computer_clock_reads(till, "2026-03-01T00:10:00+08:00")  # the day it opened: right
    sell(till, m, ("general", 10000))
    assert balance(till, m) == 550


def test_jifen_says_so_and_exits_2(jifen: Jifen, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    jifen.home = tmp_path / "later"
    jifen.now = OPENED
    monkeypatch.setattr("terminal.pins._N", 2**4)
    assert jifen("init", "--store", "静安店", "--terminal", "T1", "--owner", "boss",
                 env={"JIFEN_NEW_PIN": "8888"}).status == 0
    jifen.now = None  # the computer's clock, some 70 years before the store opened
    stored = jifen.dump()
    run = jifen("member", "add", "--phone", "13800138000", by="boss")
    assert run.status == 2 and run.out == ""
    assert "is before this store opened (2099-03-01): correct the computer's date and time" in run.err
    assert "早于本店开业日期（2099-03-01）" in jifen("member", "add", "--phone", "13800138000", by="boss",
                                              env={"LANG": "zh_CN.UTF-8"}).err
    assert jifen.refused("sale", "--line", "general:100", by="boss") == "bad_input"
    assert jifen.dump() == stored
