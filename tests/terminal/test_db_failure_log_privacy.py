"""An unexpected failure of the store is written to jifen.log, the file the user is told to send on: it says which
statement failed, never the member's phone or name it carried (PIPL)."""

from tests.helpers.cli import Jifen

PHONE, NAME = "13011112222", "孙八"


def test_a_failed_member_insert_logs_neither_phone_nor_name(jifen: Jifen) -> None:
    jifen.query("CREATE TRIGGER boom BEFORE INSERT ON members BEGIN SELECT RAISE(ABORT, 'simulated'); END")
    run = jifen("member", "add", "--phone", PHONE, "--name", NAME, by="amy")
    assert (run.status, run.out) == (1, "")
    assert run.err == f"unexpected failure; details are in {jifen.home / 'jifen.log'}\n"
    log = (jifen.home / "jifen.log").read_text(encoding="utf-8")
    assert "simulated" in log and "INSERT INTO members" in log
    assert PHONE not in log and NAME not in log
