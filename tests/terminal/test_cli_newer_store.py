"""A store written by a newer jifen (a schema revision this one does not have) is refused in one clear
line and left as it is, by every command and by restore."""

import sqlite3
from pathlib import Path

import pytest

from tests.helpers.cli import Jifen

PHONE = "13800138000"


def _from_the_future(db: Path) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099'")
    conn.close()


@pytest.mark.parametrize("argv", [["member", "show", PHONE], ["report", "day"], ["sale", "--line", "general:1"],
                                  ["journal", "verify"], ["receipt", "T1-1", "--text"]])
def test_a_store_of_a_newer_jifen_is_refused_and_left_alone(jifen: Jifen, tmp_path: Path, argv: list[str]) -> None:
    jifen.member(PHONE)
    _from_the_future(jifen.db)
    before = jifen.dump()
    run = jifen(*argv, by="amy")
    assert (run.status, run.out) == (2, "")
    assert run.err == (f"{jifen.db} was written by a newer jifen (schema 0099): install that version or a newer one "
                       "to use it; nothing was changed\n")
    assert jifen.refused(*argv, by="amy") == "newer_store"
    assert jifen.dump() == before


def test_the_refusal_is_in_chinese_too(jifen: Jifen) -> None:
    _from_the_future(jifen.db)
    run = jifen("report", "day", env={"LANG": "zh_CN.UTF-8"})
    assert run.err == f"{jifen.db} 由更新版本的 jifen 写入（数据结构 0099）：请安装该版本或更新的版本后再使用；未做任何修改\n"


def test_restoring_a_backup_of_a_newer_jifen_is_refused(jifen: Jifen, tmp_path: Path) -> None:
    copy = tmp_path / "copy.db"
    jifen.ok("backup", str(copy))
    _from_the_future(copy)
    jifen.member(PHONE)
    before = jifen.dump()
    run = jifen("restore", str(copy), by="boss")
    assert (run.status, run.out) == (2, "")
    assert run.err == (f"{copy} was written by a newer jifen (schema 0099): install that version or a newer one to "
                       "restore it; nothing was restored\n")
    assert jifen.dump() == before
