"""A store folder whose name has characters a URL gives a meaning to (# ? %, a space) or is Chinese: a sale is
recorded there, and a read-only folder's report reads that same file (it went to …/x for x#y, and making a stray
empty database there; p%20q could not be opened)."""

import shutil
from pathlib import Path

import pytest

from tests.helpers.cli import Jifen
from tests.terminal.test_cli_readonly import read_only_view

NAMES = ["x#y", "p%20q", "a b", "张三", "q?r"]


def _everything_in(folder: Path) -> set[Path]:
    return {path.relative_to(folder) for path in folder.rglob("*")}


@pytest.mark.parametrize("name", NAMES)
def test_a_sale_is_recorded_and_read_back_in_a_store_folder_named(name: str, jifen: Jifen, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    shops = tmp_path / "shops"
    store = Jifen(shops / name, monkeypatch, capsys)
    shutil.copytree(jifen.home, store.home)
    store.ok("sale", "--line", "general:10", by="amy")
    views = tmp_path / "views"
    views.mkdir()
    with read_only_view(store.home, views / name) as folder:
        day = Jifen(folder, monkeypatch, capsys).ok("report", "day")
        assert (day["sales"], day["gross_fen"]) == (1, 1000)
        assert _everything_in(views) == {Path(name)} | {Path(name) / p for p in _everything_in(folder)}
    assert [p.name for p in shops.iterdir()] == [name]
    assert Path(name, "jifen.db") in _everything_in(shops)
