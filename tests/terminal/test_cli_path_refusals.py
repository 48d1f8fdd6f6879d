"""File and folder names the command line is given that cannot be used: too long for the file system,
an image that is empty or too large, a device, a folder where a file is meant. One clear line, exit 2."""

import os
import struct
import tempfile
import zlib
from pathlib import Path

import pytest

from tests.helpers.cli import Jifen, run_jifen

ZHANG = "13800138000"
LONG = "a" * 300  # a file system allows 255 bytes a name


def _too_long(path: Path) -> str:
    shown = str(path)
    return f"the name {shown[:50]}…{shown[-20:]} is too long for the file system: use a shorter file or folder name\n"


def test_a_store_folder_with_too_long_a_name_is_refused(jifen: Jifen, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    home = tmp_path / LONG
    by_option = jifen("--home", str(home), "member", "show", ZHANG)
    by_env = jifen("member", "show", ZHANG, env={"JIFEN_HOME": str(home)})
    for run in (by_option, by_env):
        assert (run.status, run.out, run.err) == (2, "", _too_long(home)), str(run)


def test_the_installed_command_says_it_in_one_line_too(tmp_path: Path) -> None:
    run = run_jifen("report", "day", env={"JIFEN_HOME": str(tmp_path / LONG), "TMPDIR": str(tmp_path)})
    assert (run.returncode, run.stdout, run.stderr) == (2, "", _too_long(tmp_path / LONG))


@pytest.mark.parametrize("words", [["backup", "{file}"], ["rules", "check", "{file}"], ["member", "card", ZHANG, "--png", "{file}"],
                                   ["scan", "--image", "{file}"], ["scan", "--camera", "file:{file}"]])
def test_a_file_name_too_long_is_refused(jifen: Jifen, tmp_path: Path, words: list[str]) -> None:
    jifen.member(ZHANG)
    before = jifen.dump()
    file = tmp_path / LONG
    run = jifen(*(word.format(file=file) for word in words))
    assert (run.status, run.out, run.err) == (2, "", _too_long(file)), str(run)
    assert jifen.dump() == before


def _png_header(width: int, height: int) -> bytes:
    """A PNG that says it is ``width`` × ``height`` pixels, with next to nothing behind it."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 16)) + chunk(b"IEND", b"")


@pytest.mark.parametrize("source", ["--image", "--camera"])
def test_an_image_that_cannot_be_read_is_said_so(jifen: Jifen, tmp_path: Path, source: str) -> None:
    empty, huge = tmp_path / "empty.png", tmp_path / "huge.png"
    empty.write_bytes(b"")
    huge.write_bytes(_png_header(100_000, 100_000))
    expected = {empty: f"{empty} is empty, not an image\n", huge: f"{huge} is too large an image to read\n"}
    for image, said in expected.items():
        run = jifen("scan", source, str(image) if source == "--image" else f"file:{image}")
        assert (run.status, run.out, run.err) == (2, "", said), str(run)


def test_a_device_is_not_an_image(jifen: Jifen) -> None:
    run = jifen("scan", "--image", os.devnull)
    assert (run.status, run.out, run.err) == (2, "", f"{os.devnull} is not an image file\n")


def test_restoring_a_folder_says_it_is_a_folder(jifen: Jifen, tmp_path: Path) -> None:
    before = jifen.dump()
    run = jifen("restore", str(tmp_path), by="boss")
    assert (run.status, run.out) == (2, "")
    assert run.err == f"{tmp_path} is a folder: name the backup file to restore; nothing was restored\n"
    assert jifen.dump() == before
