"""Every `jifen-ledger` command whose database server cannot be reached is refused as cli.md says, as `jifen sync`
with its ledger out of reach is: exit 2, one line on stderr (or `{"error": "unreachable", …}` with --json), never a
traceback, the same for each command."""

import json
import os
import subprocess

import pytest

from ledger.cli import main
from tests.helpers.ledger_process import ROOT, ledger_command
from tests.helpers.ledger_server import free_port

COMMANDS = [
    ["migrate"],
    ["serve", "--port", str(free_port())],
    ["merchant", "add", "m1", "--name", "静安连锁"],
    ["terminal", "add", "--merchant", "m1", "--store", "静安店", "--terminal", "T1"],
    ["terminal", "list", "--merchant", "m1"],
    ["admin-token"],
    ["report", "day", "--merchant", "m1", "--date", "2026-03-01"],
    ["report", "conflicts"],
    ["settle", "--from", "2026-03-01", "--to", "2026-03-31"],
    ["expire"],
    ["mall", "list", "--merchant", "m1"],
]


def _said(port: int) -> str:
    return (f"cannot open the ledger database: cannot reach the database server at 127.0.0.1:{port} (Connection "
            "refused); check --db or $JIFEN_LEDGER_DB, and that the server is running")


@pytest.mark.parametrize("words", COMMANDS, ids=lambda words: " ".join(words[:2]))
def test_each_command_is_refused_alike(words: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    port = free_port()  # nothing listens there: PostgreSQL stopped
    url = f"postgresql+psycopg://jifen@127.0.0.1:{port}/ledger"
    assert main(["--db", url, *words]) == 2
    out, err = capsys.readouterr()
    assert (out, err) == ("", _said(port) + "\n")
    assert main(["--db", url, "--json", *words]) == 2
    assert json.loads(capsys.readouterr().out) == {"error": "unreachable", "message": _said(port)}


def test_migrate_in_a_process_of_its_own() -> None:
    port = free_port()
    env = os.environ | {"PYTHONPATH": os.pathsep.join(filter(None, (str(ROOT), os.environ.get("PYTHONPATH"))))}
    done = subprocess.run([*ledger_command(), "--db", f"postgresql+psycopg://jifen@127.0.0.1:{port}/ledger", "migrate"],
                          capture_output=True, text=True, timeout=60, cwd=ROOT, env=env, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", _said(port) + "\n")
