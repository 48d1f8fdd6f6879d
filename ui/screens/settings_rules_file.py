"""Checking and saving an edited rules.toml, without Qt. The text is checked by
terminal.rules.load_rules on a copy in a temporary folder; only a good file replaces rules.toml,
and the store adopts it at once (as it would at the next start). A bad one changes nothing."""

import re
import tempfile
from dataclasses import replace
from pathlib import Path

from sqlalchemy.orm import Session

from terminal import ledger_link
from terminal.bootstrap import Till
from terminal.rules import RuleSet, load_rules
from terminal.services.cashiers import Actor
from terminal.services.staff import check_active
from terminal.files import write_atomically

_LINE = re.compile(r"\bline (\d+)")


def check_rules(text: str) -> RuleSet:
    """The rule set ``text`` describes; ``Refused('bad_rules')`` naming the field otherwise."""
    with tempfile.TemporaryDirectory(prefix="jifen-rules-") as folder:
        copy = Path(folder) / "rules.toml"  # the name the messages use
        copy.write_text(text, encoding="utf-8")
        return load_rules(copy)


def read_rules_text(till: Till) -> str:
    path = till.home.rules
    return path.read_text(encoding="utf-8") if path.exists() else ""


def save_rules(till: Till, text: str, by: Actor | None = None) -> RuleSet:
    """Put ``text`` in force. Given ``by`` (the app always gives the person saving), refused, changing nothing,
    unless the store has them as an active owner now (they may have been deactivated or demoted since logging
    in); without it nobody is asked: for setting a store up."""
    rules = check_rules(text)
    with till.uow() as uow:
        if by is not None:
            check_active(uow.session, by, "save the rules", "保存积分规则", needs="owner")
        _put_in_force(till, uow.session, rules, text)
        uow.commit()
    till.shop = replace(till.shop, rules=rules)
    return rules


def _put_in_force(till: Till, session: Session, rules: RuleSet, text: str) -> None:
    write_atomically(till.home.rules, text.encode("utf-8"))
    if rules.version != till.shop.rules.version:
        ledger_link.adopt_rules(session, till.shop, rules)


def problem_line(message: str) -> int | None:
    """The line a TOML syntax error points at, when it says."""
    found = _LINE.search(message)
    return int(found.group(1)) if found else None
