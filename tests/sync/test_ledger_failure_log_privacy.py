"""A write the ledger's database refuses is logged with where and why, never with the values it carried: a member's
phone and name do not reach the ledger's log (PIPL). `jifen sync` to a real ledger over TCP."""

import io
import logging
import time
from collections.abc import Iterator

import pytest

from tests.helpers.cli import Jifen
from tests.helpers.ledger import Ledger

PHONE, NAME = "13011112222", "孙八"


@pytest.fixture
def server_log() -> Iterator[io.StringIO]:
    """What the ledger writes to its log."""
    text = io.StringIO()
    handler = logging.StreamHandler(text)
    logger = logging.getLogger("jifen.ledger")
    logger.addHandler(handler)
    yield text
    logger.removeHandler(handler)


def logged_after_the_answer(server_log: io.StringIO) -> str:
    """The server logs the refusal as it answers: the till may read its answer before the line is written."""
    deadline = time.monotonic() + 10
    while "simulated" not in server_log.getvalue() and time.monotonic() < deadline:
        time.sleep(0.05)
    return server_log.getvalue()


def test_a_failed_member_insert_at_the_ledger_logs_neither_phone_nor_name(
        jifen: Jifen, ledger_url: tuple[Ledger, str], server_log: io.StringIO) -> None:
    ledger, url = ledger_url
    with ledger.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TRIGGER boom BEFORE INSERT ON members BEGIN SELECT RAISE(ABORT, 'simulated'); END")
    jifen.ok("ledger", "connect", url, by="boss", env={"JIFEN_LEDGER_TOKEN": ledger.terminal("m1", "静安店", "T1")})
    jifen.ok("member", "add", "--phone", PHONE, "--name", NAME, by="amy")
    run = jifen("sync")
    assert run.status != 0, str(run)
    log = logged_after_the_answer(server_log)
    assert "POST /v1/batches for m1/T1 failed: IntegrityError: simulated" in log, log
    assert PHONE not in log and NAME not in log
    assert PHONE not in run.out + run.err and NAME not in run.out + run.err
