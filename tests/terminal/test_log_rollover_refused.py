"""jifen.log past its size while another process has it open: Windows refuses to rename it (the app keeps it open
all day). The records go on at its end, the log still names the file, and it is rotated once it can be."""

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from terminal.home import Home
from terminal.logfile import MAX_BYTES, log_to, written_to
from tests.helpers.logs import jifen_log_put_back
from tests.helpers.windows_refusal import windows_refuses

FULL = "an old record\n" * (MAX_BYTES // len("an old record\n"))


@pytest.fixture
def full_log(tmp_path: Path) -> Iterator[Path]:
    home = Home(tmp_path)
    home.log.write_text(FULL, encoding="utf-8")
    with jifen_log_put_back():
        assert log_to(home) == home.log
        yield home.log


def refuse_to_rename(log: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows' answer to renaming a file another process has open, at the calls that rename ``log`` (os.rename and
    os.replace: both are MoveFileEx there)."""
    windows_refuses(monkeypatch, ["rename", "replace"], [log])


def test_records_go_on_in_the_file_when_it_cannot_be_rotated(full_log: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    older = {full_log.with_name(f"jifen.log.{n}"): f"rotated {n} days ago\n" for n in (1, 2, 3)}
    for path, text in older.items():
        path.write_text(text, encoding="utf-8")
    refuse_to_rename(full_log, monkeypatch)
    for n in range(3):
        logging.getLogger("jifen").error("failure %d", n)
    lines = full_log.read_text(encoding="utf-8").splitlines()
    assert [line.rpartition(": ")[2] for line in lines[-3:]] == ["failure 0", "failure 1", "failure 2"]
    assert lines[:-3] == FULL.splitlines()
    assert written_to() == full_log
    assert {path: path.read_text(encoding="utf-8") for path in older} == older  # none shuffled or lost
    assert sorted(p.name for p in full_log.parent.iterdir()) == ["jifen.log", "jifen.log.1", "jifen.log.2",
                                                                 "jifen.log.3"]


def test_it_is_rotated_once_the_other_process_lets_go(full_log: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with monkeypatch.context() as refusing:
        refuse_to_rename(full_log, refusing)
        logging.getLogger("jifen").error("while refused")
    logging.getLogger("jifen").error("after")
    rotated = full_log.with_name("jifen.log.1").read_text(encoding="utf-8")
    assert rotated.startswith(FULL) and rotated.endswith("jifen: while refused\n")
    assert full_log.read_text(encoding="utf-8").endswith("jifen: after\n")
    assert full_log.read_text(encoding="utf-8").count("\n") == 1
    assert written_to() == full_log
