"""`jifen-ledger` as an operator uses it (cli.md): exit 0, 2 with one line on refusal, never a traceback."""

import json
import sqlite3
from pathlib import Path

import pytest

from ledger.cli import main
from tests.helpers.ledger import run


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    assert run(capsys, url, "migrate")[0] == 0
    return url


def test_an_operator_sets_up_a_merchant_and_a_terminal(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, db, "merchant", "add", "m1", "--name", "静安连锁")[0] == 0
    status, out, _ = run(capsys, db, "--json", "terminal", "add", "--merchant", "m1", "--store", "静安店", "--terminal", "T1")
    token = json.loads(out)["token"]
    assert status == 0 and token.startswith("jt_") and len(token) > 40
    status, out, _ = run(capsys, db, "terminal", "add", "--merchant", "m1", "--store", "静安店", "--terminal", "T2")
    assert status == 0 and "shown once" in out


def test_refusals_exit_2_with_one_line(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, db, "terminal", "add", "--merchant", "nope", "--store", "s", "--terminal", "T1")
    assert (status, out) == (2, "") and err.strip() == "no merchant nope"
    status, out, _ = run(capsys, db, "--json", "merchant", "add", "bad id!", "--name", "x")
    assert status == 2 and json.loads(out)["error"] == "bad_input"
    assert run(capsys, db, "report", "day", "--merchant", "m1", "--date", "yesterday")[0] == 2
    status, out, err = run(capsys, db, "merchant", "add", "m2", "--name", "火星店", "--timezone", "Mars/Olympus")
    assert (status, err.strip()) == (2, "'Mars/Olympus' is not a time zone like Asia/Shanghai or Asia/Urumqi")
    status, out, err = run(capsys, db, "merchant", "add", "m2", "--name", "亚洲店", "--timezone", "Asia")  # a folder of zones
    assert (status, err.strip()) == (2, "'Asia' is not a time zone like Asia/Shanghai or Asia/Urumqi")


def test_a_merchants_day_is_its_own(db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    assert run(capsys, db, "merchant", "add", "xj", "--name", "新疆店", "--timezone", "Asia/Urumqi")[0] == 0
    monkeypatch.setenv("JIFEN_NOW", "2028-01-01T01:30:00+08:00")  # still 31 December in Ürümqi
    status, out, _ = run(capsys, db, "--json", "report", "day", "--merchant", "xj")
    assert (status, json.loads(out)["date"]) == (0, "2027-12-31")


def test_reports_and_settlement_as_json(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, db, "merchant", "add", "m1", "--name", "静安连锁")
    status, out, _ = run(capsys, db, "--json", "report", "day", "--merchant", "m1", "--date", "2026-03-01")
    day = json.loads(out)
    assert status == 0 and (day["sales"], day["liability_points"], day["date"]) == (0, 0, "2026-03-01")
    status, out, _ = run(capsys, db, "--json", "settle", "--from", "2026-03-01", "--to", "2026-03-31")
    assert status == 0 and json.loads(out) == {"positions": [], "pairs": [], "period_over": True,
                                               "period_begun": True}


def test_rules_a_terminal_will_pull(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, db, "merchant", "add", "m1", "--name", "静安连锁")
    rules = tmp_path / "rules.toml"
    rules.write_text("signup_bonus = 800\n", encoding="utf-8")
    status, out, _ = run(capsys, db, "--json", "merchant", "rules", "m1", str(rules))
    assert status == 0 and len(json.loads(out)["version"]) == 12
    rules.write_text("signup_bonus = -1\n", encoding="utf-8")
    status, _, err = run(capsys, db, "merchant", "rules", "m1", str(rules))
    assert status == 2 and "signup_bonus" in err


def test_an_unmigrated_database_is_one_clear_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, f"sqlite:///{tmp_path / 'empty.db'}", "merchant", "add", "m1", "--name", "x")
    assert status == 2 and "jifen-ledger migrate" in err and "Traceback" not in err


def test_common_options_go_before_or_after_the_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'after.db'}"
    assert main(["migrate", "--db", url, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["ok"] is True
    assert main(["merchant", "add", "m1", "--name", "x", "--db", url, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"id": "m1"}


def test_a_database_that_cannot_be_reached_is_one_clear_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "postgresql+psycopg://jifen@127.0.0.1:1/ledger", "migrate")
    assert status == 2 and err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("cannot open the ledger database:") and "Connection refused" in err
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    status, out, _ = run(capsys, f"sqlite:///{blocker / 'ledger.db'}", "--json", "migrate")
    assert status == 1 and json.loads(out)["error"] == "io"


def test_serving_with_no_worker_process_is_one_clear_line(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, db, "serve", "--workers", "0")
    assert status == 2 and "--workers must be from 1 to 64" in err and "Traceback" not in err



@pytest.mark.parametrize("words", [("report", "day", "--merchant", "m1"), ("expire",)])
def test_an_empty_date_is_refused_not_taken_as_today(db: str, capsys: pytest.CaptureFixture[str],
                                                     words: tuple[str, ...]) -> None:
    run(capsys, db, "merchant", "add", "m1", "--name", "静安连锁")
    status, out, err = run(capsys, db, *words, "--date", "")
    command = " ".join(word for word in words if not word.startswith("-") and word != "m1")
    assert (status, out, err) == (2, "", f"jifen-ledger {command}: --date is empty; give a value\n")


@pytest.mark.parametrize("name", ["localtime", "posixrules", "Factory"])
def test_a_merchant_is_refused_a_zone_that_names_no_place(db: str, capsys: pytest.CaptureFixture[str], name: str) -> None:
    """"localtime" is the server's own zone (UTC here): a sale at 00:30 in Shanghai would fall on the day before."""
    status, out, err = run(capsys, db, "merchant", "add", "m1", "--name", "静安连锁", "--timezone", name)
    assert (status, out, err) == (2, "", f"'{name}' is not a time zone like Asia/Shanghai or Asia/Urumqi\n")
    assert run(capsys, db, "report", "day", "--merchant", "m1")[2] == "no merchant m1\n"


def test_a_merchant_stored_with_localtime_still_has_its_day_report(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, db, "merchant", "add", "m1", "--name", "静安连锁")
    with sqlite3.connect(db.removeprefix("sqlite:///")) as conn:
        conn.execute("UPDATE merchants SET timezone = 'localtime'")
    status, out, _ = run(capsys, db, "--json", "report", "day", "--merchant", "m1")  # today, by the stored zone
    assert (status, json.loads(out)["sales"]) == (0, 0)
