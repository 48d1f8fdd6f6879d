"""`report day`, `report z N` and `day close` warn of a journal changed after it was written where it touches what
the report sums: the day's entries (or the Z's), their link to the entry before them, and the end of the chain. An
entry changed on another day is left to `jifen journal verify`, the full check, so a report on a year-old store costs
what its day holds. Real store files, the command line as a shop runs it."""

import json

from terminal.bootstrap import open_till
from terminal.home import Home
from terminal.journal import verify_span
from tests.helpers.cli import Jifen

MONDAY, TUESDAY, WEDNESDAY = "2026-03-02", "2026-03-03", "2026-03-04"


def _sales(jifen: Jifen, day: str, *amounts: int) -> list[int]:
    jifen.now = f"{day}T10:00:00+08:00"
    return [int(jifen.ok("sale", "--line", f"general:{amount}", by="amy")["seq"]) for amount in amounts]


def _change(jifen: Jifen, seq: int) -> None:
    """What a tamperer does: a sale's amount changed in its journal entry, its hash left as it was."""
    (payload,) = jifen.query("SELECT payload FROM journal WHERE seq = ?", seq)[0]
    changed = json.loads(payload) | {"total_fen": 1}
    jifen.query("UPDATE journal SET payload = ? WHERE seq = ?", json.dumps(changed), seq)


def _warned(jifen: Jifen, *report: str) -> int | None:
    found = jifen.ok(*report).get("journal_broken_at")
    return None if found is None else int(found)


def test_an_entry_changed_within_the_day_is_warned_of_and_one_on_another_day_is_left_to_journal_verify(
        jifen: Jifen) -> None:
    monday = _sales(jifen, MONDAY, 100, 200)
    tuesday = _sales(jifen, TUESDAY, 300, 400, 500)
    _change(jifen, tuesday[1])
    _change(jifen, monday[0])

    said = jifen("report", "day")
    assert said.status == 0 and said.out.endswith(
        f"\n! The journal is broken at entry {tuesday[1]}: it was changed after it was written, so these totals may "
        "not be what was sold. Call the shop's owner: jifen journal verify shows the entry\n")
    assert f"! 流水在第 {tuesday[1]} 条处被破坏" in jifen("report", "day", env={"LANG": "zh_CN.UTF-8"}).out
    assert _warned(jifen, "report", "day", "--date", MONDAY) == monday[0]
    assert jifen("journal", "verify", "--json").json["first_bad_seq"] == monday[0]  # the full check still finds the earlier one


def test_a_day_whose_entries_are_whole_is_not_warned_of_for_a_change_on_another_day(jifen: Jifen) -> None:
    monday = _sales(jifen, MONDAY, 100, 200)
    _sales(jifen, TUESDAY, 300)
    _change(jifen, monday[1])
    said = jifen("report", "day")
    assert said.status == 0 and "!" not in said.out and "journal_broken_at" not in jifen.ok("report", "day")
    assert jifen("journal", "verify", "--json").json["first_bad_seq"] == monday[1]


def test_the_days_report_checks_the_days_entries_only_whatever_the_store_holds(jifen: Jifen) -> None:
    _sales(jifen, MONDAY, *range(100, 140))
    tuesday = _sales(jifen, TUESDAY, 300, 400)
    till = open_till(Home(jifen.home), read_only=True)
    try:
        with till.reading() as uow:
            checked = verify_span(uow.session, tuesday[0], tuesday[-1])
    finally:
        till.close()
    assert (checked.ok, checked.entries) == (True, 2)  # the day's two, of all the store holds
    assert jifen.entries() > 42


def test_the_entry_before_the_day_rewritten_with_a_new_hash_breaks_the_days_first_link(jifen: Jifen) -> None:
    monday = _sales(jifen, MONDAY, 100)
    tuesday = _sales(jifen, TUESDAY, 300, 400)
    jifen.query("UPDATE journal SET hash = ? WHERE seq = ?", "f" * 64, monday[-1])
    assert _warned(jifen, "report", "day") == tuesday[0]


def test_the_end_of_the_chain_is_checked_by_every_days_report(jifen: Jifen) -> None:
    monday = _sales(jifen, MONDAY, 100)
    tuesday = _sales(jifen, TUESDAY, 300, 400)
    jifen.query("DELETE FROM journal WHERE seq = ?", tuesday[-1])
    assert _warned(jifen, "report", "day", "--date", MONDAY) == tuesday[-1]
    assert monday[0] < tuesday[-1]


def test_a_z_is_warned_of_for_the_entries_it_froze_only(jifen: Jifen) -> None:
    monday = _sales(jifen, MONDAY, 100, 200)
    first = jifen.ok("day", "close", by="boss")
    tuesday = _sales(jifen, TUESDAY, 300, 400)
    _change(jifen, monday[1])
    jifen.now = f"{TUESDAY}T20:00:00+08:00"
    closed = jifen("day", "close", by="boss")
    assert closed.status == 0 and "! The journal is broken" not in closed.out
    assert _warned(jifen, "report", "z", "2") is None
    assert _warned(jifen, "report", "z", str(first["z"])) == monday[1]
    _change(jifen, tuesday[0])
    assert _warned(jifen, "report", "z", "2") == tuesday[0]
    jifen.now = f"{WEDNESDAY}T10:00:00+08:00"
    assert _warned(jifen, "report", "day") is None  # nothing that day


def _restored_over(jifen: Jifen, first: int, last: int) -> None:
    """What a restore from an older backup leaves: entries ``first``–``last`` held by the ledger only, the store's
    record of the gap carrying the hash and running total of its last, the journal going on from them."""
    ((hash_, liability),) = jifen.query("SELECT hash, liability_after FROM journal WHERE seq = ?", last)
    jifen.query("DELETE FROM journal WHERE seq BETWEEN ? AND ?", first, last)
    jifen.query("INSERT INTO journal_gaps (from_seq, to_seq, hash, liability, at, why) VALUES (?, ?, ?, ?, ?, ?)",
                first, last, hash_, liability, f"{TUESDAY}T09:00:00+08:00", "restore")


def _span(jifen: Jifen, first: int, last: int) -> tuple[bool, int | None, int]:
    till = open_till(Home(jifen.home), read_only=True)
    try:
        with till.reading() as uow:
            checked = verify_span(uow.session, first, last)
    finally:
        till.close()
    return checked.ok, checked.first_bad_seq, len(checked.gaps)


def test_a_span_beginning_among_entries_only_the_ledger_holds_goes_on_from_the_gaps_hash_as_verify_does(
        jifen: Jifen) -> None:
    _sales(jifen, MONDAY, 100)
    z1 = int(jifen.ok("day", "close", by="boss")["to_seq"])
    monday = _sales(jifen, MONDAY, 200)
    tuesday = _sales(jifen, TUESDAY, 300, 400)
    _restored_over(jifen, z1 - 1, monday[-1])  # Z1's entry and the sale after it: the ledger's only
    assert jifen("journal", "verify", "--json").json["ok"]
    assert _span(jifen, z1 + 1, tuesday[-1]) == (True, None, 1)  # begins inside the gap
    assert _span(jifen, z1 - 1, tuesday[-1]) == (True, None, 1)  # begins where it does
    assert _span(jifen, z1, monday[-1]) == (True, None, 1)  # lies within it
    assert _warned(jifen, "report", "day") is None
    jifen.now = f"{TUESDAY}T20:00:00+08:00"
    closed = jifen("day", "close", by="boss")
    assert closed.status == 0 and "! The journal is broken" not in closed.out
    _change(jifen, tuesday[1])  # a real change after the gap is still one
    assert _span(jifen, z1 + 1, tuesday[-1])[:2] == (False, tuesday[1])
    assert _warned(jifen, "report", "day") == tuesday[1]


def test_an_entry_after_a_gap_not_chained_on_the_gaps_hash_breaks_a_span_beginning_inside_it(jifen: Jifen) -> None:
    _sales(jifen, MONDAY, 100)
    monday = _sales(jifen, MONDAY, 200, 250)
    tuesday = _sales(jifen, TUESDAY, 300)
    _restored_over(jifen, monday[0], monday[1])
    jifen.query("UPDATE journal_gaps SET hash = ? WHERE from_seq = ?", "e" * 64, monday[0])
    assert _span(jifen, monday[1], tuesday[0])[:2] == (False, tuesday[0])
    assert jifen("journal", "verify", "--json").json["first_bad_seq"] == tuesday[0]
