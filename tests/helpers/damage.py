"""Damage a store file as a failing disk does (SQLite still opens it, only what one page says changes), or as `dd`
over its start does; copy a database in use, as a nightly backup or a restore under a server's feet does."""

import sqlite3
from pathlib import Path

from tests.helpers.cli import Jifen


def flip_bit(db: Path, table: str, find: bytes, at: int) -> None:
    """Flip the lowest bit of one byte in the page of ``table`` (a table or an index): the byte ``at`` past the last
    place ``find`` is in that page. The store stays a database SQLite opens; only what that page says changes."""
    conn = sqlite3.connect(db)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page, size = conn.execute("SELECT pageno, pgsize FROM dbstat WHERE name = ?", (table,)).fetchone()
    finally:
        conn.close()
    data = bytearray(db.read_bytes())
    start = (page - 1) * size
    where = data[start:start + size].rfind(find)
    assert where >= 0, f"{find!r} is not in the page of {table}"
    data[start + where + at] ^= 1
    db.write_bytes(bytes(data))


def online_copy(source: Path | str, target: Path | str) -> None:
    """SQLite's online backup: a consistent copy of a database in use (a ledger's nightly copy), or a restore under
    the feet of the program serving it."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


def last_seq(jifen: Jifen) -> int:
    return int(jifen.query("SELECT max(seq) FROM journal")[0][0])


def overwrite_start(jifen: Jifen) -> None:
    """What `dd` over the start of the store file does."""
    with jifen.db.open("r+b") as f:
        f.write(b"\x00garbage" * 512)
