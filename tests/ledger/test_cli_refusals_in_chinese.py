"""An owner whose computer speaks Chinese (LANG=zh_CN.UTF-8) meets jifen-ledger's refusals in Chinese, as its help
and reports are: a ledger not found, not migrated, a port in use, a backup that would overwrite a file, a merchant or
till that exists. The HTTP API's answers stay English (they are for programs). Real SQLite files, the real command
line (in-process, and `serve` as a process of its own)."""

import json
import os
import socket
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text

from ledger.cli import main
from tests.helpers.ledger import run
from tests.helpers.ledger_process import ROOT, ledger_command
from tests.ledger.test_cli_robustness import empty_pg  # noqa: F401  (the fixture: a fresh PostgreSQL database)


def said(capsys: pytest.CaptureFixture[str], url: str, *words: str) -> tuple[int, str]:
    status, out, err = run(capsys, url, *words)
    assert out == "" and err.count("\n") == 1, (out, err)
    return status, err.strip()


@pytest.fixture
def chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")


@pytest.fixture
def ledger_url(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    assert main(["--db", url, "migrate"]) == 0 and main(["--db", url, "merchant", "add", "m1", "--name", "静安连锁"]) == 0
    capsys.readouterr()
    return url


def test_a_missing_ledger_is_said_in_chinese(chinese: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "ledgr.db"
    assert said(capsys, f"sqlite:///{missing}", "report", "day", "--merchant", "m1") == (
        2, f"{missing} 处没有总账数据库：请用 jifen-ledger migrate --db sqlite:///{missing} 创建")
    assert not missing.exists()


def test_an_empty_file_and_a_folder_are_said_in_chinese(chinese: None, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    assert said(capsys, f"sqlite:///{empty}", "merchant", "add", "m1", "--name", "x") == (
        2, f"{empty} 中还没有总账的数据库结构：请用 jifen-ledger migrate --db sqlite:///{empty} 创建")
    assert said(capsys, f"sqlite:///{tmp_path}", "migrate") == (2, f"{tmp_path} 是文件夹，不是 jifen 总账数据库")
    assert said(capsys, "mysql://u@h/db", "migrate") == (
        2, "总账不能存放在 mysql 数据库中：请写成 sqlite:///PATH 或 postgresql+psycopg://USER@HOST:PORT/DB")


def test_adding_what_exists_is_said_in_chinese(chinese: None, ledger_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert said(capsys, ledger_url, "merchant", "add", "m1", "--name", "静安连锁") == (2, "商户 m1 已存在")
    assert said(capsys, ledger_url, "terminal", "add", "--merchant", "m9", "--store", "静安店", "--terminal", "T1") == (
        2, "没有商户 m9")
    assert main(["--db", ledger_url, "terminal", "add", "--merchant", "m1", "--store", "静安店", "--terminal", "T1"]) == 0
    capsys.readouterr()
    assert said(capsys, ledger_url, "terminal", "add", "--merchant", "m1", "--store", "静安店", "--terminal", "T1") == (
        2, "商户 m1 的收银台 T1 已存在")


def test_a_backup_over_a_file_is_refused_in_chinese(chinese: None, ledger_url: str, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    kept = tmp_path / "kept.db"
    kept.write_bytes(b"yesterday's backup")
    assert said(capsys, ledger_url, "backup", str(kept)) == (2, f"{kept} 已存在：请另给一个新文件名，以免覆盖已有的备份")
    assert kept.read_bytes() == b"yesterday's backup"


def test_json_keeps_the_code_and_says_the_chinese(chinese: None, ledger_url: str,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", ledger_url, "--json", "merchant", "add", "m1", "--name", "x"]) == 2
    assert json.loads(capsys.readouterr().out) == {"error": "already_exists", "message": "商户 m1 已存在"}


def test_a_port_in_use_is_said_in_chinese(ledger_url: str) -> None:
    env = os.environ | {"PYTHONPATH": os.pathsep.join(filter(None, (str(ROOT), os.environ.get("PYTHONPATH")))),
                        "LANG": "zh_CN.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        done = subprocess.run([*ledger_command(), "--db", ledger_url, "serve", "--port", str(port)], check=False,
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == f"127.0.0.1 上的端口 {port} 已被另一个程序占用（另一个 jifen-ledger？）：请停止它，或换一个 --port\n"


def told(capsys: pytest.CaptureFixture[str], url: str, *words: str) -> str:
    status, out, err = run(capsys, url, *words)
    assert status == 0 and err == "" and out.count("\n") == 1, (out, err)
    return out.strip()


def test_what_migrate_did_is_said_in_chinese(chinese: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from ledger.db import schema_revisions

    head = schema_revisions()[-1]
    in_new_folder, new_file, empty = tmp_path / "new" / "ledger.db", tmp_path / "ledger.db", tmp_path / "empty.db"
    assert told(capsys, f"sqlite:///{in_new_folder}", "migrate") == (
        f"已建立文件夹 {in_new_folder.parent}，并在其中建立总账数据库 ledger.db（数据库结构 {head} 版）")
    assert told(capsys, f"sqlite:///{new_file}", "migrate") == f"已建立总账数据库 {new_file}（数据库结构 {head} 版）"
    assert told(capsys, f"sqlite:///{new_file}", "migrate") == f"{new_file} 的总账数据库结构已是 {head} 版：无需升级"
    empty.touch()
    assert told(capsys, f"sqlite:///{empty}", "migrate") == f"已在 {empty} 中建立总账数据库结构（{head} 版）"


def test_a_postgresql_ledger_is_named_in_chinese(chinese: None, empty_pg: str,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    from alembic import command

    from ledger import db
    from tests.helpers.ledger import schema_migrations

    url = make_url(empty_pg)
    named = f"{url.host}:{url.port} 上的数据库 {url.database}"
    head, old = db.schema_revisions()[-1], db.schema_revisions()[-2]
    assert told(capsys, empty_pg, "migrate") == f"已在 {named} 中建立总账数据库结构（{head} 版）"
    engine = db.open_engine(empty_pg)
    try:
        with schema_migrations(engine) as (config, _):
            command.downgrade(config, old)
        assert told(capsys, empty_pg, "migrate") == f"已将 {named} 的总账数据库结构从 {old} 版升级到 {head} 版"
        assert told(capsys, empty_pg, "migrate") == f"{named} 的总账数据库结构已是 {head} 版：无需升级"
        with engine.begin() as conn:
            conn.execute(text("DROP TABLE merchants CASCADE"))
    finally:
        engine.dispose()
    assert said(capsys, empty_pg, "migrate") == (2, f"{named} 不是 jifen 总账数据库：其中是别的表")


def test_a_tills_store_in_postgresql_is_named_in_chinese(chinese: None, empty_pg: str,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    url = make_url(empty_pg)
    engine = create_engine(empty_pg)
    try:
        with engine.begin() as conn:
            for table in ("store", "journal", "sales", "members"):
                conn.execute(text(f"CREATE TABLE {table} (id integer)"))
    finally:
        engine.dispose()
    status, message = said(capsys, empty_pg, "migrate")
    assert (status, message.partition(" 是收银台的数据文件")[0]) == (2, f"{url.host}:{url.port} 上的数据库 {url.database}")
