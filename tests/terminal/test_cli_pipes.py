"""A reader that goes away (`jifen … | head`, a closed pipe) never makes `jifen` print a traceback:
the output is dropped quietly and the exit status still says how the command went."""

import os
import sqlite3
import subprocess
from pathlib import Path

import pytest

from tests.helpers.cli import CLEAN_ENV, JIFEN, MORNING, Jifen

PHONE = "13800138000"


def _into_closed_pipe(home: Path, *words: str) -> subprocess.CompletedProcess[str]:
    """The console script with its stdout a pipe nobody reads any more."""
    read, write = os.pipe()
    os.close(read)
    env = {k: v for k, v in os.environ.items() if k not in CLEAN_ENV} | {"JIFEN_HOME": str(home), "JIFEN_NOW": MORNING}
    try:
        return subprocess.run([str(JIFEN), *words], env=env, stdout=write, stderr=subprocess.PIPE, text=True,
                              timeout=60, check=False)
    finally:
        os.close(write)


@pytest.mark.parametrize("argv", [["member", "show", "19900000000", "--json"], ["report", "z", "7", "--json"]])
def test_a_refusal_into_a_closed_pipe_is_quiet(jifen: Jifen, argv: list[str]) -> None:
    run = _into_closed_pipe(jifen.home, *argv)
    assert (run.returncode, run.stderr) == (2, "")


def test_an_unexpected_failure_into_a_closed_pipe_is_quiet(jifen: Jifen) -> None:
    jifen.member(PHONE)
    with sqlite3.connect(jifen.db) as conn:
        conn.execute("DROP TABLE members")  # a store broken in a way no refusal foresees
    conn.close()
    run = _into_closed_pipe(jifen.home, "member", "show", PHONE, "--json")
    assert (run.returncode, run.stderr) == (1, "")
    assert "no such table: members" in (jifen.home / "jifen.log").read_text(encoding="utf-8")


def test_a_report_into_a_closed_pipe_still_succeeds(jifen: Jifen) -> None:
    run = _into_closed_pipe(jifen.home, "report", "day")
    assert (run.returncode, run.stderr) == (0, "")
