"""A till says when a batch holds all it has unsent (``POST /v1/batches?last=1``), and the ledger records that the
terminal has connected then, whatever the batch's size. Before, the ledger took any batch of fewer than MAX_BATCH
entries to say it: a shop that ran on its own rules offline and made its first sync over a slow link (batches shrunk
to a few entries) had its own rules entries shown to the owner as unheld, and the sales by them credited by the
merchant's rules, so the till's and the ledger's balances differed. A batch that does not say (an older till) is
taken as before; a terminal connected stays connected; the migration connects terminals as the old rule did.
SQLite and PostgreSQL."""

import json
from dataclasses import replace
from typing import Any

from alembic import command
from sqlalchemy import select

from ledger.models import Terminal
from sync.protocol import WireEntry
from terminal import ledger_link
from terminal.bootstrap import Till
from terminal.rules import RuleSet
from tests.helpers.ledger import Ledger, journal_of, ledger_cli, schema_migrations
from tests.helpers.store import balance, member, sell, set_rules

OWN = replace(RuleSet(), categories=RuleSet().categories | {"general": 10000})  # ¥1 earns 1 point, not 0.5
SHRUNK = 8  # entries a batch, as a till sends them on a slow link


def post(ledger: Ledger, token: str, entries: list[WireEntry], last: str | None) -> set[str]:
    params = {"snapshot": "4"} | ({} if last is None else {"last": last})
    answer = ledger.client.post("/v1/batches", json={"protocol": 1, "entries": [e.model_dump() for e in entries]},
                                params=params, headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200, answer.text
    return {r["status"] for r in answer.json()["results"]}


def connected(ledger: Ledger, terminal: str = "T1") -> bool:
    with ledger.session() as s:
        return bool(s.scalar(select(Terminal.connected).where(Terminal.terminal_id == terminal)))


def conflicts(ledger: Ledger) -> list[dict[str, Any]]:
    status, out = ledger_cli(ledger.engine.url.render_as_string(hide_password=False))(
        "report", "--json", "conflicts", "--merchant", "m1")
    assert status == 0, out
    return json.loads(out)["conflicts"]  # type: ignore[no-any-return]


def adopt_own_rules(till: Till) -> None:
    """The shop's own rules.toml taken, journaled as a rules entry of its own (as the till does offline)."""
    with till.uow() as uow:
        ledger_link.adopt_rules(uow.session, till.shop, OWN)
        uow.commit()
    set_rules(till, OWN)


def backlog(till: Till, sales: int) -> None:
    for _ in range(sales):
        sell(till, None, ("general", 1234))


def test_a_backlog_sent_in_shrunk_batches_keeps_the_shops_own_rules(ledger: Ledger, shop: tuple[Till, str]) -> None:
    till, token = shop
    m = member(till)
    backlog(till, 3 * SHRUNK)
    adopt_own_rules(till)
    sale = sell(till, m, ("general", 10000))
    assert sale.earned_points == 100  # by the shop's own rules; the merchant's give 50
    backlog(till, SHRUNK)
    journal = journal_of(till)
    batches = [journal[start:start + SHRUNK] for start in range(0, len(journal), SHRUNK)]
    for batch in batches[:-1]:
        assert post(ledger, token, batch, last="0") == {"applied"}
        assert not connected(ledger)
    assert post(ledger, token, batches[-1], last="1") == {"applied"}
    assert connected(ledger)
    assert conflicts(ledger) == []
    assert ledger.balance(m) == balance(till, m) == 500 + 100


def test_a_batch_that_does_not_say_connects_the_terminal_as_before(ledger: Ledger, shop: tuple[Till, str]) -> None:
    till, token = shop
    m = member(till)
    assert post(ledger, token, journal_of(till), last=None) == {"applied"}  # fewer than MAX_BATCH entries
    assert connected(ledger)
    held = journal_of(till)[-1].seq
    adopt_own_rules(till)
    sale = sell(till, m, ("general", 10000))
    assert post(ledger, token, journal_of(till, held), last=None) == {"applied"}
    shown = conflicts(ledger)
    assert [(c["seq"], c["kind"]) for c in shown] == [(held + 1, "unheld_rules"), (sale.seq, "unheld_rules")]
    assert ledger.balance(m) == 500 + 50  # the merchant's rules in force, not the till's 100


def test_a_connected_terminal_stays_connected_whatever_its_batches_say(ledger: Ledger, shop: tuple[Till, str]) -> None:
    till, token = shop
    m = member(till)
    assert post(ledger, token, journal_of(till), last="1") == {"applied"}
    held = journal_of(till)[-1].seq
    adopt_own_rules(till)
    sale = sell(till, m, ("general", 10000))
    backlog(till, 2)
    assert post(ledger, token, journal_of(till, held), last="0") == {"applied"}
    assert connected(ledger)
    assert [(c["seq"], c["kind"]) for c in conflicts(ledger)] == [(held + 1, "unheld_rules"), (sale.seq, "unheld_rules")]
    assert ledger.balance(m) == 500 + 50


def test_last_is_said_as_1_or_0_only(ledger: Ledger, shop: tuple[Till, str]) -> None:
    till, token = shop
    member(till)
    for said in ("true", "yes", "2", ""):
        answer = ledger.client.post("/v1/batches", params={"last": said},
                                    json={"protocol": 1, "entries": [e.model_dump() for e in journal_of(till)]},
                                    headers={"Authorization": f"Bearer {token}"})
        assert answer.status_code == 422, (said, answer.text)
        assert "give 1 for yes or 0 for no" in answer.text
    assert not connected(ledger)


def test_the_upgrade_connects_the_terminals_the_old_rule_took_as_connected(ledger: Ledger,
                                                                           shop: tuple[Till, str]) -> None:
    till, token = shop
    ledger.terminal("m1", "静安店", "T2")  # never synced
    member(till)
    assert post(ledger, token, journal_of(till), last=None) == {"applied"}
    with schema_migrations(ledger.engine) as (config, _):
        command.downgrade(config, "0016")
        command.upgrade(config, "head")
    assert connected(ledger, "T1")
    assert not connected(ledger, "T2")
