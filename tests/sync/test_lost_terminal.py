"""A lost or stolen till retired at the ledger (`jifen-ledger terminal revoke`, installer/README.md step 10): from
their next sync the merchant's other tills refuse every member card it signed, before the revocation or after
(the thief's till still prints), while their own cards keep working; `key show` names whose keys they are. A
till revoked by mistake gets a new token, and its cards are accepted again. At a till, `jifen key revoke` takes
the signing key of another store, as the ledger passed it on."""

from pathlib import Path

import pytest

from tests.helpers.cli import Jifen
from tests.helpers.ledger import ledger_cli
from tests.helpers.linked_tills import link, new_till
from tests.sync.conftest import Network

ZHANG = "13800138000"
REASON = "terminal T1 revoked at the ledger (lost or stolen)"


@pytest.fixture
def t2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Jifen:
    """A second till of merchant m1 in the same store, terminal T2, with its own owner boss (PIN 8888)."""
    return new_till(tmp_path / "t2", monkeypatch, capsys)


def _linked(network: Network, *tills: tuple[Jifen, str]) -> None:
    link(network.ledger, network.url, *tills)


def _key(till: Jifen, name: str) -> str:
    return (till.home / "keys" / name).read_text().strip()


def _card(till: Jifen, tmp_path: Path, name: str) -> str:
    return str(till.ok("member", "card", ZHANG, "--png", str(tmp_path / name))["code"])


def test_a_till_revoked_at_the_ledger_has_every_card_it_signs_refused_at_the_others(
        network: Network, jifen: Jifen, t2: Jifen, tmp_path: Path) -> None:
    t1 = jifen  # 静安店, T1
    zhang = t1.member(ZHANG)
    _linked(network, (t1, "T1"), (t2, "T2"))
    before = _card(t1, tmp_path, "before.png")
    assert t2.ok("scan", "--image", str(tmp_path / "before.png"))["member_id"] == zhang

    status, said = ledger_cli(f"sqlite:///{network.root / 'ledger.db'}")(
        "terminal", "revoke", "--merchant", "m1", "--terminal", "T1")
    assert status == 0
    assert said.startswith("terminal T1 of m1 revoked: its token is refused from now on\nentries this terminal has not "
                           "sent yet are refused from now on; if it is being retired rather than lost, let it sync first "
                           "(`jifen sync` on it) and check `terminal list`\nits keys are on the deny list")
    assert f"\n  {_key(t1, 'terminal.pub')}\n  {_key(t1, 'merchant.pub')}\n" in said
    t1.now = "2026-03-01T10:30:00+08:00"
    after = _card(t1, tmp_path, "after.png")  # the stolen till still prints cards: it no longer syncs
    t2.now = "2026-03-01T10:40:00+08:00"
    t2.ok("sync")

    for card in (before, after):
        assert t2.refused("member", "show", card) == "revoked"
    scan = t2("scan", "--image", str(tmp_path / "before.png"))
    assert scan.status == 2 and "signed with a revoked key (a lost or stolen terminal's): issue the member a new card" in scan.err
    assert t2.refused("sale", "--member", after, "--line", "general:100", by="boss") == "revoked"
    own = _card(t2, tmp_path, "new.png")
    assert t2.ok("member", "show", own)["id"] == zhang
    assert t2.ok("scan", "--image", str(tmp_path / "new.png"))["member_id"] == zhang

    shown = t2.ok("key", "show")
    assert [(k["key"], k["role"], k["from"], k["terminal"], k["store"], k["revoked"]) for k in shown["keys"]] == [
        (_key(t2, "merchant.pub"), "merchant", "store", "T2", "静安店", False),
        (_key(t1, "merchant.pub"), "merchant", "ledger", "T1", "静安店", True),
        (_key(t2, "terminal.pub"), "terminal", "store", "T2", "静安店", False),
        (_key(t1, "terminal.pub"), "terminal", "deny_list", None, None, True)]
    assert not shown["terminal_key_revoked"]
    text = t2("key", "show").out
    assert f"  {_key(t1, 'merchant.pub')} (id {shown['keys'][1]['key_id']}, terminal T1 of store 静安店, from the ledger) " \
           "— revoked\n" in text
    listed = {_key(t1, "terminal.pub"): "", _key(t1, "merchant.pub"): " (terminal T1 of store 静安店)"}
    assert "Keys revoked: 2\n" + "".join(f"  {key}{held} — {REASON}\n" for key, held in sorted(listed.items())) in text
    assert [(e["key"], e["reason"], e["source"]) for e in t2.ok("code", "denied")["revoked"]] == [
        (key, REASON, "ledger") for key in sorted(listed)]


def test_a_till_revoked_by_mistake_gets_a_new_token_and_its_cards_are_accepted_again(
        network: Network, jifen: Jifen, t2: Jifen, tmp_path: Path) -> None:
    t1 = jifen
    zhang = t1.member(ZHANG)
    _linked(network, (t1, "T1"), (t2, "T2"))
    card = _card(t1, tmp_path, "card.png")
    ledger = ledger_cli(f"sqlite:///{network.root / 'ledger.db'}")
    assert ledger("terminal", "revoke", "--merchant", "m1", "--terminal", "T1")[0] == 0
    t2.ok("sync")
    assert t2.refused("member", "show", card) == "revoked"

    status, said = ledger("terminal", "token", "--merchant", "m1", "--terminal", "T1")
    assert status == 0 and said.startswith("jt_")
    assert "its keys are off the deny list: the other terminals accept the member codes they signed again" in said
    t1.ok("ledger", "connect", network.url, by="boss", env={"JIFEN_LEDGER_TOKEN": said.splitlines()[0]})
    t2.ok("sync")
    t1.ok("sync")
    assert t2.ok("member", "show", card)["id"] == zhang
    assert t1.ok("member", "show", card)["id"] == zhang
    assert t2.ok("code", "denied") == t1.ok("code", "denied") == {"revoked": []}


def test_a_till_revokes_another_stores_signing_key_but_not_its_own(
        network: Network, jifen: Jifen, t2: Jifen, tmp_path: Path) -> None:
    t1 = jifen
    zhang = t1.member(ZHANG)
    _linked(network, (t1, "T1"), (t2, "T2"))
    card = _card(t1, tmp_path, "card.png")
    (t1.home / "keys" / "merchant.key").unlink()  # T1 signs with its own key, which T1's store key certified
    certified = _card(t1, tmp_path, "certified.png")
    assert t2.ok("member", "show", certified)["id"] == zhang

    assert t2.refused("key", "revoke", _key(t2, "merchant.pub"), by="boss") == "bad_input"
    run = t2("key", "revoke", _key(t1, "merchant.pub"), "--reason", "till stolen", by="boss")
    assert run.status == 0 and run.out == (f"Revoked key {_key(t1, 'merchant.pub')} (terminal T1 of store 静安店): the "
                                           "member codes signed with it are refused from now on\n")
    assert t2.refused("member", "show", card) == t2.refused("member", "show", certified) == "revoked"
    assert t2.ok("member", "show", _card(t2, tmp_path, "own.png"))["id"] == zhang

    t2.ok("sync")
    t1.ok("sync")  # the ledger passes the revocation on, to T1 too: it no longer issues cards nobody accepts
    assert t1.refused("member", "show", card) == "revoked"
    assert t1.refused("member", "card", ZHANG, "--png", str(tmp_path / "again.png")) == "revoked"
    assert t1.ok("key", "show")["terminal_key_revoked"] is True
