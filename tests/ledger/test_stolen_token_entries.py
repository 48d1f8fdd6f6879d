"""What a stolen terminal token sends the ledger that no till writes (the reviewer's rulesattack.sh and forged
member_add): a rule set of its own once the terminal has connected (listed in `report conflicts`, and the sales by it
credited what the merchant's rules give, those that earned otherwise listed), signup bonuses again for a member who had theirs (taken and listed, as a
bonus no rules give is), a member whose phone or name no till would store (refused whole). A shop that ran on its own
rules before it connected still syncs its whole journal, however many batches it takes, with nothing listed."""

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from sync.protocol import MAX_BATCH
from terminal.bootstrap import open_till
from terminal.home import Home
from terminal.ledger_link import adopt_rules
from terminal.rules import Promotion, RuleSet, rules_to_toml
from tests.helpers.forged import Spec, forge, last_held
from tests.helpers.ledger import Ledger, check_books, journal_of, ledger_cli, refused_whole
from tests.helpers.store import balance, member, new_till, sell

EVIL = "evil00000001"
EVIL_RULES = {"version": EVIL, "rules": RuleSet().to_dict() | {"categories": {"general": 100000}}}
UNHELD_WHAT = (f"journals rules {EVIL}, which the merchant never had, after the terminal had connected: a connected "
               "till takes its rules from the ledger, so the ledger credits its sales by them what the merchant's "
               "rules in force give (each one that earned otherwise is listed)")
TOKEN_ELSEWHERE = ("was not written by the terminal's jifen and its token may be in other hands: give the terminal a "
                   "new one (jifen-ledger terminal token)")


def conflicts(ledger: Ledger) -> dict[str, Any]:
    status, out = ledger_cli(ledger.engine.url.render_as_string(hide_password=False))(
        "report", "--json", "conflicts", "--merchant", "m1")
    assert status == 0, out
    return json.loads(out)  # type: ignore[no-any-return]


def listed(ledger: Ledger) -> list[tuple[int, str, str]]:
    return [(c["seq"], c["kind"], c["sent_hash"]) for c in conflicts(ledger)["conflicts"]]


def sale_by(m: str, version: str, rate_bp: int) -> Spec:
    """A member's ¥100 sale of general goods stating ``rate_bp`` and the points it earns."""
    earned = 10000 * rate_bp // 1_000_000
    return ("sale", {"earn_expires_on": "2027-12-31", "earned_points": earned, "member_id": m, "paid_fen": 10000,
                     "lines": [{"amount_fen": 10000, "category": "general", "promo_pct": 100, "rate_bp": rate_bp}],
                     "pay_method": "cash", "redeemed_fen": 0, "redeemed_points": 0, "rules_version": version,
                     "sale_id": "T1-99", "tier": "regular", "tier_pct": 100, "total_fen": 10000}, earned)


def connected(ledger: Ledger, shop: Any) -> tuple[str, str]:
    """The till has registered a member (500 points) and synced: it is connected. Its token, the member."""
    till, token = shop
    m = member(till)
    ledger.sync(till, token)
    return token, m


def test_a_connected_terminals_own_rules_are_listed_and_its_sales_by_them_earn_by_the_merchants(
        ledger: Ledger, shop: Any) -> None:
    token, m = connected(ledger, shop)
    attack = forge(last_held(ledger, "T1"), "T1", ("rules", EVIL_RULES, 0), sale_by(m, EVIL, 100000))
    assert {r["status"] for r in ledger.post(token, attack[:1]).json()["results"]} == {"applied"}
    shown = conflicts(ledger)["conflicts"]
    assert [(c["seq"], c["kind"], c["sent_hash"], c["what"]) for c in shown] == [
        (attack[0].seq, "unheld_rules", EVIL, UNHELD_WHAT)]
    assert shown[0]["to_do"] == ("a connected till journals only the rules it takes from the ledger (an older jifen "
                                 "also took an edit of its rules.toml: ask the store whether it was edited, and if so "
                                 f"upgrade jifen there); if it was not, this entry {TOKEN_ELSEWHERE}")

    answer = ledger.post(token, attack[1:])  # the rules held, in an earlier batch
    assert {r["status"] for r in answer.json()["results"]} == {"applied"}
    assert ledger.balance(m) == 500 + 50  # what the merchant's rules give, not the 1,000 it states
    assert listed(ledger) == [(attack[0].seq, "unheld_rules", EVIL), (attack[1].seq, "unheld_rules", EVIL)]
    assert (conflicts(ledger)["conflicts"][1]["till_points"], conflicts(ledger)["conflicts"][1]["ledger_points"]) == (
        1000, 50)

    by_the_merchants = forge(attack[1], "T1", sale_by(m, EVIL, 5000))
    assert {r["status"] for r in ledger.post(token, by_the_merchants).json()["results"]} == {"applied"}
    assert ledger.balance(m) == 600
    assert len(listed(ledger)) == 2  # a sale that earns as the merchant's rules give is not listed
    check_books(ledger)


OWN = replace(RuleSet(), categories={"general": 8000, "fresh": 3000})
OWN_LATER = replace(OWN, promotions=(Promotion("opening", 200),))


def test_a_shop_that_ran_on_its_own_rules_connects_over_several_batches_with_nothing_listed(
        ledger: Ledger, tmp_path: Path) -> None:
    """Standalone on its own rules, changed after 500 entries: its first sync takes two batches, the second with the
    change and a sale by it. Then it takes the rules the ledger gives it (the defaults) as a connected till does."""
    ledger.merchant("m1")
    token = ledger.terminal("m1", "静安店", "T1")
    home = Home(tmp_path / "T1")
    home.root.mkdir()
    home.rules.write_text(rules_to_toml(OWN, "# the shop's own"), encoding="utf-8")
    till = new_till(home)
    m = member(till)
    while len(journal_of(till)) < MAX_BATCH + 2:
        sell(till, None, ("fresh", 100))
    home.rules.write_text(rules_to_toml(OWN_LATER, "# changed"), encoding="utf-8")
    till.close()
    till = open_till(home, till.shop.clock)
    sell(till, m, ("fresh", 10000))
    journal = journal_of(till)
    assert [e.kind for e in journal[MAX_BATCH:]].count("rules") == 1
    for start in range(0, len(journal), MAX_BATCH):  # as the till sends them
        answer = ledger.post(token, journal[start:start + MAX_BATCH])
        assert {r["status"] for r in answer.json()["results"]} == {"applied"}, answer.text
    with till.uow() as uow:
        adopt_rules(uow.session, till.shop, RuleSet())
        uow.commit()
    till.shop = replace(till.shop, rules=RuleSet())
    sell(till, m, ("general", 10000))
    assert {r["status"] for r in ledger.sync(till, token, after=len(journal))["results"]} == {"applied"}
    assert ledger.balance(m) == balance(till, m) == 500 + 60 + 50
    assert conflicts(ledger) == {"conflicts": [], "shared_phones": [], "unexpected_bonuses": []}
    till.close()


def signup(m: str) -> Spec:
    return ("bonus", {"expires_on": "2027-12-31", "member_id": m, "points": 500, "reason": "signup"}, 500)


def test_signup_bonuses_again_for_a_member_who_had_theirs_are_taken_and_listed(ledger: Ledger, shop: Any) -> None:
    token, m = connected(ledger, shop)
    again = forge(last_held(ledger, "T1"), "T1", signup(m), signup(m), signup(m))
    assert {r["status"] for r in ledger.post(token, again).json()["results"]} == {"applied"}
    assert ledger.balance(m) == 2000
    shown = conflicts(ledger)
    assert [(c["seq"], c["kind"], c["sent_hash"]) for c in shown["conflicts"]] == [
        (entry.seq, "signup_again", m) for entry in again]
    assert shown["conflicts"][0]["what"] == (f"gives member {m} a signup bonus that is not the one of their "
                                             "registration (a till gives it once, in the entry after the member_add)")
    assert shown["conflicts"][0]["to_do"] == (f"this bonus {TOKEN_ELSEWHERE} and take the points back at its store "
                                              "with jifen adjust (a manager or owner)")
    status, text = ledger_cli(ledger.engine.url.render_as_string(hide_password=False))(
        "report", "day", "--merchant", "m1", "--date", "2026-03-01")
    assert text.splitlines()[-1] == "3 conflicts of m1 to look at: jifen-ledger report conflicts --merchant m1"


def test_a_signup_bonus_in_the_batch_after_its_member_add_is_not_listed(ledger: Ledger, shop: Any) -> None:
    till, token = shop
    m = member(till)
    journal = journal_of(till)
    assert [e.kind for e in journal[-2:]] == ["member_add", "bonus"]
    ledger.post(token, journal[:-1]).raise_for_status()
    assert {r["status"] for r in ledger.post(token, journal[-1:]).json()["results"]} == {"applied"}
    assert ledger.balance(m) == 500
    assert listed(ledger) == []


def member_add(phone: str, name: str | None, member_id: str = "M0000000000AB") -> Spec:
    return ("member_add", {"member_id": member_id, "name": name, "phone": phone, "referrer_id": None}, 0)


def test_a_member_add_with_a_phone_no_till_stores_is_refused(ledger: Ledger, shop: Any) -> None:
    token, m = connected(ledger, shop)
    after = last_held(ledger, "T1")
    for phone in ("not-a-phone' OR 1=1", "1380013800", "23800138000", "１３８００１３８０００",
                  "+8613800138000"):
        forged = forge(after, "T1", member_add(phone, None))
        refused_whole(ledger, token, forged, [m], forged[0].seq,
                      "'phone' must be a mobile number (11 digits, starting with 13 to 19)")


@pytest.mark.parametrize("name", ["张\u202e三", "张\x00三", "张三\n合计 ￥0.00", " 张三", "", "张" * 33])
def test_a_member_add_with_a_name_no_till_stores_is_refused(ledger: Ledger, shop: Any, name: str) -> None:
    token, m = connected(ledger, shop)
    forged = forge(last_held(ledger, "T1"), "T1", member_add("13900139000", name))
    refused_whole(ledger, token, forged, [m], forged[0].seq,
                  "'name' must be 1 to 32 visible characters (no control character, no space at either end)")


def test_a_member_add_as_a_till_writes_it_is_taken(ledger: Ledger, shop: Any) -> None:
    token, _ = connected(ledger, shop)
    for n, name in enumerate(("张三", None, "👩‍💻 Zoë")):
        forged = forge(last_held(ledger, "T1"), "T1", member_add(f"1390013900{n}", name, f"M0000000000A{n}"))
        assert {r["status"] for r in ledger.post(token, forged).json()["results"]} == {"applied"}
        assert ledger.balance(f"M0000000000A{n}") == 0


def test_a_bonus_by_rules_journaled_once_connected_is_listed(ledger: Ledger, shop: Any) -> None:
    token, m = connected(ledger, shop)
    generous = {"version": EVIL, "rules": RuleSet().to_dict() | {"signup_bonus": 1_000_000}}
    newcomer = "M0000000000CD"
    bonus = ("bonus", {"expires_on": "2027-12-31", "member_id": newcomer, "points": 1_000_000, "reason": "signup"},
             1_000_000)
    forged = forge(last_held(ledger, "T1"), "T1", ("rules", generous, 0), member_add("13900139000", None, newcomer),
                   bonus)
    assert {r["status"] for r in ledger.post(token, forged).json()["results"]} == {"applied"}
    shown = conflicts(ledger)
    assert [(c["seq"], c["kind"]) for c in shown["conflicts"]] == [(forged[0].seq, "unheld_rules")]
    assert [(b["seq"], b["member"], b["points"], b["given"]) for b in shown["unexpected_bonuses"]] == [
        (forged[2].seq, newcomer, 1_000_000, [500])]
