"""A store busy with another program's write is said to be busy (exit 2, try again); a failure whose text merely
names the column locked_until is not: it is a failure like any other, with its details in the log."""

import sqlite3
from pathlib import Path

from tests.helpers.cli import Jifen
from tests.terminal.test_cli_contract_gaps import writer  # noqa: F401  (the fixture: another program writing)

BUSY_EN = "the store is busy with another program writing to it; try again in a moment\n"


def test_a_store_another_program_is_writing_is_busy(jifen: Jifen, writer: sqlite3.Connection) -> None:
    before = jifen.dump()
    run = jifen("member", "add", "--phone", "13800138000", by="amy")
    assert (run.status, run.out, run.err) == (2, "", BUSY_EN)
    writer.execute("ROLLBACK")
    writer.execute("BEGIN")
    assert jifen.dump() == before


def test_a_failure_naming_locked_until_is_not_called_busy(jifen: Jifen) -> None:
    jifen.query("CREATE TRIGGER frozen BEFORE INSERT ON cashiers "
                "BEGIN SELECT RAISE(ABORT, 'no new cashiers: locked_until the audit ends'); END")
    before = jifen.dump()
    run = jifen("cashier", "add", "zoe", "--role", "cashier", by="boss", env={"JIFEN_NEW_PIN": "4826"})
    assert run.status == 1 and run.out == ""
    assert run.err.startswith("unexpected failure; details are in ") and "busy" not in run.err
    log = Path(run.err.removeprefix("unexpected failure; details are in ").strip())
    assert "locked_until the audit ends" in log.read_text(encoding="utf-8")
    assert jifen.dump() == before
