"""`jifen support-report` on a store folder this user may only read: it only reads, so it runs there; a wrong PIN
is said as a wrong PIN, never as the store's problem, and nothing is written to the store.

Root's permission bits are bypassed, so as root the command runs without the capabilities that bypass them
(capsh)."""

import os
import subprocess
from pathlib import Path

from tests.helpers.cli import CLEAN_ENV, JIFEN, Jifen
from tests.helpers.disks import run_bound_by_permissions


def _as_user(store: Jifen, *words: str, pin: str, temp: Path,
             lang: str = "C.UTF-8") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in CLEAN_ENV}
    env.update({"LANG": lang, "JIFEN_HOME": str(store.home), "JIFEN_NOW": store.now or "", "JIFEN_PIN": pin,
                "TMPDIR": str(temp)})
    return run_bound_by_permissions([str(JIFEN), *words, "--cashier", "boss"], env, timeout=120)


def _read_only(home: Path) -> None:
    folders = [home, *(p for p in home.rglob("*") if p.is_dir())]
    for path in home.rglob("*"):
        if path.is_file():
            path.chmod(0o444)
    for folder in folders:
        folder.chmod(0o555)


def test_a_wrong_pin_on_a_read_only_store_is_said_as_a_wrong_pin(jifen: Jifen, tmp_path: Path) -> None:
    temp = tmp_path / "temp"
    temp.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    wrong_pin = {"JIFEN_PIN": "0000"}
    assert jifen.refused("sale", "--line", "general:1", by="boss", env=wrong_pin) == "wrong_pin"
    _read_only(jifen.home)
    before = jifen.dump()
    wrong = _as_user(jifen, "support-report", str(out / "support.zip"), pin="0000", temp=temp)
    assert (wrong.returncode, wrong.stdout, wrong.stderr) == (
        2, "", "wrong PIN for boss (not counted: the store folder is read-only)\n")
    assert not (out / "support.zip").exists() and jifen.dump() == before
    zh = _as_user(jifen, "support-report", str(out / "support.zip"), pin="0000", temp=temp, lang="zh_CN.UTF-8")
    assert (zh.returncode, zh.stderr) == (2, "boss 的密码错误（数据文件夹为只读，未计入错误次数）\n")
    right = _as_user(jifen, "support-report", str(out / "support.zip"), pin="8888", temp=temp)
    assert right.returncode == 0, right.stderr
    assert jifen.query("SELECT failed_pins FROM cashiers WHERE name = 'boss'") == [(1,)]
    assert right.stdout.startswith(f"Support report written to {out / 'support.zip'}")
