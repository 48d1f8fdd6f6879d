"""Exporting the figures over a CSV still open in Excel or WPS. On Windows they lock the file they show, and
replacing it fails with PermissionError: the owner is told it may be open there, to close it and export again, and the
file open there keeps what it showed. These machines are Linux: Windows' refusal, PermissionError(13, "Access is
denied", …, winerror 5), is given at the one OS call that puts the new file in its place (os.replace)."""

import tempfile
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from terminal.bootstrap import Till
from terminal.errors import Refused
from tests.helpers.windows_refusal import ACCESS_DENIED, windows_refuses
from tests.ui.test_dashboard import DAY_ONE, dashboard, first_day, shown_period
from tests.ui.test_settings_support import owner_context, settle
from ui.csv_export import OpenElsewhere, save_file

pytestmark = pytest.mark.gui

SHOWN_IN_EXCEL = "\ufeffDate,Sales\r\n2026-02-28,3\r\n".encode("utf-8")


def locked_by_excel(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    windows_refuses(monkeypatch, ["replace"], [path], ACCESS_DENIED)


@pytest.fixture
def open_in_excel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The last export, still open in Excel."""
    path = tmp_path / "jifen-2026-03-01-2026-03-01.csv"
    path.write_bytes(SHOWN_IN_EXCEL)
    locked_by_excel(path, monkeypatch)
    return path


def test_the_owner_is_told_to_close_the_file_in_excel_or_wps(open_in_excel: Path) -> None:
    with pytest.raises(Refused) as refused:
        save_file(open_in_excel, b"new figures")
    assert refused.value.en == (f"{open_in_excel} cannot be written: it may be open in Excel or WPS; close it there "
                                "and export again")
    assert refused.value.zh == f"无法写入 {open_in_excel}：它可能正在 Excel 或 WPS 中打开；请在那里关闭它，然后重新导出"
    assert open_in_excel.read_bytes() == SHOWN_IN_EXCEL
    assert [p.name for p in open_in_excel.parent.iterdir()] == [open_in_excel.name]


def test_a_new_file_that_cannot_be_written_still_says_why(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "new.csv"
    locked_by_excel(path, monkeypatch)  # no file there: not Excel's, the folder's (no permission)
    with pytest.raises(Refused) as refused:
        save_file(path, b"new figures")
    assert refused.value.en == f"{path} cannot be written (Access is denied)"


def test_a_folder_that_may_not_be_written_is_not_blamed_on_excel(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Last month's export in a folder this account may not write (under Program Files): the new file cannot even be
    made beside it (Windows' refusal given at tempfile.mkstemp), which no closing of Excel mends."""
    path = tmp_path / "jifen-2026-03-01-2026-03-01.csv"
    path.write_bytes(SHOWN_IN_EXCEL)

    def no_new_files(*_args: Any, **_more: Any) -> Any:
        raise PermissionError(13, "Access is denied", str(tmp_path), 5)

    monkeypatch.setattr(tempfile, "mkstemp", no_new_files)
    with pytest.raises(Refused) as refused:
        save_file(path, b"new figures")
    assert refused.value.en == f"{path} cannot be written (Access is denied)"
    assert not isinstance(refused.value, OpenElsewhere) and path.read_bytes() == SHOWN_IN_EXCEL


def test_the_dashboard_tells_the_owner_to_close_it_there(qtbot: QtBot, till: Till, open_in_excel: Path) -> None:
    first_day(till)
    ctx = owner_context(till)
    screen = dashboard(qtbot, ctx)
    screen.entered()
    shown_period(qtbot, screen, DAY_ONE, DAY_ONE)
    screen.export_to(open_in_excel)
    qtbot.waitUntil(lambda: "WPS" in screen.message.text())
    settle(qtbot, ctx)
    assert screen.message.text() == (f"The file could not be saved: {open_in_excel} cannot be written: it may be open "
                                     "in Excel or WPS; close it there and export again.")  # not "choose another folder"
    assert open_in_excel.read_bytes() == SHOWN_IN_EXCEL
    ctx.tasks.shutdown()
