"""The common contract of cli.md where a reviewer found `jifen` and `jifen-ledger` falling short: an answer that
cannot be printed, a store another program is writing, numbers and environment values out of range, common options
given twice, the sync state, and sale ids typed in lower case."""

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.cli import CLEAN_ENV, JIFEN, MORNING, Jifen
from tests.helpers.ledger import Ledger

FULL = Path("/dev/full")
needs_full = pytest.mark.skipif(not FULL.exists(), reason="needs /dev/full, a device that is always full")


def _into_full_disk(program: Path, *words: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """A console script with its stdout redirected to a full disk (`… > /dev/full`)."""
    base = {k: v for k, v in os.environ.items() if k not in CLEAN_ENV}
    with FULL.open("w") as full:
        return subprocess.run([str(program), *words], env=base | env, stdout=full, stderr=subprocess.PIPE, text=True,
                              timeout=60, check=False)


def _sales(jifen: Jifen) -> int:
    return int(jifen.query("SELECT count(*) FROM sales")[0][0])


# --- an answer that cannot be written is not "nothing was recorded" ----------------------------------------------

@needs_full
@pytest.mark.parametrize("as_json", [[], ["--json"]])
def test_a_sale_whose_answer_cannot_be_written_says_it_was_recorded(jifen: Jifen, as_json: list[str]) -> None:
    run = _into_full_disk(JIFEN, "sale", "--line", "general:5", "--cashier", "amy", *as_json,
                          env={"JIFEN_HOME": str(jifen.home), "JIFEN_NOW": MORNING, "JIFEN_PIN": "1111"})
    assert run.returncode == 1, run
    assert "done and saved" in run.stderr and "nothing was recorded" not in run.stderr, run.stderr
    assert "Traceback" not in run.stderr
    assert _sales(jifen) == 1


@needs_full
def test_a_read_whose_answer_cannot_be_written_fails_quietly(jifen: Jifen) -> None:
    run = _into_full_disk(JIFEN, "report", "day", "--json", env={"JIFEN_HOME": str(jifen.home), "JIFEN_NOW": MORNING})
    assert run.returncode == 1
    assert run.stderr == "the answer could not be written (No space left on device)\n"


@needs_full
def test_the_ledger_command_whose_answer_cannot_be_written_says_it_was_done(tmp_path: Path) -> None:
    ledger = Path(sys.executable).with_name("jifen-ledger")
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    run = _into_full_disk(ledger, "--db", url, "migrate", env={})
    assert run.returncode == 1 and "Traceback" not in run.stderr
    run = _into_full_disk(ledger, "--db", url, "merchant", "add", "m1", "--name", "M", "--json", env={})
    assert run.returncode == 1
    assert run.stderr == "jifen-ledger: done, but its answer could not be written: No space left on device\n"
    with sqlite3.connect(tmp_path / "ledger.db") as conn:
        assert conn.execute("SELECT id FROM merchants").fetchall() == [("m1",)]
    conn.close()


# --- a busy store --------------------------------------------------------------------------------------------------

@pytest.fixture
def writer(jifen: Jifen) -> Iterator[sqlite3.Connection]:
    """Another program in the middle of writing the store: it holds the write lock."""
    conn = sqlite3.connect(jifen.db, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    yield conn
    conn.execute("ROLLBACK")
    conn.close()


def test_reading_does_not_wait_for_a_writer(jifen: Jifen) -> None:
    member = jifen.member("13800138000")
    conn = sqlite3.connect(jifen.db, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        assert jifen.ok("member", "show", member)["balance"] == 500
        assert jifen.ok("report", "day")["new_members"] == 1
    finally:
        conn.close()


def test_a_write_to_a_busy_store_is_refused_as_busy(jifen: Jifen, writer: sqlite3.Connection) -> None:
    before = jifen.dump()
    run = jifen("sale", "--line", "general:5", "--json", by="amy")
    assert run.status == 2 and run.json["error"] == "busy" and "try again" in run.json["message"]
    writer.execute("ROLLBACK")
    writer.execute("BEGIN")
    assert jifen.dump() == before


# --- numbers and environment values out of range -------------------------------------------------------------------

@pytest.mark.parametrize("command", [["report", "z"], ["print", "z"]])
def test_a_z_number_beyond_what_the_store_can_hold_is_refused(jifen: Jifen, command: list[str]) -> None:
    assert jifen.refused(*command, "99999999999999999999") == "bad_input"


@pytest.mark.parametrize(("now", "words"), [
    ("0001-01-01T00:00:00+08:00", ["member", "show", "13800138000"]),
    ("9999-06-01T10:00:00+00:00", ["member", "add", "--phone", "13800138000", "--cashier", "amy"]),
])
def test_a_fixed_clock_out_of_range_is_refused(jifen: Jifen, now: str, words: list[str]) -> None:
    before = jifen.dump()
    jifen.now = now
    run = jifen(*words, "--json", env={"JIFEN_PIN": "1111"})
    assert run.status == 2 and run.json["error"] == "bad_input"
    assert run.json["message"].startswith(f"$JIFEN_NOW: '{now}' is out of range")
    assert jifen.dump() == before


def test_a_pin_that_is_not_text_is_refused_without_counting_as_wrong(jifen: Jifen) -> None:
    before = jifen.dump()
    run = jifen("sale", "--line", "general:5", "--cashier", "amy", "--json", env={"JIFEN_PIN": "\udcff\udcfe"})
    assert (run.status, run.json) == (2, {"error": "bad_input", "message": "$JIFEN_PIN is not valid text (UTF-8)"})
    assert jifen.dump() == before


def test_a_ledger_token_that_is_not_text_is_refused(jifen: Jifen) -> None:
    run = jifen("ledger", "connect", "http://127.0.0.1:9", "--json", by="boss", env={"JIFEN_LEDGER_TOKEN": "\udcff"})
    assert (run.status, run.json["error"]) == (2, "bad_input")
    assert "$JIFEN_LEDGER_TOKEN" in run.json["message"]


# --- common options before and after the command words --------------------------------------------------------------

def test_a_home_given_before_and_after_the_command_differently_is_refused(jifen: Jifen, tmp_path: Path) -> None:
    other = tmp_path / "other"
    run = jifen("--home", str(jifen.home), "sale", "--line", "general:5", "--home", str(other), "--json", by="amy")
    assert run.status == 2 and run.json == {"error": "bad_input",
                                            "message": "jifen sale: --home is given more than once; give it once"}
    assert _sales(jifen) == 0 and not other.exists()


def test_a_cashier_given_before_and_after_the_command_must_be_the_same(jifen: Jifen) -> None:
    run = jifen("--cashier", "max", "sale", "--line", "general:5", "--json", by="amy")
    assert run.status == 2 and run.json["message"] == "jifen sale: --cashier is given more than once; give it once"
    assert _sales(jifen) == 0
    assert jifen.ok("--cashier", "amy", "sale", "--line", "general:5", by="amy")["total_fen"] == 500


# --- the sync state ------------------------------------------------------------------------------------------------

def test_the_sync_state_says_what_was_pushed_and_when_in_the_stores_time(jifen: Jifen,
                                                                         ledger_url: tuple[Ledger, str]) -> None:
    ledger, url = ledger_url
    jifen.ok("ledger", "connect", url, by="boss", env={"JIFEN_LEDGER_TOKEN": ledger.terminal("m1", "静安店", "T1")})
    jifen.ok("sync")
    jifen.ok("sale", "--line", "general:5", by="amy")
    status = jifen.ok("sync", "--status")
    assert (status["pushed"], status["pending"]) == (0, 1)
    human = jifen("sync", "--status")
    assert human.status == 0
    assert "; 1 entry pending; last success 2026-03-01 10:00" in human.out


# --- sale ids in any case ------------------------------------------------------------------------------------------

def test_a_sale_id_is_taken_in_lower_case(jifen: Jifen) -> None:
    sale_id = jifen.ok("sale", "--line", "general:5", by="amy")["sale_id"]
    receipt = jifen("receipt", sale_id.lower(), "--text")
    assert receipt.status == 0 and sale_id in receipt.out
    assert jifen.ok("refund", sale_id.lower(), by="amy", approver="max")["sale_id"] == sale_id
