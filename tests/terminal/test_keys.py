"""The terminal's Ed25519 key pair made at init."""

import json
import sqlite3
import stat

from terminal.bootstrap import Till
from terminal.keys import load_private_key, load_public_key


def test_init_makes_a_key_pair_readable_by_the_owner_only(till: Till) -> None:
    private, public = till.home.private_key, till.home.public_key
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    key, verifier = load_private_key(private), load_public_key(public)
    signature = key.sign(b"T1-6")
    verifier.verify(signature, b"T1-6")  # raises if the pair does not match


def test_the_public_key_is_in_the_first_journal_entry(till: Till) -> None:
    with sqlite3.connect(till.home.db) as conn:
        kind, payload = conn.execute("SELECT kind, payload FROM journal WHERE seq = 1").fetchone()
    assert kind == "store_init"
    assert json.loads(payload)["public_key"] == till.home.public_key.read_text().strip()
