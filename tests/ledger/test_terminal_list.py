"""`jifen-ledger terminal list`: whoever closes a store sees each of the merchant's terminals, its state and since
when, the entries the ledger holds of it, when the newest arrived (in the merchant's time zone), the business date
of its newest entry and its conflicts; `terminal revoke` reminds that what the till has not sent is refused from
then on. On SQLite and PostgreSQL."""

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from alembic import command

from ledger.service import add_merchant
from sync.protocol import WireEntry, entry_hash, hashed_fields
from tests.helpers.ledger import Ledger, journal_of, ledger_cli, schema_migrations, shop_till
from tests.helpers.store import sell

SHANGHAI = ZoneInfo("Asia/Shanghai")
FOOTER = ("Entries: the newest entry number the ledger holds; Last received: when it arrived. What a till has not "
          "sent yet the ledger cannot know: `jifen sync --status` on the till shows it (0 pending).")
DEFAULTS = "260d37849286"  # the version of the default rules, which a new till journals
RULES = (f"Rules: the version of the rules the till last journaled taking; m1's in force are {DEFAULTS} "
         "(jifen-ledger merchant rules-history m1).")
REMINDER = ("entries this terminal has not sent yet are refused from now on; if it is being retired rather than lost, "
            "let it sync first (`jifen sync` on it) and check `terminal list`")


def cli(ledger: Ledger) -> Any:
    return ledger_cli(ledger.engine.url.render_as_string(hide_password=False))


def shanghai_now() -> str:
    return datetime.now(SHANGHAI).strftime("%Y-%m-%d %H:%M")


def off_chain(entry: WireEntry, terminal_id: str) -> WireEntry:
    """The entry claiming another predecessor, hashed again: a till restored from an old backup sends such."""
    entry = entry.model_copy(update={"prev_hash": "f" * 64})
    return entry.model_copy(update={"hash": entry_hash(hashed_fields(entry.model_dump() | {"terminal_id": terminal_id}))})


def test_a_merchants_terminals_by_store_with_state_entries_and_conflicts(ledger: Ledger, tmp_path: Path) -> None:
    ledger.merchant("m1")
    before = shanghai_now()
    t1, t2 = shop_till(tmp_path, "静安店", "T1"), shop_till(tmp_path, "徐汇店", "T2")
    token1, token2 = ledger.terminal("m1", "静安店", "T1"), ledger.terminal("m1", "徐汇店", "T2")
    ledger.terminal("m1", "静安店", "A1")  # registered, never synced
    sell(t1, None, ("general", 1000))
    ledger.sync(t1, token1)
    ledger.sync(t2, token2)
    sell(t1, None, ("general", 2000))
    assert ledger.post(token1, [off_chain(journal_of(t1)[-1], "T1")]).json()["results"][0]["status"] == "conflict"
    run = cli(ledger)
    status, said = run("terminal", "revoke", "--merchant", "m1", "--terminal", "T2")
    assert status == 0 and said.splitlines()[1] == REMINDER
    after = shanghai_now()

    status, out = run("--json", "terminal", "list", "--merchant", "m1")
    data = json.loads(out)
    times = {row["terminal"]: (row["since"], row["last_received"]) for row in data["terminals"]}
    a1, t1_, t2_ = times["A1"], times["T1"], times["T2"]
    assert all(before <= at <= after for at in (*t1_, *t2_, a1[0])), times  # Shanghai's clock, not UTC's
    assert status == 0 and data == {"merchant": "m1", "store": None, "timezone": "Asia/Shanghai",
                                    "rules_in_force": DEFAULTS, "terminals": [
        {"store": "徐汇店", "terminal": "T2", "state": "revoked", "since": t2_[0], "entries": 3,
         "last_received": t2_[1], "newest_business_date": "2026-03-01", "rules_version": DEFAULTS, "conflicts": []},
        {"store": "静安店", "terminal": "A1", "state": "active", "since": a1[0], "entries": 0,
         "last_received": None, "newest_business_date": None, "rules_version": None, "conflicts": []},
        {"store": "静安店", "terminal": "T1", "state": "active", "since": t1_[0], "entries": 4,
         "last_received": t1_[1], "newest_business_date": "2026-03-01", "rules_version": DEFAULTS,
         "conflicts": [{"seq": 5, "kind": "fork"}]}]}

    status, text = run("terminal", "list", "--merchant", "m1")
    assert status == 0 and text.splitlines() == [
        "Terminals of m1 (times in Asia/Shanghai):",
        "  Store   Terminal  State                           Entries  Last received     Newest entry dated  Rules         "
        "Conflicts",
        f"  徐汇店  T2        revoked since {t2_[0]}        3  {t2_[1]}  2026-03-01          {DEFAULTS}  none",
        f"  静安店  A1        active since {a1[0]}         0  never             -                   -             none",
        f"  静安店  T1        active since {t1_[0]}         4  {t1_[1]}  2026-03-01          {DEFAULTS}  fork at entry 5",
        FOOTER,
        RULES,
        "Conflicts, with what to do: jifen-ledger report conflicts --merchant m1"]

    status, text = run("terminal", "list", "--merchant", "m1", "--store", "徐汇店")
    assert status == 0 and text.splitlines() == [
        "Terminals of m1 in store 徐汇店 (times in Asia/Shanghai):",
        "  Store   Terminal  State                           Entries  Last received     Newest entry dated  Rules         "
        "Conflicts",
        f"  徐汇店  T2        revoked since {t2_[0]}        3  {t2_[1]}  2026-03-01          {DEFAULTS}  none",
        FOOTER,
        RULES]


def test_times_are_in_the_merchants_own_time_zone(ledger: Ledger) -> None:
    ledger.do(lambda s: add_merchant(s, "m1", "新疆连锁", timezone_name="Asia/Urumqi"))
    before = datetime.now(ZoneInfo("Asia/Urumqi")).strftime("%Y-%m-%d %H:%M")
    ledger.terminal("m1", "乌鲁木齐店", "U1")
    after = datetime.now(ZoneInfo("Asia/Urumqi")).strftime("%Y-%m-%d %H:%M")
    data = json.loads(cli(ledger)("--json", "terminal", "list", "--merchant", "m1")[1])
    assert data["timezone"] == "Asia/Urumqi" and before <= data["terminals"][0]["since"] <= after


def test_no_terminal_an_unknown_merchant_or_store(ledger: Ledger) -> None:
    ledger.merchant("m1")
    ledger.merchant("m2")
    ledger.terminal("m1", "静安店", "T1")
    run = cli(ledger)
    assert run("terminal", "list", "--merchant", "m2") == (0, "merchant m2 has no terminal yet (jifen-ledger terminal add)")
    assert json.loads(run("--json", "terminal", "list", "--merchant", "m2")[1])["terminals"] == []
    assert run("terminal", "list", "--merchant", "m9") == (2, "no merchant m9")
    assert json.loads(run("--json", "terminal", "list", "--merchant", "m9")[1]) == {
        "error": "not_found", "message": "no merchant m9"}
    assert run("terminal", "list", "--merchant", "m1", "--store", "南京店") == (
        2, "merchant m1 has no store 南京店 (as given to jifen-ledger terminal add --store)")
    status, said = run("terminal", "list")
    assert status == 2 and "--merchant" in said


def test_revoked_since_stays_and_a_new_token_makes_it_active_again(ledger: Ledger) -> None:
    ledger.merchant("m1")
    ledger.terminal("m1", "静安店", "T1")
    run = cli(ledger)

    def state() -> tuple[str, str]:
        row = json.loads(run("--json", "terminal", "list", "--merchant", "m1")[1])["terminals"][0]
        return row["state"], row["since"]

    assert run("terminal", "revoke", "--merchant", "m1", "--terminal", "T1")[0] == 0
    revoked = state()
    assert revoked[0] == "revoked" and re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", revoked[1])
    status, said = run("terminal", "revoke", "--merchant", "m1", "--terminal", "T1")  # again: since when it was first
    assert status == 0 and said.splitlines()[1] == REMINDER and state() == revoked
    assert run("terminal", "token", "--merchant", "m1", "--terminal", "T1")[0] == 0
    assert state()[0] == "active" and state()[1] >= revoked[1]


def test_terminals_revoked_before_the_upgrade_have_no_date(ledger: Ledger) -> None:
    ledger.merchant("m1")
    ledger.terminal("m1", "静安店", "T1")
    ledger.terminal("m1", "静安店", "T2")
    run = cli(ledger)
    assert run("terminal", "revoke", "--merchant", "m1", "--terminal", "T2")[0] == 0
    registered = json.loads(run("--json", "terminal", "list", "--merchant", "m1")[1])["terminals"][0]["since"]
    with schema_migrations(ledger.engine) as (config, _):
        command.downgrade(config, "0012")
        command.upgrade(config, "head")
    rows = run("terminal", "list", "--merchant", "m1")[1].splitlines()
    assert rows[2].startswith(f"  静安店  T1        active since {registered}")
    assert rows[3].startswith("  静安店  T2        revoked (since when not recorded)")
