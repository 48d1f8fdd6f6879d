"""Files written whole or not at all; a new file never takes the place of one made meanwhile."""

from pathlib import Path

import pytest

from terminal.files import write_atomically


def test_a_file_is_replaced_whole(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b"old")
    write_atomically(path, b"new")
    assert path.read_bytes() == b"new" and [p.name for p in tmp_path.iterdir()] == ["config.toml"]


def test_a_new_file_never_writes_over_one_made_meanwhile(tmp_path: Path) -> None:
    path = tmp_path / "members.csv"
    path.write_bytes(b"the accountant's own file")
    with pytest.raises(FileExistsError):
        write_atomically(path, b"export", new=True)
    assert path.read_bytes() == b"the accountant's own file" and len(list(tmp_path.iterdir())) == 1


def test_a_new_file_that_fails_leaves_nothing(tmp_path: Path) -> None:
    path = tmp_path / "members.csv"
    with pytest.raises(TypeError):
        write_atomically(path, "not bytes", new=True)  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []
    write_atomically(path, b"export", new=True)
    assert path.read_bytes() == b"export"
