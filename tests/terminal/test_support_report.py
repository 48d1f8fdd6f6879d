"""`jifen support-report FILE.zip`: what an owner sends the vendor's support line. A summary and the store's logs, with
the printer unplugged and the ledger gone; never the store's database, its keys, its ledger token, a full phone
number or a member's name."""

import tempfile
import zipfile
from pathlib import Path

import pytest

from terminal.db import SCHEMA_HEAD
from terminal.logfile import temp_log
from terminal.version import running_version
from tests.helpers.cli import Jifen
from tests.helpers.linked_tills import connect_to_a_ledger_since_gone
from tests.helpers.ledger_server import free_port

PHONE, NAME = "13800138000", "张小明"


@pytest.fixture
def temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The temp folder, this test's own: another test's fallback log is not this store's."""
    folder = tmp_path / "temp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture
def shop(jifen: Jifen, tmp_path: Path, temp: Path) -> Jifen:
    """A store linked to a ledger that has since gone, a printer unplugged (nothing listens on its port), a member,
    a sale whose receipt waits to print, and an old log from before phones were masked."""
    connect_to_a_ledger_since_gone(jifen, tmp_path)
    with (jifen.home / "config.toml").open("a", encoding="utf-8") as config:
        config.write(f'\n[printer]\nurl = "tcp://127.0.0.1:{free_port()}"\n')
    jifen.member(PHONE, "--name", NAME)
    jifen.ok("sale", "--member", PHONE, "--line", "general:10", by="amy")
    assert jifen("sync").status == 2
    (jifen.home / "jifen.log.1").write_text(f"2026-03-01 09:00:00 WARNING jifen: member {PHONE} {NAME} odd\n",
                                            encoding="utf-8")
    return jifen


def texts_in_zip(path: Path) -> dict[str, str]:
    """Each file of the zip, by name, as text."""
    with zipfile.ZipFile(path) as bundle:
        return {name: bundle.read(name).decode("utf-8") for name in bundle.namelist()}


def test_the_zip_holds_a_summary_and_the_logs_and_nothing_private(shop: Jifen, tmp_path: Path) -> None:
    target = tmp_path / "support.zip"
    run = shop("support-report", str(target), by="boss")
    assert run.status == 0, str(run)
    files = texts_in_zip(target)
    assert sorted(files) == ["jifen.log", "jifen.log.1", "summary.txt"]
    token = (shop.home / "ledger.token").read_text(encoding="utf-8").strip()
    everything = "\n".join(files.values())
    assert PHONE not in everything and NAME not in everything and token not in everything
    assert "138****8000" in files["jifen.log.1"]
    summary = files["summary.txt"]
    for fact in (f"jifen version: {running_version()}", "m1 / 静安店 / T1", f"Store folder: {shop.home}",
                 f"Database schema: {SCHEMA_HEAD}", "Database size: ", "Free disk space: ", "Python: "):
        assert fact in summary, summary
    assert "Ledger: http://127.0.0.1:" in summary and "== jifen sync --status (ok) ==" in summary
    assert "8 entries pending" in summary and "Last error: cannot reach the ledger" in summary
    assert "== jifen print queue (ok) ==\n1 waiting to print\n#1 Receipt T1-8" in summary
    assert "== jifen printer status (problem) ==\nprinter not reachable" in summary
    assert "== jifen journal verify (ok) ==" in summary
    assert run.out.startswith(f"Support report written to {target} (2 log files)")
    assert "printer status: printer not reachable" in run.out


def test_json_names_the_file_and_each_part(shop: Jifen, tmp_path: Path) -> None:
    target = tmp_path / "support.zip"
    data = shop.ok("support-report", str(target), by="max")
    assert data["file"] == str(target)
    parts = {part["name"]: part for part in data["parts"]}
    assert list(parts) == ["sync --status", "print queue", "printer status", "journal verify"]
    assert parts["printer status"]["ok"] is False and "not reachable" in parts["printer status"]["message"]
    assert parts["journal verify"]["ok"] is True


def test_in_chinese(shop: Jifen, tmp_path: Path) -> None:
    target = tmp_path / "support.zip"
    run = shop("support-report", str(target), by="boss", env={"LANG": "zh_CN.UTF-8"})
    assert run.status == 0, str(run)
    assert run.out.startswith(f"支持报告已写入 {target}（含 2 个日志文件）")
    assert "切勿发送 jifen.db、keys/ 或 ledger.token" in run.out and "printer status：连接不上打印机" in run.out
    summary = texts_in_zip(target)["summary.txt"]
    assert "门店文件夹" in summary and "== jifen printer status (有问题) ==\n连接不上打印机" in summary


def test_only_an_owner_or_a_manager_and_never_over_a_file(shop: Jifen, tmp_path: Path) -> None:
    target = tmp_path / "support.zip"
    assert shop.refused("support-report", str(target), by="amy") == "forbidden"
    assert not target.exists()
    target.write_bytes(b"mine")
    assert shop.refused("support-report", str(target), by="boss") == "already_exists"
    assert target.read_bytes() == b"mine"


def test_one_log_file_is_said_in_the_singular(shop: Jifen, tmp_path: Path) -> None:
    (shop.home / "jifen.log.1").unlink()
    target = tmp_path / "support.zip"
    run = shop("support-report", str(target), by="boss")
    assert run.status == 0, str(run)
    assert run.out.startswith(f"Support report written to {target} (1 log file). Send it"), run.out


def test_the_log_in_the_temp_folder_goes_in_masked(shop: Jifen, tmp_path: Path) -> None:
    """Where a command's failures went while the store folder could not be written."""
    fallback = temp_log()
    fallback.write_text(f"2026-03-01 09:00:00 ERROR jifen: unexpected failure, command: jifen member show "
                        f"138-0013-8000 ({NAME})\n", encoding="utf-8")
    Path(f"{fallback}.1").write_text(f"older: {PHONE}\n", encoding="utf-8")
    target = tmp_path / "support.zip"
    run = shop("support-report", str(target), by="boss")
    assert run.status == 0, str(run)
    files = texts_in_zip(target)
    assert sorted(files) == sorted(["jifen.log", "jifen.log.1", "summary.txt", fallback.name, f"{fallback.name}.1"])
    assert files[fallback.name].endswith("command: jifen member show 138****8000 (**)\n")
    assert files[f"{fallback.name}.1"] == "older: 138****8000\n"
    assert run.out.startswith(f"Support report written to {target} (4 log files)")


def test_a_report_changes_nothing_in_the_store_and_starts_no_backup(shop: Jifen, tmp_path: Path) -> None:
    """The first command of a new day: a write would make the day's backup; a report only reads."""
    shop.now = "2026-03-02T10:00:00+08:00"
    before = shop.db.read_bytes()
    assert shop("support-report", str(tmp_path / "support.zip"), by="boss").status == 0
    assert not (shop.home / "backups" / "jifen-2026-03-02.db").exists()
    assert shop.db.read_bytes() == before
