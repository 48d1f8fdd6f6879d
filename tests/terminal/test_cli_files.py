"""Files and folders the user names: a backup never lands beside its target or half-written, a card
is never written into folders made up from a typo, a home that is a file is refused."""

import os
import tempfile
from pathlib import Path

import pytest

from tests.helpers.cli import Jifen

PHONE = "13800138000"


def _partials(*folders: Path) -> list[Path]:
    return [p for folder in folders for p in folder.rglob("*.partial")]


def test_a_backup_into_a_folder_is_refused_and_copies_nothing(jifen: Jifen, tmp_path: Path) -> None:
    folder = tmp_path / "somefolder"
    folder.mkdir()
    run = jifen("backup", str(folder))
    assert (run.status, run.out, run.err) == (2, "", f"{folder} is a folder; name the backup file\n")
    assert _partials(tmp_path) == [] and list(folder.iterdir()) == []


def test_a_backup_with_an_empty_name_is_refused(jifen: Jifen, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    before = sorted(tmp_path.parent.iterdir())
    assert jifen.refused("backup", "") == "bad_input"
    assert jifen("backup", "").err == "jifen backup: FILE is empty; give a value\n"
    assert jifen.refused("backup", ".") == "bad_input"
    assert sorted(tmp_path.parent.iterdir()) == before


def test_a_backup_over_the_store_itself_is_refused(jifen: Jifen) -> None:
    before = jifen.dump()
    assert jifen.refused("backup", str(jifen.db)) == "bad_input"
    assert jifen.dump() == before


def test_a_failed_backup_leaves_no_partial_copy(jifen: Jifen, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("terminal.backup.os.replace", fail)
    run = jifen("backup", str(tmp_path / "copy.db"))
    assert run.status == 1
    assert _partials(tmp_path) == [] and not (tmp_path / "copy.db").exists()


def test_member_card_into_a_missing_folder_is_refused_and_makes_no_folder(jifen: Jifen, tmp_path: Path) -> None:
    jifen.member(PHONE)
    target = tmp_path / "typo" / "dir" / "card.png"
    run = jifen("member", "card", PHONE, "--png", str(target))
    assert (run.status, run.out, run.err) == (2, "", f"folder {target.parent} does not exist\n")
    assert not (tmp_path / "typo").exists()


@pytest.mark.parametrize("argv", [["init", "--store", "店", "--terminal", "T1", "--owner", "boss"], ["member", "show", PHONE],
                                  ["report", "day"]])
def test_a_home_that_is_a_file_is_refused(jifen: Jifen, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          argv: list[str]) -> None:
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    home = tmp_path / "a-file"
    home.write_text("not a folder", encoding="utf-8")
    run = jifen(*argv, env={"JIFEN_HOME": str(home), "JIFEN_NEW_PIN": "8888"})
    assert (run.status, run.out) == (2, "")
    assert run.err == f"{home} is a file, not a folder: the store needs a folder ($JIFEN_HOME or --home)\n"
    assert home.read_text(encoding="utf-8") == "not a folder"
    assert list(temp.iterdir()) == []


def test_init_where_the_folder_cannot_be_made_is_refused(jifen: Jifen, tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("", encoding="utf-8")
    run = jifen("init", "--store", "店", "--terminal", "T1", "--owner", "boss",
                env={"JIFEN_HOME": str(blocker / "store"), "JIFEN_NEW_PIN": "8888"})
    assert (run.status, run.out) == (2, "")
    assert run.err.startswith(f"cannot make the folder {blocker / 'store'}:") and os.sep in run.err
