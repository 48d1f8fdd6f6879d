"""Reading PINs for the command line: from the environment, or asked for on a terminal."""

from __future__ import annotations

import getpass
import os
import sys
from argparse import Namespace
from typing import TYPE_CHECKING

from terminal.errors import Refused
from terminal.lang import say

if TYPE_CHECKING:
    from terminal.bootstrap import Till
    from terminal.services.cashiers import Actor


def _no_pin(variable: str) -> Refused:
    return Refused("bad_input", f"no PIN given: type it, or set ${variable}", f"未提供密码：请输入，或设置 ${variable}")


def _ask(prompt: str, nothing_typed: Refused) -> str:
    """Typed unseen at ``prompt``; ``nothing_typed`` on Ctrl-D."""
    try:
        return getpass.getpass(prompt)
    except EOFError:  # Ctrl-D at the prompt
        print(file=sys.stderr)
        raise nothing_typed from None


def from_env(variable: str) -> str | None:
    """``$variable``, refused when it is not text (bytes that are not UTF-8)."""
    value = os.environ.get(variable)
    try:
        if value is not None:
            value.encode("utf-8")
    except UnicodeEncodeError:
        raise Refused("bad_input", f"${variable} is not valid text (UTF-8)", f"${variable} 不是有效的文字（UTF-8）") from None
    return value


def read_pin(variable: str, prompt: str) -> str:
    """The PIN from ``$variable``, else asked for on a terminal. An empty one is no PIN, not a wrong
    one: it must not count towards locking the cashier out, nor does one that is not text."""
    pin = from_env(variable)
    if pin is None:
        if not sys.stdin.isatty():
            raise Refused("bad_input", f"no PIN given: set ${variable}", f"未提供密码：请设置 ${variable}")
        pin = _ask(prompt, _no_pin(variable))
    if not pin.strip():
        raise _no_pin(variable)
    return pin


def read_secret(variable: str, prompt: str, missing: Refused, nothing_typed: Refused) -> str:
    """A secret other than a PIN (the ledger's token): from ``$variable``, else typed unseen at ``prompt`` on a
    terminal, as a PIN is; ``missing`` when there is no terminal to ask on (a script) or ``$variable`` is blank,
    ``nothing_typed`` when nothing was typed (Enter, Ctrl-D)."""
    value = from_env(variable)
    if value is None:
        if not sys.stdin.isatty():
            raise missing
        value = _ask(prompt, nothing_typed)
        if not value.strip():
            raise nothing_typed
    if not value.strip():
        raise missing
    return value.strip()


def new_pin() -> str:
    if "JIFEN_NEW_PIN" in os.environ or not sys.stdin.isatty():
        return read_pin("JIFEN_NEW_PIN", "")
    first = _ask(say("New PIN: ", "新密码："), _no_pin("JIFEN_NEW_PIN"))
    if _ask(say("New PIN again: ", "再次输入新密码："), _no_pin("JIFEN_NEW_PIN")) != first:
        raise Refused("bad_input", "the two PINs differ", "两次输入的密码不一致")
    if not first.strip():
        raise _no_pin("JIFEN_NEW_PIN")
    return first


def cashier(till: Till, args: Namespace, counted: bool = True) -> Actor:
    """The one doing the command, by ``--cashier`` and their PIN (``counted``: see ``authenticate``)."""
    from terminal.services.cashiers import authenticate

    name = getattr(args, "cashier", None)
    if not name:
        raise Refused("bad_input", "say who does this: --cashier NAME (PIN from $JIFEN_PIN)",
                      "请用 --cashier 指明操作人（密码取自 $JIFEN_PIN）")
    pin = read_pin("JIFEN_PIN", say(f"PIN for {name}: ", f"{name} 的密码："))
    return authenticate(till.uow() if counted else till.reading(), till.shop, name, pin, counted=counted)


def approver(till: Till, args: Namespace) -> Actor | None:
    from terminal.services.cashiers import authenticate

    name = getattr(args, "approver", None)
    if not name:
        return None
    pin = read_pin("JIFEN_APPROVER_PIN", say(f"PIN for {name} (approving): ", f"{name}（授权人）的密码："))
    return authenticate(till.uow(), till.shop, name, pin, getattr(args, "cashier", None))
