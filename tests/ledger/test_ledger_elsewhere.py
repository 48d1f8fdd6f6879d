"""The owner made the ledger with a relative `--db sqlite:///ledger.db` in one folder and runs a command from another:
the message says a relative path is taken from the current folder and how to reach the ledger made elsewhere, and
only last how to make a new one, since following that makes a second, empty ledger. A till's store given as --db is
called one. Real `jifen-ledger` processes in the folders an owner would be in."""

import os
import subprocess
from pathlib import Path

import pytest

from terminal.bootstrap import init_store
from terminal.home import Home
from tests.helpers.ledger_process import ROOT, ledger_command
from tests.helpers.store import OWNER, OWNER_PIN, at


def jifen_ledger(folder: Path, *words: str, lang: str = "en_US.UTF-8") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "JIFEN_LEDGER_DB"} | {
        "PYTHONPATH": os.pathsep.join(filter(None, (str(ROOT), os.environ.get("PYTHONPATH")))),
        "LANG": lang, "LC_ALL": "", "LC_MESSAGES": ""}
    return subprocess.run([*ledger_command(), *words], check=False, cwd=folder, env=env, capture_output=True,
                          text=True, timeout=120)


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    """The folder the ledger was made in, with its ledger, and the folder the owner is in now."""
    shop, home = tmp_path / "shop", tmp_path / "home"
    shop.mkdir()
    home.mkdir()
    assert jifen_ledger(shop, "--db", "sqlite:///ledger.db", "migrate").returncode == 0
    return shop, home


def test_from_another_folder_it_says_where_a_relative_path_is_taken_from(folders: tuple[Path, Path]) -> None:
    shop, home = folders
    done = jifen_ledger(home, "--db", "sqlite:///ledger.db", "terminal", "add", "--merchant", "m1", "--store", "s",
                        "--terminal", "T1")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        f"no ledger database at {home / 'ledger.db'}: a relative --db is taken from the folder the command runs in "
        f"({home}); if the ledger was made from another folder, run the command there or give its full path "
        "(sqlite:////FULL/PATH/ledger.db) as --db or in $JIFEN_LEDGER_DB; only to start a new, empty ledger here: "
        "jifen-ledger migrate --db sqlite:///ledger.db\n")
    zh = jifen_ledger(home, "--db", "sqlite:///ledger.db", "report", "day", "--merchant", "m1", lang="zh_CN.UTF-8")
    assert (zh.returncode, zh.stderr) == (2, (
        f"{home / 'ledger.db'} 处没有总账数据库：--db 中的相对路径是从运行命令时所在的文件夹（{home}）算起的；如果总账是在"
        "别的文件夹中建立的，请到那个文件夹运行，或在 --db 或 $JIFEN_LEDGER_DB 中写出它的完整路径"
        "（sqlite:////完整/路径/ledger.db）；只有要在这里新建一个空的总账时，才运行 jifen-ledger migrate --db "
        "sqlite:///ledger.db\n"))
    assert [p.name for p in home.iterdir()] == []
    assert jifen_ledger(home, "--db", f"sqlite:///{shop / 'ledger.db'}", "merchant", "add", "m1", "--name", "静安连锁"
                        ).returncode == 0


def test_a_tills_store_given_as_db_is_called_one(tmp_path: Path) -> None:
    till = init_store(Home(tmp_path / "jifen"), store="静安店", terminal_id="T1", merchant="m1",
                      timezone="Asia/Shanghai", owner=OWNER.name, pin=OWNER_PIN, clock=at("2026-03-01 10:00"))
    till.engine.dispose()
    store = till.home.db
    done = jifen_ledger(tmp_path, "--db", f"sqlite:///{store}", "serve")
    assert (done.returncode, done.stderr) == (2, (
        f"{store} is a till's store (its sales, members and journal), not a jifen ledger database: give --db the "
        "ledger's own file (jifen-ledger/ledger.db), not the till's jifen.db\n"))
    zh = jifen_ledger(tmp_path, "--db", f"sqlite:///{store}", "migrate", lang="zh_CN.UTF-8")
    assert (zh.returncode, zh.stderr) == (2, (
        f"{store} 是收银台的数据文件（销售、会员和流水），不是 jifen 总账数据库：--db 请给总账自己的文件"
        "（jifen-ledger/ledger.db），而不是收银台的 jifen.db\n"))
