"""Rings up sales until killed, printing ``done <sale_id>`` once each ``record_sale`` has returned.

Run by tests/terminal/test_crash_safety.py as ``python -m tests.helpers.sale_worker HOME SEED MEMBER...``.
"""

import random
import sys
from dataclasses import replace
from pathlib import Path

from terminal.bootstrap import open_till
from terminal.home import Home
from terminal.services.members import show_member
from terminal.services.sales import SaleRequest, record_sale
from tests.helpers.store import CASHIER, at, set_rules

WHEN = "2026-03-01 10:00"
CATEGORIES = ("general", "digital", "vehicle", "excluded")


def main(home: str, seed: str, *members: str) -> None:
    rng = random.Random(seed)
    till = open_till(Home(Path(home)), at(WHEN))
    set_rules(till, replace(till.shop.rules, velocity_limit=1_000_000))
    while True:
        lines = [(rng.choice(CATEGORIES), rng.randint(1, 50_000)) for _ in range(rng.randint(1, 6))]
        member = rng.choice((None, *members))
        redeem = 0
        if member is not None and rng.random() < 0.4:
            held = show_member(till.reading(), till.shop, member).balance
            redeem = rng.randint(0, min(held, sum(amount for _, amount in lines)))
        request = SaleRequest(lines, member, redeem, rng.choice(("cash", "card")))
        result = record_sale(till.uow(), till.shop, CASHIER, request)
        print("done", result.sale_id, flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
