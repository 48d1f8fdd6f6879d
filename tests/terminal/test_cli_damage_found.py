"""A store file damaged where SQLite still opens it (bytes flipped in an index or a table page, as a failing disk
does): `journal verify` finds it, no backup copies it, the daily backups that came before it are kept, and a command
that trips over it says the store is damaged."""

import json
import sqlite3
from pathlib import Path

import pytest

from tests.helpers.cli import Jifen
from tests.helpers.damage import flip_bit

PHONE = "13800138000"
DAYS = ("2026-03-01", "2026-03-02", "2026-03-03")
INDEX = "ix_lots_member_live"


def _quick_check(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return str(conn.execute("PRAGMA quick_check").fetchone()[0])
    finally:
        conn.close()


@pytest.fixture
def member(jifen: Jifen) -> str:
    """A member with 800 points in four lots: the 500-point signup bonus, then three sales earning 100 each."""
    member = jifen.member(PHONE)
    for _ in range(3):
        jifen.ok("sale", "--member", PHONE, "--line", "general:200", by="amy")
    assert jifen.balance(PHONE) == 800
    return member


def _lose_the_bonus_from_the_index(jifen: Jifen, member: str) -> None:
    """The index entry of the member's first lot (500 points) names another member (M… becomes L…, so the entries
    stay in order): the lot is missing from the member's lots, and the quick check sees nothing wrong."""
    flip_bit(jifen.db, INDEX, member.encode(), 0)
    assert _quick_check(jifen.db) == "ok"


def _break_a_date_in_the_index(jifen: Jifen) -> None:
    """A date in the index entry of the member's first lot becomes 2027,12-31, which is no date."""
    flip_bit(jifen.db, INDEX, b"2027-12-31", 4)
    assert _quick_check(jifen.db) == "ok"


def _damaged(jifen: Jifen, found: str = f"row 1 missing from index {INDEX}") -> str:
    return (f"the store file {jifen.db} is damaged ({found}): restore a backup with 'jifen restore FILE --cashier "
            f"NAME' (the store's backups are in {jifen.home / 'backups'})")


def test_journal_verify_finds_a_damaged_index(jifen: Jifen, member: str) -> None:
    _lose_the_bonus_from_the_index(jifen, member)
    assert jifen.balance(PHONE) == 300  # what the damage does: a command that reads through the index is wrong
    run = jifen("journal", "verify")
    assert (run.status, run.out) == (2, "")
    assert run.err == f"{_damaged(jifen)}\nJournal intact: 10 entries\n"
    data = jifen("journal", "verify", "--json").json
    assert (data["ok"], data["error"], data["message"]) == (False, "damaged_store", _damaged(jifen))
    assert data["damage"][0] == f"row 1 missing from index {INDEX}"


def test_journal_verify_of_a_sound_store_says_the_balances_agree(jifen: Jifen, member: str) -> None:
    run = jifen("journal", "verify")
    assert (run.status, run.out) == (0, "Journal intact: 10 entries; the members' points held (800) agree with it\n")
    data = jifen.ok("journal", "verify")
    assert (data["ok"], data["damage"], data["balances"]) == (True, [], {"held": 800, "journal": 800, "members": []})


def test_a_backup_of_a_damaged_store_is_refused_and_nothing_is_written(jifen: Jifen, member: str,
                                                                       tmp_path: Path) -> None:
    earlier = Path(jifen.ok("backup", str(tmp_path / "copy.db"))["file"])
    good = earlier.read_bytes()
    _lose_the_bonus_from_the_index(jifen, member)
    for dest in (tmp_path / "new.db", earlier):
        run = jifen("backup", str(dest))
        assert (run.status, run.out) == (2, "")
        assert run.err == (f"the store file {jifen.db} is damaged (row 1 missing from index {INDEX}): nothing was "
                           f"written to {dest}; restore a backup with 'jifen restore FILE --cashier NAME' (the store's "
                           f"backups are in {jifen.home / 'backups'})\n")
        assert jifen.refused("backup", str(dest)) == "damaged_store"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy.db", "store"]
    assert earlier.read_bytes() == good  # the earlier backup it would have replaced is kept as it was


def _sale_on(jifen: Jifen, day: str) -> None:
    jifen.now = f"{day}T10:00:00+08:00"
    jifen.ok("sale", "--line", "general:10", by="amy")


def test_a_damaged_store_gets_no_daily_backup_and_the_earlier_ones_are_all_kept(jifen: Jifen, member: str) -> None:
    (jifen.home / "config.toml").write_text("[backup]\ndaily = true\nkeep = 2\n", encoding="utf-8")
    for day in DAYS:
        _sale_on(jifen, day)
    backups = jifen.home / "backups"
    kept = {p.name: p.read_bytes() for p in backups.iterdir()}
    assert sorted(kept) == ["jifen-2026-03-02.db", "jifen-2026-03-03.db"]
    _lose_the_bonus_from_the_index(jifen, member)
    for day in ("2026-03-04", "2026-03-05", "2026-03-06"):
        jifen.now = f"{day}T10:00:00+08:00"
        run = jifen("sale", "--line", "general:10", by="amy")
        assert run.status == 0, str(run)  # the sale is recorded: the backup never fails the write it follows
        assert run.err == (f"warning: daily backup skipped (the store file {jifen.db} is damaged (row 1 missing from "
                           f"index {INDEX}): today's backup was not made and the earlier ones are all kept; restore a "
                           f"backup with 'jifen restore FILE --cashier NAME' (the store's backups are in {backups}))\n")
    assert {p.name: p.read_bytes() for p in backups.iterdir()} == kept
    jifen.ok("restore", str(backups / "jifen-2026-03-03.db"), by="boss")
    assert jifen.balance(PHONE) == 800


def test_a_damaged_date_in_an_index_is_a_damaged_store_not_an_unexpected_failure(jifen: Jifen, member: str) -> None:
    _break_a_date_in_the_index(jifen)
    run = jifen("member", "show", PHONE)
    assert (run.status, run.out, run.err) == (2, "", _damaged(jifen) + "\n")
    assert jifen.refused("member", "show", PHONE) == "damaged_store"
    assert "2027,12-31" in (jifen.home / "jifen.log").read_text(encoding="utf-8")  # what went wrong, for support


def test_sqlite_saying_the_store_is_damaged_later_on_is_a_damaged_store(jifen: Jifen, member: str) -> None:
    flip_bit(jifen.db, INDEX, member.encode(), -1)  # the record's header: SQLite finds it out only when reading it
    run = jifen("member", "show", PHONE)
    assert (run.status, run.out) == (2, "")
    assert run.err.startswith(f"the store file {jifen.db} is damaged"), str(run)


def _remaining_bytes(points: int) -> bytes:
    return points.to_bytes(2, "big")


def test_journal_verify_names_the_member_whose_lots_disagree_with_the_journal(jifen: Jifen, member: str) -> None:
    jifen.member("13900139000")
    # The 500 points left of the first lot become 501: the table page is sound, so SQLite finds nothing wrong.
    flip_bit(jifen.db, "lots", b"2027-12-31" + _remaining_bytes(500) * 2, 13)
    assert jifen.query("PRAGMA integrity_check") == [("ok",)]
    assert jifen.balance(PHONE) == 801
    run = jifen("journal", "verify")
    assert (run.status, run.out) == (2, "")
    assert run.err == (
        "Journal intact: 12 entries\nBalances DIFFER from the journal: the members' points held in the store come to "
        f"1,301, the journal's running total to 1,300; member {member} (138****8000) holds 801, the journal 800. The "
        "store file "
        "is damaged (balances shown and redeemed are wrong): restore a backup with 'jifen restore FILE --cashier NAME' "
        f"(the store's backups are in {jifen.home / 'backups'}), then run jifen journal verify again\n")
    as_json = jifen("journal", "verify", "--json")
    data = as_json.json
    assert (data["ok"], data["error"], data["damage"]) == (False, "balances_differ", [])
    assert data["balances"] == {"held": 1301, "journal": 1300,  # the phone masked, as in the text (PIPL)
                                "members": [{"member": member, "phone": "138****8000", "held": 801, "journal": 800}]}
    assert PHONE not in as_json.out


def test_a_store_connected_to_a_ledger_is_not_held_to_its_journal(jifen: Jifen, member: str) -> None:
    """Its lots are the ledger's view of its members (points earned at other stores too): the journal is no measure."""
    jifen.query("INSERT INTO ledger_link (id, url, acked_seq, cursor, takes_cursor) VALUES (1, 'https://l.example', 0, 0, 0)")
    jifen.query("UPDATE lots SET remaining = remaining + 300 WHERE remaining = 500")  # points earned elsewhere
    run = jifen("journal", "verify")
    assert (run.status, run.out) == (0, "Journal intact: 10 entries\n")
    data = json.loads(jifen("journal", "verify", "--json").out)
    assert (data["ok"], data["balances"]) == (True, None)
