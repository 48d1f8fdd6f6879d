"""A failure whose text merely names the column locked_until is not a busy store (that one is in
test_cli_contract_gaps): it is a failure like any other, with its details in the log."""

from pathlib import Path

from tests.helpers.cli import Jifen


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
