"""`jifen-ledger` given a wrong --db, a busy port, a closed pipe or a reversed period: one clear line in the
operator's words and exit 2 (a server down too, as `jifen sync` offline), never a traceback, nothing created by
mistake."""

import json
import os
import socket
import sqlite3
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from alembic import command
from sqlalchemy import create_engine, text

from ledger import db
from terminal.bootstrap import init_store
from terminal.home import Home
from tests.helpers.ledger import (
    Ledger,
    give_member,
    journal_of,
    run,
    schema_migrations,
    shop_till,
)
from tests.helpers.ledger_process import ROOT, ledger_command
from tests.helpers.ledger_server import free_port
from tests.helpers.store import OWNER, OWNER_PIN, at, member, sell

ACCEPTED = "sqlite:///PATH or postgresql+psycopg://USER@HOST:PORT/DB"
HEAD = db.schema_revisions()[-1]
PHONE = "13800138000"
CLASS_NAMES = ("Error", "Exception", "Traceback")


def one_line(err: str) -> str:
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert not any(name in err for name in CLASS_NAMES), err
    return err.strip()


def process(*words: str, stdout: int | None = subprocess.PIPE, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """The installed `jifen-ledger` in a process of its own, as an operator's shell runs it."""
    env = os.environ | {"PYTHONPATH": os.pathsep.join(filter(None, (str(ROOT), os.environ.get("PYTHONPATH"))))}
    return subprocess.run([*ledger_command(), *words], check=False, cwd=ROOT, env=env, stdout=stdout,
                          stderr=subprocess.PIPE, text=True, timeout=timeout)


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


@pytest.fixture
def ledger_db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    url = sqlite_url(tmp_path / "ledger.db")
    assert run(capsys, url, "migrate")[0] == 0
    assert run(capsys, url, "merchant", "add", "m1", "--name", "静安连锁")[0] == 0
    return url


@pytest.fixture
def empty_pg(pg_cluster: str) -> Iterator[str]:
    """A fresh PostgreSQL database without any schema."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(pg_cluster, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    try:
        yield pg_cluster.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))
        admin.dispose()


def stored_revision(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        return str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])


def table_names(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


@pytest.mark.parametrize(("url", "says"), [
    ("mysql://u@h/db", "the ledger cannot keep its books in a mysql database"),
    ("foo://bar", "the ledger cannot keep its books in a foo database"),
    ("notaurl", "'notaurl' is not a database URL"),
    ("", "--db is empty"),
    ("postgresql://u@h/db", "the ledger talks to PostgreSQL through psycopg"),
    ("sqlite://", "'sqlite://' names no file"),
])
def test_a_url_the_ledger_cannot_use_says_which_are_accepted(url: str, says: str, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    status, out, err = run(capsys, url, "report", "day", "--merchant", "m1")
    message = one_line(err)
    assert (status, out) == (2, "") and message.startswith(says)
    assert any(form in message for form in ("sqlite:///PATH", "postgresql+psycopg://USER@HOST:PORT/DB"))
    assert "migrate" not in message
    status, out, err = run(capsys, url, "--json", "migrate")
    assert (status, err) == (2, "") and json.loads(out) == {"error": "bad_input", "message": message}
    assert list(tmp_path.iterdir()) == []


def test_the_accepted_forms_are_spelled_out(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "mysql://u@h/db", "report", "day", "--merchant", "m1")
    assert status == 2 and one_line(err).endswith(f"write {ACCEPTED}")


def test_a_host_that_does_not_exist_is_named(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "postgresql+psycopg://jifen@nonexistent.invalid/ledger", "report", "day",
                           "--merchant", "m1")
    assert (status, out) == (2, "")
    assert one_line(err).startswith("cannot reach the database server at nonexistent.invalid: no such host name")
    assert "migrate" not in err


def test_a_server_that_never_answers_is_given_up_on(tmp_path: Path) -> None:
    """A host that takes the connection and says nothing (a hung server, a firewall) must not hold the command."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        port = silent.getsockname()[1]
        words = [*ledger_command(), "--db", f"postgresql+psycopg://jifen@127.0.0.1:{port}/ledger", "report", "overdrawn",
                 "--merchant", "m1"]
        done = subprocess.run(words, check=False, capture_output=True, text=True, timeout=120, cwd=tmp_path,
                              env={k: v for k, v in os.environ.items() if k != "PGCONNECT_TIMEOUT"})
    assert (done.returncode, done.stdout) == (2, "")
    assert one_line(done.stderr) == (f"cannot open the ledger database: cannot reach the database server at 127.0.0.1:{port} "
                                     "(connection timeout expired); check --db or $JIFEN_LEDGER_DB, and that the server "
                                     "is running")


def test_a_server_with_nothing_listening_is_refused_as_cli_md_says(capsys: pytest.CaptureFixture[str]) -> None:
    port = free_port()
    status, out, err = run(capsys, f"postgresql+psycopg://jifen@127.0.0.1:{port}/ledger", "report", "day",
                           "--merchant", "m1")
    assert (status, out) == (2, "")
    assert f"cannot reach the database server at 127.0.0.1:{port} (Connection refused)" in one_line(err)
    assert "migrate" not in err
    status, out, _ = run(capsys, f"postgresql+psycopg://jifen@127.0.0.1:{port}/ledger", "--json", "settle",
                         "--from", "2026-03-01", "--to", "2026-03-31")
    assert status == 2 and json.loads(out)["error"] == "unreachable"


def test_a_file_that_is_not_a_database_is_left_alone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("the shop's opening hours\n", encoding="utf-8")
    for words in (["report", "day", "--merchant", "m1"], ["migrate"]):
        status, out, err = run(capsys, sqlite_url(notes), *words)
        assert (status, out) == (2, "")
        assert one_line(err) == f"{notes} is not a jifen ledger database (nor any SQLite database)"
    status, out, _ = run(capsys, sqlite_url(notes), "--json", "merchant", "add", "m1", "--name", "x")
    assert status == 2 and json.loads(out)["error"] == "not_a_ledger"
    assert notes.read_text(encoding="utf-8") == "the shop's opening hours\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_another_programs_database_is_left_as_it_was(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "loyalty.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE cards (number TEXT)")
        conn.execute("INSERT INTO cards VALUES ('A-1')")
    conn.close()
    for words in (["report", "day", "--merchant", "m1"], ["migrate"]):
        status, out, err = run(capsys, sqlite_url(other), *words)
        assert (status, out) == (2, "")
        assert one_line(err) == f"{other} is not a jifen ledger database: it holds other tables"
    with sqlite3.connect(other) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # not switched to the ledger's WAL
        assert conn.execute("SELECT number FROM cards").fetchall() == [("A-1",)]
    conn.close()
    assert [p.name for p in tmp_path.iterdir()] == ["loyalty.db"]


def test_a_terminals_store_is_not_taken_for_a_ledger(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    till = init_store(Home(tmp_path / "T1"), store="静安店", terminal_id="T1", merchant="m1",
                      timezone="Asia/Shanghai", owner=OWNER.name, pin=OWNER_PIN, clock=at("2026-03-01 10:00"))
    till.engine.dispose()
    store, revision, tables = till.home.db, stored_revision(till.home.db), table_names(till.home.db)
    for words in (["report", "day", "--merchant", "m1"], ["migrate"]):
        status, out, err = run(capsys, sqlite_url(store), *words)
        assert (status, out) == (2, "")
        assert one_line(err) == (f"{store} is a till's store (its sales, members and journal), not a jifen ledger "
                                 "database: give --db the ledger's own file (jifen-ledger/ledger.db), not the till's "
                                 "jifen.db")
    assert (stored_revision(store), table_names(store)) == (revision, tables)


def test_a_mistyped_path_creates_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    typo = tmp_path / "typo" / "ledgr.db"
    for words in (["report", "day", "--merchant", "m1"], ["merchant", "add", "m1", "--name", "x"],
                  ["settle", "--from", "2026-03-01", "--to", "2026-03-31"], ["admin-token"]):
        status, out, err = run(capsys, sqlite_url(typo), *words)
        assert (status, out) == (2, "")
        assert one_line(err) == (f"no ledger database at {typo}: "
                                 f"create it with jifen-ledger migrate --db {sqlite_url(typo)}")
    status, out, _ = run(capsys, sqlite_url(typo), "--json", "expire")
    assert status == 2 and json.loads(out)["error"] == "not_found"
    assert list(tmp_path.iterdir()) == []


def test_an_empty_database_asks_for_migrate_and_migrate_fills_it(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "ledger.db"
    empty.touch()
    status, out, err = run(capsys, sqlite_url(empty), "merchant", "add", "m1", "--name", "x")
    assert (status, out) == (2, "")
    assert one_line(err) == (f"{empty} has no ledger schema yet: "
                             f"create it with jifen-ledger migrate --db {sqlite_url(empty)}")
    status, out, _ = run(capsys, sqlite_url(empty), "migrate")
    assert (status, out) == (0, f"created the ledger schema (revision {HEAD}) in {empty}\n")
    assert run(capsys, sqlite_url(empty), "merchant", "add", "m1", "--name", "x")[:2] == (0, "added merchant m1\n")


def test_migrate_says_what_it_did(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "ledger.db"
    status, out, err = run(capsys, sqlite_url(path), "migrate")
    assert (status, out, err) == (0, f"created the ledger database {path} (schema revision {HEAD})\n", "")
    status, out, _ = run(capsys, sqlite_url(path), "migrate")
    assert (status, out) == (0, f"{path} is already at schema revision {HEAD}: nothing to do\n")
    status, out, _ = run(capsys, sqlite_url(path), "--json", "migrate")
    assert status == 0 and json.loads(out) == {"ok": True, "db": sqlite_url(path), "revision": HEAD,
                                               "previous_revision": HEAD}
    assert stored_revision(path) == HEAD


def test_migrate_says_it_made_the_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "srv" / "jifen" / "ledger.db"
    status, out, _ = run(capsys, sqlite_url(path), "migrate")
    assert (status, out) == (0, (f"created the folder {path.parent} and in it the ledger database ledger.db "
                                f"(schema revision {HEAD})\n"))
    assert stored_revision(path) == HEAD


def test_an_older_schema_is_refused_until_migrated(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, older = tmp_path / "ledger.db", db.schema_revisions()[-2]
    engine = db.open_engine(sqlite_url(path))
    with schema_migrations(engine) as (config, _):
        command.upgrade(config, older)
    engine.dispose()
    status, out, err = run(capsys, sqlite_url(path), "report", "day", "--merchant", "m1")
    assert (status, out) == (2, "")
    assert one_line(err) == (f"the ledger schema of {path} is at revision {older}, this jifen-ledger needs {HEAD}: "
                             f"upgrade it with jifen-ledger migrate --db {sqlite_url(path)}")
    status, out, _ = run(capsys, sqlite_url(path), "migrate")
    assert (status, out) == (0, f"upgraded the ledger schema of {path} from revision {older} to {HEAD}; the ledger as it "
                                f"was is kept in {tmp_path / f'ledger-before-{HEAD}-from-{older}.db'}\n")
    assert stored_revision(path) == HEAD


def test_a_newer_ledgers_database_is_not_touched(ledger_db: str, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "ledger.db"
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    for words in (["report", "day", "--merchant", "m1"], ["migrate"]):
        status, _, err = run(capsys, ledger_db, *words)
        assert status == 2 and one_line(err) == (f"{path} has schema revision 9999, which this jifen-ledger does not "
                                                 "know: it was made by a newer jifen-ledger")
    assert stored_revision(path) == "9999"


def test_postgresql_migrate_and_an_unmigrated_database(empty_pg: str, capsys: pytest.CaptureFixture[str]) -> None:
    where = empty_pg.split("@", 1)[1]
    server, name = where.split("/")
    status, out, err = run(capsys, empty_pg, "report", "day", "--merchant", "m1")
    assert (status, out) == (2, "")
    assert one_line(err) == (f"database {name} on {server} has no ledger schema yet: create it with "
                             f"jifen-ledger migrate --db {empty_pg}")
    status, out, _ = run(capsys, empty_pg, "migrate")
    assert (status, out) == (0, f"created the ledger schema (revision {HEAD}) in database {name} on {server}\n")
    status, out, _ = run(capsys, empty_pg, "migrate")
    assert (status, out) == (0, f"database {name} on {server} is already at schema revision {HEAD}: nothing to do\n")
    assert run(capsys, empty_pg, "merchant", "add", "m1", "--name", "x")[:2] == (0, "added merchant m1\n")


def test_a_postgresql_server_that_refuses_says_why(pg_cluster: str, capsys: pytest.CaptureFixture[str]) -> None:
    server = pg_cluster.split("@", 1)[1].split("/")[0]
    status, out, err = run(capsys, pg_cluster.replace("jifen@", "nobody@"), "report", "day", "--merchant", "m1")
    assert (status, out) == (2, "")
    assert one_line(err) == f'the database server at {server} refused the connection: role "nobody" does not exist'
    status, out, _ = run(capsys, pg_cluster.rsplit("/", 1)[0] + "/nosuchdb", "--json", "migrate")
    assert status == 2 and json.loads(out) == {
        "error": "db_refused", "message": f'the database server at {server} refused the connection: '
                                          'database "nosuchdb" does not exist'}


def test_a_reversed_period_is_refused(ledger_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, ledger_db, "settle", "--from", "2026-03-31", "--to", "2026-03-01")
    assert (status, out) == (2, "")
    assert one_line(err) == "the period ends (2026-03-01) before it starts (2026-03-31)"
    status, out, _ = run(capsys, ledger_db, "--json", "settle", "--from", "2026-03-31", "--to", "2026-03-01")
    assert status == 2 and json.loads(out)["error"] == "bad_input"
    status, out, _ = run(capsys, ledger_db, "settle", "--from", "2026-03-01", "--to", "2026-03-01")
    assert (status, out) == (0, ("nothing to settle from 2026-03-01 to 2026-03-01: no points were spent at another "
                                "merchant\n"))




def url_of(ledger: Ledger) -> str:
    return ledger.engine.url.render_as_string(hide_password=False)


def test_settlement_reads_as_who_owes_whom(ledger: Ledger, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ledger.merchant("tea", currency="mall")
    ledger.merchant("noodles", currency="mall")
    tea, noodles = shop_till(tmp_path, "茶铺", "T1", "tea"), shop_till(tmp_path, "面馆", "N1", "noodles")
    token_tea, token_noodles = ledger.terminal("tea", "茶铺", "T1"), ledger.terminal("noodles", "面馆", "N1")
    m = member(tea, PHONE)
    sell(tea, m, ("general", 200000))
    ledger.sync(tea, token_tea)
    give_member(tea, m, noodles)
    sell(noodles, m, ("general", 1200), redeem=1200)  # ¥12 paid with the tea shop's points
    ledger.sync(noodles, token_noodles)
    status, out, _ = run(capsys, url_of(ledger), "settle", "--from", "2026-03-01", "--to", "2026-03-31")
    assert (status, out) == (0, (
        "Settlement from 2026-03-01 to 2026-03-31:\n"
        "Each merchant pays for its points used or taken back at another merchant's stores (redeemed, taken back by a "
        "refund, or paying off a debt there), at its own fen per point:\n"
        "  tea (商户 tea)          pays  noodles (商户 noodles)  ¥12.00 for 1,200 points used or taken back (1 fen a point)\n"
        "Net, the sum of the lines above:\n"
        "  noodles (商户 noodles)  is owed ¥12.00 (net +1,200 points)  = ¥12.00 from tea\n"
        "  tea (商户 tea)          owes ¥12.00 (net -1,200 points)     = -¥12.00 to noodles\n"))
    status, out, _ = run(capsys, url_of(ledger), "--json", "settle", "--from", "2026-03-01", "--to", "2026-03-31")
    assert status == 0 and json.loads(out) == {"positions": [
        {"merchant": "noodles", "name": "商户 noodles", "net_points": 1200, "net_fen": 1200},
        {"merchant": "tea", "name": "商户 tea", "net_points": -1200, "net_fen": -1200}],
        "pairs": [{"issuer": "tea", "redeemer": "noodles", "points": 1200, "fen": 1200}], "period_over": True,
        "period_begun": True}


def test_overdrawn_members_and_the_day_read_as_text(ledger: Ledger, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    ledger.merchant("m1")
    status, out, _ = run(capsys, url_of(ledger), "report", "overdrawn", "--merchant", "m1")
    assert (status, out) == (0, "no member of m1 owes points\n")
    one, two = shop_till(tmp_path, "静安店", "T1", "m1"), shop_till(tmp_path, "徐汇店", "T2", "m1")
    token_one, token_two = ledger.terminal("m1", "静安店", "T1"), ledger.terminal("m1", "徐汇店", "T2")
    m = member(one, PHONE)  # 500 points
    ledger.sync(one, token_one)
    give_member(one, m, two)
    sell(one, m, ("general", 400), redeem=400)  # both offline, each sure of 500 points
    sell(two, m, ("general", 300), redeem=300)
    ledger.sync(one, token_one, after=2)
    ledger.sync(two, token_two)
    seq = journal_of(two)[-1].seq
    status, out, _ = run(capsys, url_of(ledger), "report", "overdrawn", "--merchant", "m1")
    assert (status, out) == (0, (f"1 member of m1 owes points:\n  {m}  138****8000  owes 200 points, run into by:\n"
                                f"    2026-03-01  徐汇店 terminal T2 entry {seq}: 200 points\n"))
    status, out, _ = run(capsys, url_of(ledger), "--json", "report", "overdrawn", "--merchant", "m1")
    assert json.loads(out) == {"members": [{"member_id": m, "phone": "138****8000", "debt": 200, "entries": [
        {"points": 200, "date": "2026-03-01", "terminal": "T2", "store": "徐汇店", "seq": seq}]}]}

    status, out, _ = run(capsys, url_of(ledger), "report", "day", "--merchant", "m1", "--date", "2026-03-01")
    lines = out.splitlines()
    assert status == 0 and lines[0] == "Day totals of 2026-03-01 for merchant m1, all stores"
    assert "None" not in out and "_fen" not in out and "{" not in out
    rows = {line[:26].strip(): line[26:].strip() for line in lines[1:]}
    shown = (rows["Sales"], rows["Gross sales"], rows["Paid with points"], rows["Points redeemed"], rows["Points outstanding"])
    assert shown == ("2", "¥7.00", "¥7.00", "700", "-200")  # members' points less what they owe, as terminals count
    assert "Gift exchanges" not in rows and "Coupons issued" not in rows  # the mall saw nothing that day
    status, out, _ = run(capsys, url_of(ledger), "report", "day", "--merchant", "m1", "--date", "2026-03-01",
                         "--store", "徐汇店")
    assert out.splitlines()[0] == "Day totals of 2026-03-01 for merchant m1, store 徐汇店" and "Gross" in out
    assert "Points expired" not in out  # the ledger expires the merchant's points, not a store's
    assert "Points expired" in run(capsys, url_of(ledger), "report", "day", "--merchant", "m1", "--date", "2026-03-01")[1]
    status, out, err = run(capsys, url_of(ledger), "report", "day", "--merchant", "m1", "--date", "2026-03-01",
                           "--store", "徐汇店", "--terminal", "T1")
    assert (status, out, one_line(err)) == (2, "", "terminal T1 is in store 静安店, not 徐汇店")
    status, out, _ = run(capsys, url_of(ledger), "--json", "report", "day", "--merchant", "m1", "--date", "2026-03-01")
    day = json.loads(out)
    assert (day["store"], day["terminal"], day["sales"], day["gross_fen"]) == (None, None, 2, 700)


def test_a_reader_that_goes_away_gets_no_traceback(ledger_db: str) -> None:
    reader, writer = os.pipe()
    os.close(reader)  # nobody will read: the first write fails with EPIPE
    try:
        done = process("--db", ledger_db, "--json", "report", "day", "--merchant", "m1", stdout=writer)
    finally:
        os.close(writer)
    assert (done.returncode, done.stderr) == (1, "")


def test_the_whole_answer_goes_to_a_reader_that_stays(ledger_db: str) -> None:
    done = process("--db", ledger_db, "--json", "report", "day", "--merchant", "m1", "--date", "2026-03-01")
    assert done.returncode == 0 and json.loads(done.stdout)["date"] == "2026-03-01" and done.stderr == ""


def nothing_listens(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def serve_refusal(url: str, *options: str) -> tuple[int, str, dict[str, str]]:
    """Run `serve`, which must refuse at once; its one line of text, and its --json answer."""
    port = free_port()
    plain = process("--db", url, "serve", "--port", str(port), *options)
    as_json = process("--db", url, "--json", "serve", "--port", str(port), *options)
    assert plain.stdout == "" and as_json.stderr == "" and nothing_listens(port)
    assert as_json.returncode == plain.returncode
    return plain.returncode, one_line(plain.stderr), json.loads(as_json.stdout)


def test_serve_refuses_a_database_it_could_not_use(tmp_path: Path) -> None:
    notes, empty, missing = tmp_path / "notes.txt", tmp_path / "empty.db", tmp_path / "typo" / "ledgr.db"
    notes.write_text("not a database\n", encoding="utf-8")
    empty.touch()
    cases = [(notes, "not_a_ledger", f"{notes} is not a jifen ledger database (nor any SQLite database)"),
             (empty, "not_migrated", (f"{empty} has no ledger schema yet: create it with "
                                     f"jifen-ledger migrate --db {sqlite_url(empty)}")),
             (missing, "not_found", (f"no ledger database at {missing}: create it with "
                                    f"jifen-ledger migrate --db {sqlite_url(missing)}"))]
    for path, code, message in cases:
        status, line, answer = serve_refusal(sqlite_url(path))
        assert (status, line, answer) == (2, message, {"error": code, "message": message})
    assert not missing.parent.exists() and table_names(empty) == set()


def test_serve_refuses_a_server_it_cannot_reach() -> None:
    port = free_port()
    status, line, answer = serve_refusal(f"postgresql+psycopg://jifen@127.0.0.1:{port}/ledger")
    assert status == 2 and answer["error"] == "unreachable"
    assert f"cannot reach the database server at 127.0.0.1:{port} (Connection refused)" in line
    assert "migrate" not in line


def test_serve_refuses_an_unmigrated_postgresql_database(empty_pg: str) -> None:
    status, line, answer = serve_refusal(empty_pg)
    assert status == 2 and answer["error"] == "not_migrated" and line.endswith(f"jifen-ledger migrate --db {empty_pg}")


def test_serve_refuses_a_port_in_use(ledger_db: str) -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        plain = process("--db", ledger_db, "serve", "--port", str(port))
        as_json = process("--db", ledger_db, "--json", "serve", "--port", str(port))
    message = (f"port {port} on 127.0.0.1 is in use by another program (another jifen-ledger?): "
               "stop it or choose another --port")
    assert (plain.returncode, plain.stdout, one_line(plain.stderr)) == (2, "", message)
    assert (as_json.returncode, json.loads(as_json.stdout), as_json.stderr) == (
        2, {"error": "cannot_listen", "message": message}, "")


def test_serve_refuses_an_address_it_cannot_listen_on(ledger_db: str) -> None:
    status, line, answer = serve_refusal(ledger_db, "--host", "nonexistent.invalid")
    assert (status, answer["error"]) == (2, "cannot_listen")
    assert line.startswith("cannot listen on nonexistent.invalid: no such host name or address")
    status, line, _ = serve_refusal(ledger_db, "--host", "192.0.2.1")  # TEST-NET-1: no machine has it
    assert status == 2 and line.startswith("192.0.2.1 is not an address of this machine")


@pytest.mark.parametrize(("port", "says"), [
    ("-1", "argument --port: -1 is not a port: give one from 1 to 65535"),
    ("0", "argument --port: 0 is not a port: give one from 1 to 65535"),
    ("70000", "argument --port: 70000 is not a port: give one from 1 to 65535"),
    ("http", "argument --port: 'http' is not a port number"),
])
def test_serve_refuses_a_port_number_out_of_range(port: str, says: str, ledger_db: str,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, ledger_db, "serve", "--port", port)
    assert (status, out) == (2, "") and one_line(err) == f"{says} (see 'jifen-ledger --help')"
    status, out, _ = run(capsys, ledger_db, "--json", "serve", "--port", port)
    assert status == 2 and json.loads(out)["error"] == "bad_input"


def test_serve_still_serves_a_ledger_it_can_use(ledger_db: str, tmp_path: Path) -> None:
    port = free_port()
    env = os.environ | {"PYTHONPATH": os.pathsep.join(filter(None, (str(ROOT), os.environ.get("PYTHONPATH"))))}
    with (tmp_path / "serve.log").open("wb") as log:
        server = subprocess.Popen([*ledger_command(), "--db", ledger_db, "serve", "--port", str(port)], cwd=ROOT,
                                  env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while nothing_listens(port):
            assert server.poll() is None and time.monotonic() < deadline, (tmp_path / "serve.log").read_text()
            time.sleep(0.05)
        assert requests.get(f"http://127.0.0.1:{port}/v1/health", timeout=5).status_code == 200
    finally:
        server.terminate()
        server.wait(30)
    said = (tmp_path / "serve.log").read_text(encoding="utf-8")
    assert f"jifen-ledger: serving {ledger_db.removeprefix('sqlite:///')} on http://127.0.0.1:{port} (1 worker)" in said


def test_expiring_ahead_of_time_is_refused(ledger_db: str, capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIFEN_NOW", "2027-12-31T23:30:00+08:00")
    status, out, err = run(capsys, ledger_db, "expire", "--date", "2999-01-01")
    assert (status, out) == (2, "") and one_line(err) == (
        "2999-01-01 has not come yet: points are expired on or after their day, and expiring them cannot be undone")
    assert run(capsys, ledger_db, "expire", "--date", "2028-01-01") == (0, "expired 0 points of 0 members\n", "")
