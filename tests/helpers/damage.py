"""Damage a store file as a failing disk does: SQLite still opens it, only what one page says changes."""

import sqlite3
from pathlib import Path


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
