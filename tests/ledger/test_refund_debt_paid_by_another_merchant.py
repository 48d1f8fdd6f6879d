"""A refund at super takes back earned points the member had already spent: the member owes super. When the member
then earns at cafe, cafe's points pay that debt first; they come to super as if redeemed there, so cafe (the issuer)
pays super (whose hole they fill) for them at cafe's fen per point, as it would have had the member held cafe's points
when super refunded (ledger/README.md, Currencies). Super's own points paying it make no claim, and an adjustment's
make none (it moves no money between merchants). A debt held before the ledger remembered whose is put down to the
entries that ran it up."""

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from alembic import command

from ledger import service
from terminal.bootstrap import Till
from terminal.services.adjust import adjust_points
from terminal.services.refunds import record_refund
from tests.helpers.ledger import Ledger, check_books, give_member, ledger_cli, schema_migrations, shop_till
from tests.helpers.store import OWNER, member, move_clock, sell

PHONE = "13800000005"
MARCH = ("--from", "2026-03-01", "--to", "2026-03-31")


@dataclass
class Shops:
    ledger: Ledger
    tills: dict[str, Till]
    tokens: dict[str, str]

    def sync(self, merchant: str) -> None:
        self.ledger.sync(self.tills[merchant], self.tokens[merchant])

    def hand_over(self, source: str, member_id: str, target: str) -> None:
        """The member as ``source`` last saw them, in place of what ``target`` held: a pulled snapshot."""
        with sqlite3.connect(self.tills[target].home.db) as conn:
            conn.execute("DELETE FROM lots WHERE member_id=?", (member_id,))
            conn.execute("DELETE FROM members WHERE id=?", (member_id,))
        give_member(self.tills[source], member_id, self.tills[target])

    def settle(self, *words: str) -> tuple[int, str]:
        return ledger_cli(self.ledger.engine.url.render_as_string(hide_password=False))(*words, "settle", *MARCH)

    def liabilities(self, day: str) -> dict[str, int]:
        return {m: self.ledger.get("/v1/reports/day", merchant=m, day=day).json()["liability_points"]
                for m in self.tills}


@pytest.fixture
def shops(ledger: Ledger, tmp_path: Path) -> Iterator[Shops]:
    """super (1 fen a point) and cafe (2 fen) share the currency union."""
    for merchant, fen in (("super", 1), ("cafe", 2)):
        ledger.do(lambda s, m=merchant, f=fen: service.add_merchant(s, m, m, "union", f))
    tills = {m: shop_till(tmp_path, f"{m}1", m.upper(), m) for m in ("super", "cafe")}
    yield Shops(ledger, tills, {m: ledger.terminal(m, f"{m}1", m.upper()) for m in tills})
    for till in tills.values():
        till.close()


def in_debt_to_super(shops: Shops) -> str:
    """A member of super earns 100 of super's points on a sale, spends them (and the 500 of signing up) at super,
    and super refunds the sale: the 100 taken back become the member's debt."""
    market = shops.tills["super"]
    m = member(market, PHONE)
    sale = sell(market, m, ("general", 20000))
    sell(market, m, ("general", 600), redeem=600, pay="card")
    move_clock(market, "2026-03-05 10:00")
    assert record_refund(market.uow(), market.shop, OWNER, sale.sale_id, [1]).reversed_points == 100
    shops.sync("super")
    assert shops.ledger.balance(m) == -100
    return m


def test_cafe_s_points_paying_super_s_refund_debt_make_cafe_pay_super_and_super_s_own_make_nothing(
        shops: Shops) -> None:
    m = in_debt_to_super(shops)
    shops.hand_over("super", m, "cafe")
    move_clock(shops.tills["cafe"], "2026-03-06 10:00")
    sell(shops.tills["cafe"], m, ("general", 12000))  # 60 of cafe's, all to the debt
    shops.sync("cafe")
    shops.hand_over("cafe", m, "super")
    move_clock(shops.tills["super"], "2026-03-07 10:00")
    sell(shops.tills["super"], m, ("general", 20000))  # 100 of super's: 40 to the debt, 60 kept
    shops.sync("super")

    assert shops.ledger.balance(m) == 60
    assert shops.liabilities("2026-03-06") == {"super": -40, "cafe": 0}
    assert shops.liabilities("2026-03-07") == {"super": 60, "cafe": 0}
    status, said = shops.settle("--json")
    data = json.loads(said)
    assert status == 0 and data["pairs"] == [{"issuer": "cafe", "redeemer": "super", "points": 60, "fen": 120}]
    assert data["positions"] == [{"merchant": "cafe", "name": "cafe", "net_points": -60, "net_fen": -120},
                                 {"merchant": "super", "name": "super", "net_points": 60, "net_fen": 120}]
    status, said = shops.settle()
    assert status == 0 and said.splitlines()[2:] == [
        "  cafe   pays  super  ¥1.20 for 60 points used or taken back (2 fen a point)",
        "Net, the sum of the lines above:",
        "  cafe   owes ¥1.20 (net -60 points)     = -¥1.20 to super",
        "  super  is owed ¥1.20 (net +60 points)  = ¥1.20 from cafe"]
    check_books(shops.ledger)


def test_super_s_own_points_paying_its_refund_debt_settle_nothing(shops: Shops) -> None:
    m = in_debt_to_super(shops)
    move_clock(shops.tills["super"], "2026-03-06 10:00")
    sell(shops.tills["super"], m, ("general", 30000))  # 150 of super's: 100 to the debt, 50 kept
    shops.sync("super")

    assert shops.ledger.balance(m) == 50
    assert shops.liabilities("2026-03-06") == {"super": 50, "cafe": 0}
    status, said = shops.settle("--json")
    assert status == 0 and json.loads(said)["pairs"] == [] and json.loads(said)["positions"] == []
    assert shops.settle() == (0, "nothing to settle from 2026-03-01 to 2026-03-31: no points were spent at another "
                                 "merchant")
    check_books(shops.ledger)


def test_cafe_s_adjustment_paying_super_s_debt_moves_no_money(shops: Shops) -> None:
    m = in_debt_to_super(shops)
    shops.hand_over("super", m, "cafe")
    adjust_points(shops.tills["cafe"].uow(), shops.tills["cafe"].shop, OWNER, m, 30, "goodwill")
    shops.sync("cafe")

    assert shops.ledger.balance(m) == -70
    assert json.loads(shops.settle("--json")[1])["pairs"] == []
    check_books(shops.ledger)


def test_a_debt_held_before_the_upgrade_is_owed_to_the_merchant_whose_refund_ran_it_up(shops: Shops) -> None:
    m = in_debt_to_super(shops)
    with schema_migrations(shops.ledger.engine) as (config, _):
        command.downgrade(config, "0013")
        command.upgrade(config, "head")
    shops.hand_over("super", m, "cafe")
    sell(shops.tills["cafe"], m, ("general", 12000))  # 60 of cafe's, all to the debt
    shops.sync("cafe")

    assert shops.ledger.balance(m) == -40
    assert json.loads(shops.settle("--json")[1])["pairs"] == [
        {"issuer": "cafe", "redeemer": "super", "points": 60, "fen": 120}]
    check_books(shops.ledger)
