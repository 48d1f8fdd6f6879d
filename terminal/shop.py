"""What every service needs to know about where it runs: the store, its rules and its clock."""

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from terminal.clock import Clock
from terminal.rules import RuleSet


@dataclass(frozen=True)
class Shop:
    store: str
    terminal_id: str
    merchant: str
    tz: ZoneInfo
    rules: RuleSet
    clock: Clock
    ledger: "LedgerState | None" = None  # None: a standalone shop, its store is the book of record
    print_receipts: bool = False  # queue each sale's and refund's receipt in the same transaction

    def now(self) -> datetime:
        return self.clock.now()

    def today(self) -> date:
        return self.clock.today(self.tz)

    @property
    def offline_caps_apply(self) -> bool:
        """A terminal that answers to a central ledger it has not heard from lately limits what
        members may spend here alone (points-rules.md, Offline)."""
        return self.ledger is not None and not self.ledger.online


@dataclass(frozen=True)
class LedgerState:
    url: str
    online: bool
