"""The rules in force while the app runs: an owner edits rules.toml in Notepad, and the app (or a command run beside
it, which adopts the edit) changes them. Every few seconds the app looks at the file and at the store's rules, and
takes in the edit as it would at its next start; the cashier is told in the status bar. A till linked to a ledger
takes its rules from there, through sync, and is left to it."""

import logging
from dataclasses import dataclass, replace
from functools import partial

from sqlalchemy import select

from terminal.bootstrap import Till, adopt_rules_file
from terminal.errors import Refused
from terminal.models import RuleSetRow
from terminal.rules import RuleSet
from ui.context import AppContext
from ui.qt import core

log = logging.getLogger("jifen.ui")
RULES_WATCH_MS = 5_000
# rules.toml's modification time and size (None: no file), and the version of the store's latest rule set
Mark = tuple[tuple[int, int] | None, str | None]


def rules_mark(till: Till) -> Mark:
    """What changes when the rules file is edited, or another program adopts rules in the store."""
    try:
        found = till.home.rules.stat()
        file: tuple[int, int] | None = (found.st_mtime_ns, found.st_size)
    except OSError:
        file = None
    with till.reading() as uow:
        version = uow.session.scalar(select(RuleSetRow.version).order_by(RuleSetRow.seq.desc()).limit(1))
    return file, version


@dataclass(frozen=True)
class Followed:
    """What a look that found a change did: the mark after it, the rules before and after, what to tell."""

    mark: Mark
    before: RuleSet
    after: RuleSet
    notices: list[str]


def follow_rules(till: Till, seen: Mark) -> Followed | None:
    """On the database worker, between sales: the rules in force once rules.toml is taken in, put in the till's shop
    (as saving them in Settings does); None when nothing changed since ``seen``."""
    mark = rules_mark(till)
    if mark == seen or till.shop.ledger is not None:
        return None
    before = till.shop.rules
    rules, notices = adopt_rules_file(till.home, till.engine, till.shop)
    till.shop = replace(till.shop, rules=rules)
    # The file as it was before it was read: one written again meanwhile (an editor emptying it, then saving) is
    # read again at the next look, not taken as seen.
    return Followed((mark[0], rules_mark(till)[1]), before, rules, notices)


def rules_changed_words(version: str) -> str:
    return core.QCoreApplication.translate(
        "StatusBar", "The points rules changed (rules.toml): version %1 applies from the next sale.").replace("%1", version)


class RulesWatch(core.QObject):
    """Looks for changed rules every RULES_WATCH_MS while its parent (the main window) lives."""

    def __init__(self, ctx: AppContext, parent: core.QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._seen: Mark = rules_mark(ctx.till)
        self._looking = False
        self._timer = core.QTimer(self)
        self._timer.timeout.connect(self.look)
        self._timer.start(RULES_WATCH_MS)

    def look(self) -> None:
        if self._looking or self._ctx.syncer is not None:
            return
        self._looking = True
        self._ctx.tasks.db(partial(follow_rules, self._ctx.till, self._seen), self._followed, self._not_followed)

    def _followed(self, found: Followed | None) -> None:
        self._looking = False
        if found is None:
            return
        self._seen = found.mark
        for notice in found.notices:
            log.info("%s", notice)
        if found.after.version != found.before.version:
            self._ctx.bus.said.emit(rules_changed_words(found.after.version))
        elif found.notices:  # a bad file, or an edit set aside: the rules in force stay, as the notice says
            self._ctx.bus.said.emit(found.notices[0])

    def _not_followed(self, problem: Refused) -> None:
        self._looking = False
        log.warning("the rules file could not be looked at, trying again: %s", problem.en)
