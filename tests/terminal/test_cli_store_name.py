"""`jifen init --store NAME`: the store's name heads every receipt and report, so it holds only visible
characters; a new line in it would print a line of its own. Refused before anything is made; a store named
so by an older version still opens."""

from pathlib import Path

import pytest

from tests.helpers.cli import Jifen

UNSEEN = ["\n", "\r", "\x1b@", "\t", "\x00", "\u202e", "\u2028"]


@pytest.mark.parametrize("unseen", UNSEEN)
def test_a_store_name_with_a_control_character_is_refused_and_nothing_made(jifen: Jifen, tmp_path: Path,
                                                                          unseen: str) -> None:
    home = tmp_path / "new"
    run = jifen("init", "--store", f"静安店{unseen}合计 ￥0.00", "--terminal", "T9", "--owner", "boss",
                env={"JIFEN_HOME": str(home), "JIFEN_NEW_PIN": "8888"})
    assert (run.status, run.out) == (2, "") and run.err == (
        "the store name (--store) cannot hold control characters (a new line, a tab, ESC…): "
        "give visible characters only\n")
    assert not home.exists() or list(home.iterdir()) == []


def test_a_store_name_with_a_control_character_is_refused_in_chinese(jifen: Jifen, tmp_path: Path) -> None:
    run = jifen("init", "--store", "静安店\n合计", "--terminal", "T9", "--owner", "boss",
                env={"JIFEN_HOME": str(tmp_path / "new"), "JIFEN_NEW_PIN": "8888", "LANG": "zh_CN.UTF-8"})
    assert (run.status, run.err) == (2, "门店名称（--store）不能含控制字符（换行、制表符、ESC 等）：只能用可见字符\n")


def test_a_store_named_with_a_new_line_before_still_opens(jifen: Jifen) -> None:
    jifen.query("UPDATE store SET store = ?", "静安店\n合计 ￥0.00")
    jifen.member("13800138000")
    assert jifen.ok("report", "day")
    assert jifen.ok("journal", "verify")["ok"]
