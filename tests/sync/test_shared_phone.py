"""A phone registered at two stores of a merchant before either synced is two members at the ledger: every entry of
both is taken (the points were earned), and each store's `jifen sync` tells once, in one line and in the log, that
the owner should sort it out at the ledger (where `jifen-ledger report conflicts` shows both members:
tests/ledger/test_conflicts.py)."""

from pathlib import Path

import pytest

from tests.helpers.cli import Jifen
from tests.helpers.linked_tills import connect, new_till
from tests.sync.conftest import Network

PHONE = "13911112222"


def told(here: str, other: str) -> str:
    return (f"! The ledger has two members with phone 139****2222: {here} here and {other} registered at another store; "
            "the owner should sort it out at the ledger (jifen-ledger report conflicts)")


def warnings(jifen: Jifen) -> list[str]:
    run = jifen("sync")
    assert run.status == 0, str(run)
    return [line for line in run.out.splitlines() if line.startswith("! ")]


@pytest.fixture
def xuhui(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Jifen:
    """A second store of merchant m1, 徐汇店 / T2, with its own owner boss (PIN 8888)."""
    return new_till(tmp_path / "xuhui", monkeypatch, capsys, store="徐汇店")


def test_each_store_is_told_once_that_the_ledger_has_two_members_with_its_members_phone(
        network: Network, jifen: Jifen, xuhui: Jifen) -> None:
    for shop, store, terminal in ((jifen, "静安店", "T1"), (xuhui, "徐汇店", "T2")):
        connect(network.ledger, network.url, shop, terminal, store)
    jingan = jifen.member(PHONE)
    xu = str(xuhui.ok("member", "add", "--phone", PHONE, by="boss")["id"])
    jifen.ok("sale", "--member", PHONE, "--line", "general:100", by="amy")
    xuhui.ok("sale", "--member", PHONE, "--line", "general:200", by="boss")

    assert warnings(jifen) == []  # the ledger has one member with the phone yet
    assert warnings(xuhui) == [told(xu, jingan)]
    second = jifen.ok("sync")
    assert second["pending"] == 0
    assert second["shared_phones"] == [{"phone": "139****2222", "member_id": jingan, "other_member_id": xu}]
    assert (warnings(jifen), warnings(xuhui)) == ([], [])
    xuhui.ok("sale", "--member", PHONE, "--line", "general:300", by="boss")  # the ledger sends its member again
    assert (warnings(xuhui), warnings(jifen)) == ([], [])

    for shop, here, other in ((jifen, jingan, xu), (xuhui, xu, jingan)):
        assert (shop.home / "jifen.log").read_text(encoding="utf-8").count(told(here, other)[2:]) == 1
        assert network.ledger.balance(here) == shop.balance(here)
    assert [network.ledger.balance(jingan), network.ledger.balance(xu)] == [550, 750]
