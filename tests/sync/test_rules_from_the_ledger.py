"""A terminal linked to a ledger takes its rules from the ledger only: an edit of rules.toml there grants nothing, and
a bonus no rules of the merchant give (an older jifen adopted the edit) is taken by the ledger, the terminal's sync
going on, and shown to the owner (jifen-ledger report conflicts). A ledger on SQLite over TCP, the store's files, the
command line as a shop runs it."""

import json
from dataclasses import replace

from terminal.bootstrap import open_till
from terminal.home import Home
from terminal.journal import Who
from terminal.ledger_link import adopt_rules
from terminal.rules import rules_to_toml
from terminal.services.members import register_member
from tests.helpers.cli import Jifen
from tests.helpers.ledger import Ledger, ledger_cli
from tests.helpers.store import at

PHONE = "13600136000"


def _linked(jifen: Jifen, ledger: Ledger, url: str) -> None:
    jifen.ok("ledger", "connect", url, by="boss", env={"JIFEN_LEDGER_TOKEN": ledger.terminal("m1", "静安店", "T1")})
    assert jifen.ok("sync")["last_error"] is None


def _bonus_points(ledger: Ledger) -> int:
    return int(ledger.get("/v1/reports/day", merchant="m1", day="2026-03-01").json()["points_bonus"])


def test_an_edited_rules_file_grants_nothing_and_shows_the_rules_in_force_again(
        jifen: Jifen, ledger_url: tuple[Ledger, str]) -> None:
    ledger, url = ledger_url
    _linked(jifen, ledger, url)
    in_force = jifen.ok("rules", "show")["version"]
    jifen.set_rule("signup_bonus = 1000000")
    added = jifen("member", "add", "--phone", PHONE, "--json", by="amy")
    assert added.status == 0 and added.json["balance"] == 500
    assert added.err == (f"{jifen.rules_file} was edited, but this terminal takes its rules from the ledger: the rules in "
                         f"force (version {in_force}) stay and the file shows them again; the edit is kept in "
                         "rules-edited.toml. Rules are changed at the ledger: jifen-ledger merchant rules\n")
    assert "signup_bonus = 500" in jifen.rules_file.read_text(encoding="utf-8")
    assert "signup_bonus = 1000000" in (jifen.home / "rules-edited.toml").read_text(encoding="utf-8")
    assert jifen.ok("rules", "show")["version"] == in_force
    quiet = jifen("member", "show", PHONE)
    assert quiet.status == 0 and quiet.err == ""  # said once, when the edit was found
    jifen.set_rule("signup_bonus = = 3")  # not even a rules file: the same
    said = jifen("member", "show", PHONE, env={"LANG": "zh_CN.UTF-8"})
    assert said.status == 0 and said.err.count("\n") == 1 and said.err.endswith(
        "规则须在总账上修改：jifen-ledger merchant rules\n") and "rules-edited-2.toml" in said.err
    assert "signup_bonus = 1000000" in (jifen.home / "rules-edited.toml").read_text(encoding="utf-8")  # both kept
    assert "signup_bonus = = 3" in (jifen.home / "rules-edited-2.toml").read_text(encoding="utf-8")
    assert jifen.ok("sync")["last_error"] is None
    assert _bonus_points(ledger) == 500


def test_a_bonus_by_rules_an_older_terminal_adopted_from_its_file_is_taken_as_by_rules_it_journaled(
        jifen: Jifen, ledger_url: tuple[Ledger, str]) -> None:
    ledger, url = ledger_url
    _linked(jifen, ledger, url)
    till = open_till(Home(jifen.home), at("2026-03-01 10:00"))
    try:  # what jifen did before: the edited file became the rules in force, a journal entry of its own
        edited = replace(till.shop.rules, signup_bonus=1_000_000)
        jifen.rules_file.write_text(rules_to_toml(edited, "edited at the terminal"), encoding="utf-8")
        with till.uow() as uow:
            adopt_rules(uow.session, till.shop, edited)
            uow.commit()
        till.shop = replace(till.shop, rules=edited)
        assert register_member(till.uow(), till.shop, Who("amy"), PHONE).balance == 1_000_000
    finally:
        till.close()
    assert jifen.ok("sync")["last_error"] is None
    assert jifen.ok("rules", "show")["rules"]["signup_bonus"] == 500  # the pull ran: the ledger's rules again
    assert jifen.ok("sync")["last_error"] is None and jifen.ok("sync", "--status")["pending"] == 0
    assert _bonus_points(ledger) == 1_000_000
    # rules journaled once the terminal had connected are not the shop's own from before: an older jifen that adopted
    # an edited file cannot be told from a stolen token, so they are listed, and the bonus by them too
    status, text = ledger_cli(ledger.engine.url.render_as_string(hide_password=False))(
        "report", "--json", "conflicts", "--merchant", "m1")
    shown = json.loads(text)
    assert status == 0
    assert [(c["kind"], c["sent_hash"]) for c in shown["conflicts"]] == [("unheld_rules", edited.version)]
    assert [b["points"] for b in shown["unexpected_bonuses"]] == [1_000_000]
