"""Showing a receipt or report (--text, --preview) and checking a receipt code only read the store:
they work on a store in a read-only folder, and change nothing there; printing is refused."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.cli import Jifen
from tests.terminal.test_cli_readonly import read_only_view


@pytest.fixture
def read_only(cli: Jifen, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
              capsys: pytest.CaptureFixture[str]) -> Iterator[Jifen]:
    """The test store, with one sale (T1-6), in a read-only folder."""
    assert cli.ok("sale", "--line", "general:10", by="amy")["sale_id"] == "T1-6"
    with read_only_view(cli.home, tmp_path / "read-only") as folder:
        yield Jifen(folder, monkeypatch, capsys)


def _listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_a_receipt_is_shown_and_its_code_verified(read_only: Jifen) -> None:
    before = _listing(read_only.home)
    shown = read_only.ok("receipt", "T1-6", "--text")
    assert "合计                                     ￥10.00" in shown["text"]
    checked = read_only.ok("receipt", "verify", shown["codes"][0])
    assert (checked["ok"], checked["terminal"], checked["seq"]) == (True, "T1", 6)
    assert _listing(read_only.home) == before


def test_a_receipt_and_a_report_are_previewed(read_only: Jifen, tmp_path: Path) -> None:
    before = _listing(read_only.home)
    assert read_only.ok("receipt", "T1-6", "--preview", str(tmp_path / "receipt.png"))["file"] == str(tmp_path / "receipt.png")
    assert read_only.ok("print", "day", "--preview", str(tmp_path / "day.png"))["file"] == str(tmp_path / "day.png")
    assert (tmp_path / "receipt.png").stat().st_size > 0 and (tmp_path / "day.png").stat().st_size > 0
    assert _listing(read_only.home) == before


def test_printing_is_still_refused(read_only: Jifen, tmp_path: Path) -> None:
    assert read_only.refused("receipt", "T1-6", "--printer", f"file://{tmp_path / 'paper.bin'}") == "read_only"

