"""`jifen ledger connect URL` without $JIFEN_LEDGER_TOKEN asks for the token on a terminal, unseen, as the PIN is
asked for (`NAME=value command` does not work in Windows' cmd.exe); from a script (no terminal) it refuses in plain
words that say how to set the variable, on Windows too, and connects nothing."""

import os
import sys
from pathlib import Path

import pytest

from tests.helpers.cli import JIFEN, MORNING, PINS, Jifen, run_jifen
from tests.helpers.console import typed_at_the_prompt
from tests.helpers.ledger import Ledger

ON_A_CONSOLE = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a pseudo-terminal as on a Linux console")


def _connect_at_the_prompt(home: Path, url: str, prompt: bytes, keys: bytes, lang: str) -> tuple[int, str]:
    """`jifen ledger connect URL` on a pseudo-terminal, boss's PIN in $JIFEN_PIN and no token: type ``keys`` once
    ``prompt`` is on the screen; the exit status and the screen."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JIFEN_", "LC_", "LANG"))}
    env.update({"JIFEN_HOME": str(home), "JIFEN_NOW": MORNING, "JIFEN_PIN": PINS["boss"], "LANG": lang})
    return typed_at_the_prompt([str(JIFEN), "ledger", "connect", url, "--cashier", "boss"], env, prompt, keys)


@ON_A_CONSOLE
@pytest.mark.parametrize(("lang", "prompt", "connected"), [
    ("zh_CN.UTF-8", "请输入总账给本终端的令牌：", "已连接总账 "),
    ("C.UTF-8", "The terminal's token from the ledger: ", "Connected to the ledger at "),
], ids=["zh", "en"])
def test_the_token_is_asked_for_unseen_and_connects(jifen: Jifen, ledger_url: tuple[Ledger, str], lang: str,
                                                    prompt: str, connected: str) -> None:
    ledger, url = ledger_url
    token = ledger.terminal("m1", "静安店", "T1")
    status, screen = _connect_at_the_prompt(jifen.home, url, prompt.encode(), token.encode() + b"\r", lang)
    assert status == 0, screen
    assert prompt in screen and f"{connected}{url}" in screen
    assert token not in screen  # typed unseen
    assert jifen.ok("sync", "--status")["url"] == url


@ON_A_CONSOLE
@pytest.mark.parametrize("keys", [b"\x04", b"\r"], ids=["ctrl-d", "enter"])
def test_nothing_typed_at_the_prompt_connects_nothing(jifen: Jifen, ledger_url: tuple[Ledger, str],
                                                      keys: bytes) -> None:
    _, url = ledger_url
    status, screen = _connect_at_the_prompt(jifen.home, url, "请输入总账给本终端的令牌：".encode(), keys, "zh_CN.UTF-8")
    assert status == 2, screen
    assert "未输入令牌：请输入总账给本终端的令牌，或设置环境变量 JIFEN_LEDGER_TOKEN" in screen
    assert "Traceback" not in screen and "EOFError" not in screen
    assert jifen.refused("sync", "--status") == "not_found"  # not connected


@pytest.mark.parametrize(("lang", "said"), [
    ("zh_CN.UTF-8", "没有令牌：请设置环境变量 JIFEN_LEDGER_TOKEN（Windows：set JIFEN_LEDGER_TOKEN=令牌）后再运行\n"),
    ("C.UTF-8", "no token: set the environment variable JIFEN_LEDGER_TOKEN "
                "(Windows: set JIFEN_LEDGER_TOKEN=token) and run it again\n"),
], ids=["zh", "en"])
@pytest.mark.parametrize("token", [None, "", "  "], ids=["unset", "empty", "blank"])
def test_a_script_without_the_token_is_told_how_to_give_it(jifen: Jifen, ledger_url: tuple[Ledger, str],
                                                            lang: str, said: str, token: str | None) -> None:
    _, url = ledger_url  # stdin is no terminal here, as in a script
    run = jifen("ledger", "connect", url, by="boss", env={"JIFEN_LEDGER_TOKEN": token, "LANG": lang})
    assert (run.status, run.out, run.err) == (2, "", said)
    assert jifen.refused("sync", "--status") == "not_found"  # not connected


def test_the_help_says_the_token_is_asked_for() -> None:
    done = run_jifen("ledger", "--help", env={"LANG": "zh_CN.UTF-8", "COLUMNS": "200"})
    assert done.returncode == 0, done
    assert "把本终端连接到总账（会询问本终端的令牌，或取自环境变量 JIFEN_LEDGER_TOKEN；限店主）" in done.stdout
