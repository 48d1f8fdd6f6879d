"""Reading PINs for the command line: from the environment, or asked for on a terminal."""

import getpass
import os
import sys
from argparse import Namespace

from terminal.bootstrap import Till
from terminal.errors import Refused
from terminal.lang import say
from terminal.services.cashiers import Actor, authenticate


def read_pin(variable: str, prompt: str) -> str:
    pin = os.environ.get(variable)
    if pin is not None:
        return pin
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    raise Refused("bad_input", f"no PIN given: set ${variable}", f"未提供 PIN：请设置 ${variable}")


def new_pin() -> str:
    if "JIFEN_NEW_PIN" in os.environ or not sys.stdin.isatty():
        return read_pin("JIFEN_NEW_PIN", "")
    first = getpass.getpass(say("New PIN: ", "新 PIN："))
    if getpass.getpass(say("New PIN again: ", "再次输入新 PIN：")) != first:
        raise Refused("bad_input", "the two PINs differ", "两次输入的 PIN 不一致")
    return first


def cashier(till: Till, args: Namespace) -> Actor:
    name = getattr(args, "cashier", None)
    if not name:
        raise Refused("bad_input", "say who does this: --cashier NAME (PIN from $JIFEN_PIN)",
                      "请用 --cashier 指明操作人（PIN 取自 $JIFEN_PIN）")
    return authenticate(till.uow(), till.shop, name, read_pin("JIFEN_PIN", say(f"PIN for {name}: ", f"{name} 的 PIN：")))


def approver(till: Till, args: Namespace) -> Actor | None:
    name = getattr(args, "approver", None)
    if not name:
        return None
    pin = read_pin("JIFEN_APPROVER_PIN", say(f"PIN for {name} (approving): ", f"{name}（批准人）的 PIN："))
    return authenticate(till.uow(), till.shop, name, pin)
