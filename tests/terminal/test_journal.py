"""The hash-chained journal finds edited, deleted, inserted and reordered entries."""

import json
import sqlite3
import uuid
from datetime import UTC

from terminal.bootstrap import Till
from terminal.journal import verify
from terminal.services.member_import import import_members
from tests.helpers.store import OWNER, member, reopen, sell


def _store(till: Till) -> Till:
    m = member(till)
    for amount in (1000, 2000, 3000, 4000):
        sell(till, m, ("general", amount))
    till.close()
    return till


def _verdict(till: Till):  # type: ignore[no-untyped-def]
    fresh = reopen(till)
    with fresh.reading() as uow:
        result = verify(uow.session)
    fresh.close()
    return result


def _sql(till: Till, *statements: str) -> None:
    with sqlite3.connect(till.home.db) as conn:
        for statement in statements:
            conn.execute(statement)


def _sale_seqs(till: Till) -> list[int]:
    with sqlite3.connect(till.home.db) as conn:
        return [row[0] for row in conn.execute("SELECT seq FROM journal WHERE kind='sale' ORDER BY seq")]


def test_an_untouched_journal_verifies(till: Till) -> None:
    verdict = _verdict(_store(till))
    assert verdict.ok and verdict.first_bad_seq is None
    assert verdict.entries == _sale_seqs(till)[-1]


def test_entries_are_gapless_and_chained(till: Till) -> None:
    _store(till)
    with sqlite3.connect(till.home.db) as conn:
        rows = conn.execute("SELECT seq, prev_hash, hash, id FROM journal ORDER BY seq").fetchall()
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1))
    assert all(rows[i][1] == rows[i - 1][2] for i in range(1, len(rows)))
    ids = [uuid.UUID(r[3]) for r in rows]
    assert all(u.version == 7 for u in ids) and ids == sorted(ids)


def test_an_edited_amount_is_found(till: Till) -> None:
    _store(till)
    target = _sale_seqs(till)[1]
    _sql(till, f"UPDATE journal SET payload = replace(payload, '\"total_fen\":2000', '\"total_fen\":200') WHERE seq={target}")
    verdict = _verdict(till)
    assert not verdict.ok and verdict.first_bad_seq == target


def test_an_edited_actor_is_found(till: Till) -> None:
    _store(till)
    target = _sale_seqs(till)[0]
    _sql(till, f"UPDATE journal SET actor='mallory' WHERE seq={target}")
    assert _verdict(till).first_bad_seq == target


def test_a_deleted_entry_is_found(till: Till) -> None:
    _store(till)
    target = _sale_seqs(till)[2]
    _sql(till, "PRAGMA foreign_keys=OFF", f"DELETE FROM outbox WHERE seq={target}", f"DELETE FROM journal WHERE seq={target}")
    assert _verdict(till).first_bad_seq == target


def test_a_deleted_last_entry_is_found(till: Till) -> None:
    _store(till)
    last = _sale_seqs(till)[-1]
    _sql(till, f"DELETE FROM outbox WHERE seq={last}", f"DELETE FROM journal WHERE seq={last}")
    verdict = _verdict(till)
    assert not verdict.ok and verdict.first_bad_seq == last


def test_an_inserted_entry_is_found(till: Till) -> None:
    _store(till)
    seqs = _sale_seqs(till)
    # Make room by moving the later entries up one, then slip a forged sale in.
    _sql(till, "PRAGMA foreign_keys=OFF",
         f"UPDATE journal SET seq = seq + 1000 WHERE seq > {seqs[1]}",
         "UPDATE journal SET seq = seq - 999 WHERE seq > 1000",
         f"INSERT INTO journal SELECT {seqs[1] + 1}, 'forged', terminal_id, kind, at, business_date, actor, approver, "
         f"points_delta, liability_after, payload, hash, hash FROM journal WHERE seq = {seqs[1]}")
    assert _verdict(till).first_bad_seq == seqs[1] + 1


def test_swapped_entries_are_found(till: Till) -> None:
    _store(till)
    a, b = _sale_seqs(till)[1:3]
    with sqlite3.connect(till.home.db) as conn:
        pa = conn.execute(f"SELECT payload FROM journal WHERE seq={a}").fetchone()[0]
        pb = conn.execute(f"SELECT payload FROM journal WHERE seq={b}").fetchone()[0]
        conn.execute("UPDATE journal SET payload=? WHERE seq=?", (pb, a))
        conn.execute("UPDATE journal SET payload=? WHERE seq=?", (pa, b))
    assert _verdict(till).first_bad_seq == a


def test_a_rehashed_edit_still_breaks_the_chain(till: Till) -> None:
    """Recomputing the edited entry's own hash is not enough: the next entry points at the old one."""
    from terminal.journal import entry_hash, hashed_fields
    from terminal.models import JournalEntry

    _store(till)
    target = _sale_seqs(till)[0]
    fresh = reopen(till)
    with fresh.uow() as uow:
        entry = uow.session.get(JournalEntry, target)
        assert entry is not None
        payload = json.loads(entry.payload)
        payload["total_fen"] = 1
        entry.payload = json.dumps(payload)
        entry.hash = entry_hash(hashed_fields({c.name: getattr(entry, c.name) for c in JournalEntry.__table__.columns}))
        uow.commit()
    fresh.close()
    assert _verdict(till).first_bad_seq == target + 1


def test_every_entry_waits_in_the_outbox(till: Till) -> None:
    _store(till)
    with sqlite3.connect(till.home.db) as conn:
        journal = [r[0] for r in conn.execute("SELECT seq FROM journal ORDER BY seq")]
        outbox = [r[0] for r in conn.execute("SELECT seq FROM outbox ORDER BY seq")]
    assert outbox == journal


def test_entries_written_in_one_go_chain_like_the_others(till: Till) -> None:
    sell(till, member(till), ("general", 1000))
    import_members(till.uow(), till.shop, OWNER, "手机号,积分\n13900139000,50\n13700137000,0\n".encode())
    sell(till, member(till, "13600136000"), ("general", 2000))
    till.close()
    with sqlite3.connect(till.home.db) as conn:
        rows = conn.execute("SELECT seq, kind, liability_after, id FROM journal ORDER BY seq").fetchall()
        outbox = conn.execute("SELECT seq, member_id FROM outbox ORDER BY seq").fetchall()
        head = conn.execute("SELECT seq, hash FROM journal_head").fetchall()
        last = conn.execute("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1").fetchall()
    kinds = [kind for _, kind, _, _ in rows]
    imported = kinds.index("member_add", kinds.index("sale"))
    assert kinds[imported:imported + 3] == ["member_add", "adjust", "member_add"]
    assert rows[imported + 1][2] == rows[imported][2] + 50
    assert [seq for seq, _ in outbox] == [seq for seq, _, _, _ in rows] and all(m for _, m in outbox[imported:])
    ids = [uuid.UUID(i) for *_, i in rows]
    assert ids == sorted(ids) and head == last
    verdict = _verdict(till)
    assert verdict.ok and verdict.entries == len(rows)


def test_ids_follow_the_previous_one_when_the_clock_stands_still_or_steps_back() -> None:
    from datetime import datetime, timedelta

    from terminal.ids import uuid7

    fixed = datetime(2026, 3, 1, 2, 0, tzinfo=UTC)
    ids = [uuid7(fixed)]
    for _ in range(5000):  # more than the 4,096 ids a millisecond's counter holds
        ids.append(uuid7(fixed, ids[-1]))
    ids.append(uuid7(fixed - timedelta(hours=1), ids[-1]))
    as_uuids = [uuid.UUID(i) for i in ids]
    assert as_uuids == sorted(as_uuids) and len(set(ids)) == len(ids)
    assert all(u.version == 7 for u in as_uuids)
