"""Where `jifen member card --png` and `jifen receipt --preview` write their picture: as `jifen backup`,
never into the store folder (its database, its keys), never over a device, a pipe or a file that is not
a PNG; an earlier PNG may be written again."""

import os
from pathlib import Path

import pytest

from tests.helpers.cli import Jifen

ZHANG = "13800138000"
PNG = b"\x89PNG\r\n\x1a\n"


def _command(jifen: Jifen, which: str) -> list[str]:
    """The words that write a picture to the file given after them."""
    jifen.member(ZHANG)
    if which == "card":
        return ["member", "card", ZHANG, "--png"]
    sale = jifen.ok("sale", "--line", "general:60", "--member", ZHANG, by="amy")
    return ["receipt", str(sale["sale_id"]), "--preview"]


@pytest.fixture(params=["card", "preview"])
def writes_png(request: pytest.FixtureRequest, jifen: Jifen) -> list[str]:
    return _command(jifen, str(request.param))


@pytest.mark.parametrize("inside", ["jifen.db", "keys/terminal.key", "keys/terminal.pub", "rules.toml"])
def test_a_file_of_the_store_is_never_written_over(jifen: Jifen, writes_png: list[str], inside: str) -> None:
    target = jifen.home / inside
    before = target.read_bytes()
    run = jifen(*writes_png, str(target))
    assert (run.status, run.out) == (2, "")
    assert run.err == (f"{target} is inside the store folder {jifen.home.resolve()}: write the picture outside it; "
                       "nothing was written\n")
    assert target.read_bytes() == before
    assert jifen.entries() > 0  # the store still opens, its chain intact
    assert jifen.ok("member", "show", ZHANG)["phone"] == ZHANG


def test_a_new_file_in_the_store_folder_is_refused_too(jifen: Jifen, writes_png: list[str], tmp_path: Path) -> None:
    files = sorted(jifen.home.rglob("*"))
    link = tmp_path / "shortcut"
    link.symlink_to(jifen.home)
    for target in (jifen.home / "card.png", jifen.home / "keys" / "card.png", link / "card.png"):
        run = jifen(*writes_png, str(target))
        assert run.status == 2 and "is inside the store folder" in run.err, str(run)
    assert sorted(jifen.home.rglob("*")) == files


def test_an_existing_file_that_is_not_a_png_is_kept(jifen: Jifen, writes_png: list[str], tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    notes = tmp_path / "out" / "notes.txt"
    notes.write_text("the shop's notes\n", encoding="utf-8")
    run = jifen(*writes_png, str(notes))
    assert (run.status, run.out) == (2, "")
    assert run.err == f"{notes} already exists and is not a PNG image: name a new file, or delete that one first; nothing was written\n"
    assert notes.read_text(encoding="utf-8") == "the shop's notes\n"
    assert sorted(p.name for p in notes.parent.iterdir()) == ["notes.txt"]  # no partial file left either


def test_a_device_or_a_pipe_is_refused(jifen: Jifen, writes_png: list[str], tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    option, example = ("--png", "card.png") if writes_png[0] == "member" else ("--preview", "receipt.png")
    for target in (Path(os.devnull), pipe):
        run = jifen(*writes_png, str(target))
        assert (run.status, run.out) == (2, ""), str(run)
        assert run.err == (f"{option} writes a PNG file, and {target} is not a file: give a file name like {example}; "
                           "nothing was written\n")


def test_an_earlier_png_is_written_again(jifen: Jifen, writes_png: list[str], tmp_path: Path) -> None:
    target = tmp_path / "again.png"
    assert jifen(*writes_png, str(target)).status == 0
    target.write_bytes(PNG + b"an older picture")
    run = jifen(*writes_png, str(target))
    assert run.status == 0, str(run)
    assert target.read_bytes().startswith(PNG) and len(target.read_bytes()) > 100
