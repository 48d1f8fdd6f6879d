"""No PIN is not a wrong PIN: an empty one, or Ctrl-D at the prompt, is refused as "no PIN given"
(exit 2) and never counts towards locking the cashier out."""

import os
import sys
from pathlib import Path

import pytest

from tests.helpers.cli import JIFEN, MORNING, Jifen
from tests.helpers.console import typed_at_the_prompt


def _failed_pins(jifen: Jifen, name: str) -> int:
    return int(jifen.query("SELECT failed_pins FROM cashiers WHERE name = ?", name)[0][0])


@pytest.mark.parametrize("pin", ["", "   "])
def test_an_empty_pin_is_no_pin_and_is_not_counted(jifen: Jifen, pin: str) -> None:
    for _ in range(6):
        run = jifen("sale", "--line", "general:1", "--cashier", "amy", env={"JIFEN_PIN": pin})
        assert (run.status, run.out, run.err) == (2, "", "no PIN given: type it, or set $JIFEN_PIN\n")
    assert _failed_pins(jifen, "amy") == 0
    assert jifen.ok("sale", "--line", "general:1", by="amy")["total_fen"] == 100


def test_an_empty_approver_pin_is_no_pin(jifen: Jifen) -> None:
    run = jifen("adjust", "X", "--points", "5", "--reason", "x", "--approver", "max", by="amy",
                env={"JIFEN_APPROVER_PIN": ""})
    assert (run.status, run.err) == (2, "no PIN given: type it, or set $JIFEN_APPROVER_PIN\n")
    assert _failed_pins(jifen, "max") == 0


def test_an_empty_new_pin_is_no_pin(jifen: Jifen) -> None:
    run = jifen("cashier", "add", "bob", "--role", "cashier", by="boss", env={"JIFEN_NEW_PIN": ""})
    assert (run.status, run.err) == (2, "no PIN given: type it, or set $JIFEN_NEW_PIN\n")
    assert jifen.query("SELECT name FROM cashiers WHERE name = 'bob'") == []


def _at_the_prompt(home: Path, keys: bytes) -> tuple[int, str]:
    """Run a sale on a terminal (a pseudo-terminal), type ``keys`` at the PIN prompt; the exit status and the screen."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("JIFEN_")}
    env.update({"JIFEN_HOME": str(home), "JIFEN_NOW": MORNING})
    return typed_at_the_prompt([str(JIFEN), "sale", "--line", "general:1", "--cashier", "amy"], env, b"PIN for amy",
                               keys)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a pseudo-terminal as on a Linux console")
@pytest.mark.parametrize("keys", [b"\x04", b"\r"], ids=["ctrl-d", "enter"])
def test_no_pin_at_the_prompt_is_refused_not_counted(jifen: Jifen, keys: bytes) -> None:
    status, screen = _at_the_prompt(jifen.home, keys)
    assert status == 2, screen
    assert "no PIN given: type it, or set $JIFEN_PIN" in screen
    assert "Traceback" not in screen and "EOFError" not in screen
    assert _failed_pins(jifen, "amy") == 0
