"""The day report and a Z record as the command line shows them.

A Z is dated the day it was closed, and may hold sales of the days before: its heading names the business days it
holds and says when its first and last entries were written. On a till linked to a ledger, the points outstanding are this till's running share
(given here less used and expired here, below zero where members spend points earned elsewhere), not what
members hold, and the label says so."""

import pytest

from tests.helpers.cli import Jifen

PHONE = "13800138000"


def _across_midnight(jifen: Jifen) -> None:
    jifen.member(PHONE)
    jifen.ok("day", "close", by="boss")  # Z1: the store's start
    jifen.now = "2026-12-31T18:02:00+08:00"
    jifen.ok("sale", "--member", PHONE, "--line", "general:100", by="amy")
    jifen.now = "2027-01-01T09:15:00+08:00"
    jifen.ok("sale", "--line", "general:50", by="amy")


@pytest.mark.parametrize(("lang", "heading"), [
    ("C.UTF-8", ["Z2 (2026-12-31 – 2027-01-01, entries 9–10), 静安店 / T1",
                 "  Entries from 2026-12-31 18:02 to 2027-01-01 09:15"]),
    ("zh_CN.UTF-8", ["Z2 日结（2026-12-31 – 2027-01-01，流水 9 至 10），静安店 / T1",
                     "  记录时间 2026-12-31 18:02 至 2027-01-01 09:15"])])
def test_a_z_says_when_its_first_and_last_entries_were_written(jifen: Jifen, lang: str, heading: list[str]) -> None:
    _across_midnight(jifen)
    closed = jifen("day", "close", by="boss", env={"LANG": lang})
    assert closed.status == 0, closed
    assert closed.out.splitlines()[:2] == heading
    assert jifen("report", "z", "2", env={"LANG": lang}).out.splitlines()[:2] == heading


def _link(jifen: Jifen) -> None:
    jifen.query("INSERT INTO ledger_link (id, url, acked_seq, cursor, takes_cursor) "
                "VALUES (1, 'http://ledger.invalid', 0, 0, 0)")


def _labels_of(out: str, figure: int) -> list[str]:
    """The labels of the rows whose value is ``figure``."""
    return [line[:-len(f"{figure:,}")].strip() for line in out.splitlines() if line.endswith(f" {figure:,}")]


@pytest.mark.parametrize("linked", [False, True])
def test_points_outstanding_are_labelled_this_tills_share_when_linked_to_a_ledger(jifen: Jifen, linked: bool) -> None:
    jifen.member(PHONE)
    jifen.ok("sale", "--member", PHONE, "--line", "general:1000", by="amy")
    if linked:
        _link(jifen)
    outstanding = jifen.ok("report", "day")["liability_points"]
    assert outstanding == 1000  # the JSON field is the same either way
    labels = {"C.UTF-8": ("This till's net points", "Points outstanding"),
              "zh_CN.UTF-8": ("本机积分累计净增减", "会员持有积分")}
    for lang, (share, held) in labels.items():
        day = jifen("report", "day", env={"LANG": lang}).out
        assert _labels_of(day, outstanding) == [share if linked else held], day
    z = jifen("day", "close", by="boss", env={"LANG": "C.UTF-8"}).out
    assert _labels_of(z, outstanding) == [labels["C.UTF-8"][0 if linked else 1]], z
    z = jifen("report", "z", "1", env={"LANG": "zh_CN.UTF-8"}).out
    assert _labels_of(z, outstanding) == [labels["zh_CN.UTF-8"][0 if linked else 1]], z
