"""A restore over a damaged store connected to a ledger cut short (power lost, the process killed) between putting
the backup back and carrying on after the entries the ledger holds never leaves a store that looks whole but would
give the next sale a number the ledger already holds: the store stays damaged until a restore finishes, and restoring
again carries on after the ledger's last entry. The story of tests/sync/test_restore_resumes.py: real store files, a
ledger on SQLite over TCP, the command line as a shop runs it."""

import os
from collections.abc import Callable
from datetime import datetime

import pytest
from sqlalchemy.orm import Session

from terminal import journal
from terminal.journal import ChainEnd, Gap
from tests.helpers.cli import Jifen
from tests.helpers.damage import overwrite_start
from tests.sync.test_restore_resumes import PHONE, Shop, shop  # noqa: F401  (the fixture)


class Killed(BaseException):
    """The process dying: nothing after it runs, nothing catches it."""


def _killed(session: Session, end: ChainEnd, now: datetime, why: str) -> Gap | None:
    raise Killed


def _truncate(jifen: Jifen) -> None:
    """SQLite still opens the file (the backup is then put back through it), but its pages past the middle are gone."""
    os.truncate(jifen.db, jifen.db.stat().st_size // 2)


@pytest.mark.parametrize("damage", [overwrite_start, _truncate], ids=["overwritten", "truncated"])
def test_a_restore_killed_before_it_carries_on_after_the_ledger_leaves_no_sale_recorded_and_restores_again(
        jifen: Jifen, shop: Shop, monkeypatch: pytest.MonkeyPatch, damage: Callable[[Jifen], None]) -> None:
    damage(jifen)
    with shop.up():
        with monkeypatch.context() as patch:
            patch.setattr(journal, "resume_after", _killed)
            with pytest.raises(Killed):
                jifen("restore", str(shop.old), by="boss")
        assert jifen.refused("sale", "--member", PHONE, "--line", "general:400", by="amy") == "damaged_store"
        assert jifen.refused("journal", "verify") == "damaged_store"

        restored = jifen.ok("restore", str(shop.old), by="boss")
        assert restored["resumed_after"] == shop.held
        sale = jifen.ok("sale", "--member", PHONE, "--line", "general:400", by="amy")
        assert sale["sale_id"] == f"T1-{shop.held + 1}"
        synced = jifen.ok("sync")
        assert (synced["pushed"], synced["pending"], synced["last_error"]) == (1, 0, None)
    assert shop.report()["sales"] == 4
    assert jifen.balance(PHONE) == shop.ledger.balance(shop.member)
