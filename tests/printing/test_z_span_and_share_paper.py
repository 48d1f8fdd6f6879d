"""The printed Z report names the business days it holds and says when its first and last entries were written
(it is dated the day it was closed and may hold the days before); on a till linked to a ledger, the printed points outstanding are this till's share."""

from dataclasses import replace

import pytest

from terminal.bootstrap import Till
from terminal.journal import Who
from terminal.services.reports import close_day, day_report
from terminal.shop import LedgerState
from tests.helpers.store import OWNER, member, move_clock, sell
from tests.printing.test_receipt_paper import paper, right_aligned


def _z_across_midnight(till: Till) -> None:
    m = member(till)
    close_day(till.uow(), till.shop, Who(OWNER.name, OWNER.name))  # Z1: the store's start
    move_clock(till, "2026-12-31 18:02")
    sell(till, m, ("general", 10000))
    move_clock(till, "2027-01-01 09:15")
    sell(till, None, ("general", 5000))
    close_day(till.uow(), till.shop, Who(OWNER.name, OWNER.name))


@pytest.mark.parametrize(("profile", "columns"), [("58mm", 32), ("80mm", 48)])
def test_a_printed_z_says_when_its_first_and_last_entries_were_written(till: Till, profile: str, columns: int) -> None:
    _z_across_midnight(till)
    zh = paper(till, "z", "2", profile)
    assert zh.find("终端 T1") and zh.find("2026-12-31 – 2027-01-01 日结")  # its business, not only the day closed
    assert not zh.find("终端 T1，2027-01-01 日结")
    right_aligned(zh, "首笔记录", "2026-12-31 18:02", columns)
    right_aligned(zh, "末笔记录", "2027-01-01 09:15", columns)
    en = paper(till, "z", "2", profile, "en")
    assert en.find("Terminal T1, closed 2027-01-01") and en.find("Days 2026-12-31 – 2027-01-01")
    right_aligned(en, "First entry", "2026-12-31 18:02", columns)
    right_aligned(en, "Last entry", "2027-01-01 09:15", columns)


@pytest.mark.parametrize("linked", [False, True])
def test_printed_points_outstanding_are_this_tills_share_when_linked(till: Till, linked: bool) -> None:
    m = member(till)
    sell(till, m, ("general", 10000))
    if linked:
        till.shop = replace(till.shop, ledger=LedgerState("https://ledger.example", online=True))
    outstanding = f"{day_report(till.reading(), till.shop)['liability_points']:,}"
    close_day(till.uow(), till.shop, Who(OWNER.name, OWNER.name))
    for kind, ref in (("day", "2026-03-01"), ("z", "1")):
        zh, en = paper(till, kind, ref, "80mm"), paper(till, kind, ref, "80mm", "en")
        if linked:
            right_aligned(zh, "本机积分累计净增减", outstanding, 48)
            right_aligned(en, "This till's net points", outstanding, 48)
            assert not zh.find("会员持有积分")
        else:
            right_aligned(zh, "会员持有积分", outstanding, 48)
            right_aligned(en, "Points outstanding", outstanding, 48)
            assert not zh.find("本机") and not en.find("share")
        narrow = paper(till, kind, ref, "58mm")  # the label and its value on one line
        right_aligned(narrow, "本机积分累计净增减" if linked else "会员持有积分", outstanding, 32)
