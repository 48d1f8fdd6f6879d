"""A PostgreSQL user the server lets in but not at the ledger's tables is told so, with who lacks rights on what and
how installer/README.md's setup gives them (exit 2, `no_rights`): not that the server cannot be reached, which under
systemd would restart the ledger forever logging the wrong reason. Real PostgreSQL, a second role without rights."""

import json
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from ledger.cli import main
from tests.helpers.ledger_server import free_port
from tests.helpers.postgres import psql_command


@dataclass(frozen=True)
class Server:
    cluster: str  # the superuser's URL (the test cluster's superuser, as `postgres` on a server)
    clerk: str  # a role that may log in and nothing more

    def url(self, user: str, database: str) -> str:
        return make_url(self.cluster).set(username=user, database=database).render_as_string(hide_password=False)

    def run(self, *sql: str, database: str) -> None:
        admin = create_engine(make_url(self.cluster).set(database=database), isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as conn:
                for statement in sql:
                    conn.execute(text(statement))
        finally:
            admin.dispose()

    def psql(self, script: str, database: str) -> None:
        """The script as psql runs it: its own commands (\\gexec) too, as the guide gives them."""
        url = make_url(self.cluster)
        subprocess.run([psql_command(), "-v", "ON_ERROR_STOP=1", "-h", str(url.host), "-p", str(url.port),
                        "-U", str(url.username), "-d", database], input=script, text=True, check=True,
                       capture_output=True)

    def new_database(self) -> str:
        name = f"r_{uuid.uuid4().hex[:12]}"
        self.run(f"CREATE DATABASE {name}", database="jifen")
        return name

    @property
    def where(self) -> str:
        url = make_url(self.cluster)
        return f"{url.host}:{url.port}"


@pytest.fixture
def server(pg_cluster: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Server]:
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    clerk = f"clerk_{uuid.uuid4().hex[:8]}"
    found = Server(pg_cluster, clerk)
    found.run(f"CREATE ROLE {clerk} LOGIN", database="jifen")
    yield found


def _ledger(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(args)
    out, err = capsys.readouterr()
    return status, out, err


def _migrated_by_superuser(server: Server) -> str:
    name = server.new_database()
    assert main(["--db", server.url("jifen", name), "migrate"]) == 0
    return name


def _tables_hint(server: Server, name: str) -> str:
    return (f"the database user {server.clerk} may not use the ledger's tables in database {name} on {server.where} "
            "(permission denied for table alembic_version): they belong to another user, likely the one that ran "
            f"migrate; give them to {server.clerk} as installer/README.md says (step 3), or connect as their owner")


def test_a_user_without_rights_on_the_tables_is_told_so(server: Server, capsys: pytest.CaptureFixture[str]) -> None:
    name = _migrated_by_superuser(server)
    capsys.readouterr()
    url = server.url(server.clerk, name)
    assert _ledger(["--db", url, "terminal", "list", "--merchant", "m1"], capsys) == (
        2, "", _tables_hint(server, name) + "\n")
    status, out, _ = _ledger(["--db", url, "--json", "terminal", "list", "--merchant", "m1"], capsys)
    assert (status, json.loads(out)) == (2, {"error": "no_rights", "message": _tables_hint(server, name)})


@pytest.mark.parametrize("words", [["serve", "--port", str(free_port())], ["migrate"]], ids=["serve", "migrate"])
def test_serve_and_migrate_say_the_same(words: list[str], server: Server, capsys: pytest.CaptureFixture[str]) -> None:
    name = _migrated_by_superuser(server)
    capsys.readouterr()
    status, out, _ = _ledger(["--db", server.url(server.clerk, name), "--json", *words], capsys)
    assert (status, json.loads(out)) == (2, {"error": "no_rights", "message": _tables_hint(server, name)})


def test_the_guides_fix_lets_the_user_serve(server: Server, capsys: pytest.CaptureFixture[str]) -> None:
    """installer/README.md, step 3: psql given the database and its tables for the user that serves."""
    name = _migrated_by_superuser(server)
    server.psql(f"ALTER DATABASE {name} OWNER TO {server.clerk};\n"
                f"SELECT format('ALTER TABLE %I OWNER TO {server.clerk}', tablename) FROM pg_tables "
                "WHERE schemaname = 'public' \\gexec\n", database=name)
    capsys.readouterr()
    url = server.url(server.clerk, name)
    assert _ledger(["--db", url, "merchant", "add", "m1", "--name", "静安连锁"], capsys)[0] == 0
    assert _ledger(["--db", url, "terminal", "list", "--merchant", "m1"], capsys) == (
        0, "merchant m1 has no terminal yet (jifen-ledger terminal add)\n", "")


def _schema_hint(server: Server, name: str) -> str:
    return (f"the database user {server.clerk} may not create the ledger's tables in database {name} on {server.where} "
            f"(permission denied for schema public): make {server.clerk} the database's owner (as postgres: "
            f"ALTER DATABASE {name} OWNER TO {server.clerk}) and run migrate again (installer/README.md, step 1)")


def test_migrate_without_create_rights_says_how(server: Server, capsys: pytest.CaptureFixture[str]) -> None:
    name = server.new_database()  # owned by the superuser: on PostgreSQL 15 its schema public is the owner's
    url = server.url(server.clerk, name)
    assert _ledger(["--db", url, "migrate"], capsys) == (2, "", _schema_hint(server, name) + "\n")
    status, out, _ = _ledger(["--db", url, "--json", "migrate"], capsys)
    assert (status, json.loads(out)) == (2, {"error": "no_rights", "message": _schema_hint(server, name)})
    server.run(f"ALTER DATABASE {name} OWNER TO {server.clerk}", database="jifen")
    assert _ledger(["--db", url, "migrate"], capsys)[0] == 0


def test_in_chinese(server: Server, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    migrated, empty = _migrated_by_superuser(server), server.new_database()
    capsys.readouterr()
    clerk, where = server.clerk, server.where
    assert _ledger(["--db", server.url(clerk, migrated), "terminal", "list", "--merchant", "m1"], capsys) == (
        2, "", f"数据库用户 {clerk} 无权使用 {where} 上的数据库 {migrated} 中总账的表（permission denied for table "
               f"alembic_version）：这些表属于另一个用户，多半是运行 migrate 的那个；请按 installer/README.md 第 3 步把它们"
               f"交给 {clerk}，或以它们的所有者连接\n")
    assert _ledger(["--db", server.url(clerk, empty), "migrate"], capsys) == (
        2, "", f"数据库用户 {clerk} 无权在 {where} 上的数据库 {empty} 中建立总账的表（permission denied for schema "
               f"public）：请让 {clerk} 成为该数据库的所有者（以 postgres 身份执行 ALTER DATABASE {empty} OWNER TO "
               f"{clerk}），再运行 migrate（见 installer/README.md 第 1 步）\n")
