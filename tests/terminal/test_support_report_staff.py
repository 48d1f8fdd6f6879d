"""`jifen support-report`: staff are people too (PIPL). Their names never reach the zip in full, neither in the
summary, nor in the logs, nor in the command lines a crash record names; each is masked as 王*, followed in the
store's own lines by their number at this till (#4: the fourth added), so that support can still follow who did
what. The summary lists them so: #4 王* manager."""

import tempfile
from pathlib import Path

import pytest

from terminal.logfile import masked_command
from tests.helpers.cli import Jifen
from tests.terminal.test_support_report import texts_in_zip

STAFF, NEWCOMER, PHONE = "王芳", "王明", "13800138000"
HER_PIN, ZH = {"JIFEN_PIN": "6666"}, {"LANG": "zh_CN.UTF-8"}


@pytest.fixture
def temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "temp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture
def shop(jifen: Jifen, temp: Path) -> Jifen:
    """王芳, a manager, sells, adjusts and types a wrong PIN; then her sale and her adding 王明 fail unexpectedly
    (the crash records name the commands); and the app once logged her sale."""
    jifen.ok("cashier", "add", STAFF, "--role", "manager", by="boss", env={"JIFEN_NEW_PIN": "6666"})
    jifen.member(PHONE)
    jifen.ok("sale", "--member", PHONE, "--line", "general:10", "--cashier", STAFF, env=HER_PIN)
    jifen.ok("adjust", PHONE, "--points", "5", "--reason", "补录", "--cashier", STAFF, env=HER_PIN)
    assert jifen.refused("sale", "--line", "general:1", "--cashier", STAFF, env={"JIFEN_PIN": "0000"}) == "wrong_pin"
    jifen.query("CREATE TRIGGER boom BEFORE INSERT ON sales BEGIN SELECT RAISE(ABORT, 'simulated'); END")
    jifen.query("CREATE TRIGGER boom2 BEFORE INSERT ON journal BEGIN SELECT RAISE(ABORT, 'simulated'); END")
    assert jifen("sale", "--line", "general:1", "--cashier", STAFF, env=HER_PIN).status == 1
    assert jifen("cashier", "add", NEWCOMER, "--role", "cashier", "--cashier", STAFF,
                 env={**HER_PIN, "JIFEN_NEW_PIN": "7777"}).status == 1
    (jifen.home / "jifen.log.1").write_text(
        f"2026-03-01T09:00:00.000+08:00 ERROR jifen.ui: sale T1-8 is recorded (1000 fen by {STAFF}), but showing "
        f"it failed\n", encoding="utf-8")
    return jifen


def test_staff_names_are_masked_and_their_numbers_kept(shop: Jifen, tmp_path: Path) -> None:
    target = tmp_path / "support.zip"
    run = shop("support-report", str(target), by="boss")
    assert run.status == 0, str(run)
    files = texts_in_zip(target)
    everything = "\n".join(files.values())
    assert STAFF not in everything and NEWCOMER not in everything
    assert "Staff: #1 b*** owner, #2 a** cashier, #3 m** manager, #4 王* manager\n" in files["summary.txt"]
    assert "sale T1-8 is recorded (1000 fen by 王*#4)" in files["jifen.log.1"]
    log = files["jifen.log"]
    assert "command: jifen sale --line general:1 --cashier 王*)" in log
    assert "command: jifen cashier add 王* --role cashier --cashier 王*)" in log


def test_in_chinese(shop: Jifen, tmp_path: Path) -> None:
    target = tmp_path / "support.zip"
    assert shop("support-report", str(target), by="boss", env=ZH).status == 0
    summary = texts_in_zip(target)["summary.txt"]
    assert "员工: #1 b*** 店主, #2 a** 收银员, #3 m** 店长, #4 王* 店长\n" in summary
    assert STAFF not in summary


def test_a_latin_name_is_masked_as_a_whole_word_only(shop: Jifen, tmp_path: Path) -> None:
    (shop.home / "jifen.log.2").write_text("max approved; the maximum is amy's; Amy and boss.\n", encoding="utf-8")
    target = tmp_path / "support.zip"
    assert shop("support-report", str(target), by="boss").status == 0
    assert texts_in_zip(target)["jifen.log.2"] == "m**#3 approved; the maximum is a**#2's; Amy and b***#1.\n"


@pytest.mark.parametrize(("argv", "logged"), [
    (["init", "--store", "静安店", "--owner", "王芳"], "jifen init --store 静安店 --owner 王*"),
    (["--home", "/s", "cashier", "pin", "--json", "张小明", "--cashier=王芳"],
     "jifen --home /s cashier pin --json 张** --cashier=王*"),
    (["refund", "T1-8", "--approver", "max", "--cashier", "amy"], "jifen refund T1-8 --approver m** --cashier a**"),
    (["cashier", "list"], "jifen cashier list"),
])
def test_a_crash_record_names_staff_by_their_first_character(argv: list[str], logged: str) -> None:
    assert masked_command(argv) == logged
