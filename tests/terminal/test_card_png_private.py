"""`jifen member card --png` writes a signed member code, which pays with the member's points: the file is for the
user running jifen only (0600), as a backup is, whatever the umask and whatever an earlier file's mode was."""

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.cli import Jifen

PHONE = "13800138000"


@pytest.fixture
def usual_umask() -> Iterator[None]:
    before = os.umask(0o022)  # the usual one, under which a file is made readable by all
    yield
    os.umask(before)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_member_card_is_readable_by_its_owner_only(jifen: Jifen, tmp_path: Path, usual_umask: None) -> None:
    jifen.member(PHONE)
    card = tmp_path / "card.png"
    assert jifen.ok("member", "card", PHONE, "--png", str(card))["file"] == str(card)
    assert card.read_bytes().startswith(b"\x89PNG")
    assert _mode(card) == 0o600


def test_a_card_written_over_a_readable_one_is_private(jifen: Jifen, tmp_path: Path, usual_umask: None) -> None:
    jifen.member(PHONE)
    card = tmp_path / "card.png"
    jifen.ok("member", "card", PHONE, "--png", str(card))
    card.chmod(0o644)
    (tmp_path / ".card.png.partial").write_bytes(b"left by a crash")  # made readable by all, under the umask
    jifen.ok("member", "card", PHONE, "--png", str(card))
    assert _mode(card) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["card.png", "store"]
