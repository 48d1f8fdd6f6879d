"""Folders and files the user running jifen may not use: a backup onto a read-only disk or into a folder it cannot
write, a store that belongs to another user. Each is one clear line (exit 2), never an "unexpected failure".

Root's permission bits are bypassed, so as root the command runs without the capabilities that bypass them
(capsh), and the files are given to another user (nobody); as another user, the tests that need a file of someone
else's are skipped."""

import os
import pwd
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.cli import CLEAN_ENV, JIFEN, Jifen
from tests.helpers.disks import run_bound_by_permissions, small_tmpfs

PHONE = "13800138000"
NOBODY = 65534


def _as_user(store: Jifen, *words: str, by: str | None = None,
             lang: str | None = None) -> subprocess.CompletedProcess[str]:
    """`jifen WORDS` in a process of its own, subject to permission bits even as root."""
    env = {k: v for k, v in os.environ.items() if k not in CLEAN_ENV}
    env.update({"JIFEN_HOME": str(store.home), "JIFEN_NOW": store.now or ""})
    if by is not None:
        words, env["JIFEN_PIN"] = (*words, "--cashier", by), {"boss": "8888", "amy": "1111"}[by]
    if lang is not None:
        env["LANG"] = lang
    return run_bound_by_permissions([str(JIFEN), *words], env)


def _give_away(*paths: Path) -> str:
    """Make ``paths`` another user's; that user's name."""
    if os.geteuid() != 0:
        pytest.skip("only root can give a file to another user")
    for path in paths:
        os.chown(path, NOBODY, -1)
    return pwd.getpwuid(NOBODY).pw_name


@pytest.fixture
def read_only_disk(tmp_path: Path) -> Iterator[Path]:
    """A real read-only disk (a tmpfs mounted read-only), as a locked USB stick: mounting one needs root."""
    with small_tmpfs(tmp_path / "usb", "1m", read_only=True) as disk:
        yield disk


def test_a_backup_onto_a_read_only_disk_is_refused(jifen: Jifen, read_only_disk: Path) -> None:
    run = jifen("backup", str(read_only_disk / "b1.db"))
    assert (run.status, run.out, run.err) == (2, "", f"cannot write to {read_only_disk} (read-only): nothing was written\n")


def test_the_read_only_disk_in_chinese_and_json(jifen: Jifen, read_only_disk: Path) -> None:
    run = jifen("backup", str(read_only_disk / "b1.db"), "--json", env={"LANG": "zh_CN.UTF-8"})
    assert (run.status, run.json) == (2, {"error": "bad_input", "message": f"无法写入 {read_only_disk}（只读）：未写入任何内容"})


def test_a_backup_into_a_folder_this_user_cannot_write_is_refused(jifen: Jifen, tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o555)
    run = _as_user(jifen, "backup", str(folder / "b1.db"))
    assert (run.returncode, run.stdout, run.stderr) == (
        2, "", f"cannot write to {folder} (no permission): nothing was written\n")
    assert list(folder.iterdir()) == []


def test_a_backup_into_a_folder_this_user_cannot_enter_is_refused(jifen: Jifen, tmp_path: Path) -> None:
    closed = tmp_path / "closed"
    (closed / "inner").mkdir(parents=True)
    closed.chmod(0o700)
    _give_away(closed)
    run = _as_user(jifen, "backup", str(closed / "inner" / "b1.db"))
    assert (run.returncode, run.stderr) == (2, f"cannot write to {closed / 'inner'} (no permission): nothing was written\n")


@pytest.fixture
def store(jifen: Jifen) -> Jifen:
    jifen.member(PHONE)
    return jifen


def _not_ours(store: Jifen, path: Path, owner: str, what: str = "open") -> str:
    return (f"no permission to {what} the store in {store.home} ({path} belongs to another user, {owner}): "
            "run jifen as the user that owns it\n")


@pytest.mark.parametrize("argv", [("member", "show", PHONE), ("report", "day"), ("sale", "--line", "general:1")])
def test_a_store_folder_of_another_user_is_refused_for_reads_and_writes(store: Jifen, argv: tuple[str, ...]) -> None:
    owner = _give_away(store.home)
    run = _as_user(store, *argv, by="amy" if argv[0] == "sale" else None)
    assert (run.returncode, run.stdout, run.stderr) == (2, "", _not_ours(store, store.home, owner))


def test_a_store_file_of_another_user_is_refused_not_called_read_only(store: Jifen) -> None:
    store.db.chmod(0o600)
    owner = _give_away(store.db)
    for argv, by in ((("member", "show", PHONE), None), (("sale", "--line", "general:1"), "amy")):
        run = _as_user(store, *argv, by=by)
        assert (run.returncode, run.stdout, run.stderr) == (2, "", _not_ours(store, store.db, owner)), argv


def test_a_store_file_of_another_user_that_all_may_read_is_read_but_not_changed(store: Jifen) -> None:
    store.db.chmod(0o644)
    owner = _give_away(store.db)
    assert _as_user(store, "member", "show", PHONE).returncode == 0
    before = store.dump()
    run = _as_user(store, "sale", "--line", "general:1", by="amy")
    assert (run.returncode, run.stderr) == (2, _not_ours(store, store.db, owner, what="change"))
    assert store.dump() == before


def test_another_users_store_with_json_in_chinese(store: Jifen) -> None:
    owner = _give_away(store.home)
    run = _as_user(store, "report", "day", "--json", lang="zh_CN.UTF-8")
    assert (run.returncode, run.stderr) == (2, "")
    assert run.stdout == ('{"error": "forbidden", "message": "没有权限打开 ' + f"{store.home} 中的门店数据（{store.home} 属于"
                          f"另一个用户 {owner}）：请以该用户身份运行 jifen" + '"}\n')


def test_a_store_file_this_user_may_not_read_is_said_so(store: Jifen) -> None:
    store.db.chmod(0o000)
    try:
        run = _as_user(store, "member", "show", PHONE)
    finally:
        store.db.chmod(0o600)
    assert (run.returncode, run.stderr) == (
        2, f"no permission to open the store in {store.home}: this user may not read {store.db}; give this user access "
           "to it, or run jifen as a user who has it\n")
