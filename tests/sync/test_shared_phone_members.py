"""A phone registered at two stores offline is two members at the ledger, and every till of the merchant keeps both:
a member's card names the member and works at every store (one that registered neither too), the phone finds the
member the store registered (at a store that registered neither, the one it took first, for good), the cashier is
told that another member has the phone and to scan that member's card, and later pulls update each member's own
row. A till that had left the other member out (before schema 0016) takes it at its next sync."""

import sqlite3
from pathlib import Path

import pytest

from tests.helpers.cli import Jifen
from tests.helpers.old_schema import downgrade_store
from tests.sync.conftest import Network

PHONE = "13700000002"


def shop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], folder: str, store: str,
         terminal: str) -> Jifen:
    """Another store of merchant m1, with its own owner boss (PIN 8888)."""
    till = Jifen(tmp_path / folder, monkeypatch, capsys)
    assert till("init", "--store", store, "--terminal", terminal, "--merchant", "m1", "--owner", "boss",
                env={"JIFEN_NEW_PIN": "8888"}).status == 0
    return till


def connect(network: Network, till: Jifen, store: str, terminal: str) -> None:
    token = network.ledger.terminal("m1", store, terminal)
    till.ok("ledger", "connect", network.url, by="boss", env={"JIFEN_LEDGER_TOKEN": token})


def warnings(till: Jifen) -> list[str]:
    run = till("sync")
    assert run.status == 0, str(run)
    return [line for line in run.out.splitlines() if line.startswith("! ")]


def notices(till: Jifen, ref: str) -> list[str]:
    run = till("member", "show", ref)
    assert run.status == 0, str(run)
    return [line.strip() for line in run.out.splitlines() if line.strip().startswith("! ")]


def members_stored(till: Jifen) -> list[tuple[str, str]]:
    with sqlite3.connect(till.db) as conn:
        return conn.execute("SELECT id, phone FROM members ORDER BY id").fetchall()


@pytest.fixture
def stores(network: Network, jifen: Jifen, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
           capsys: pytest.CaptureFixture[str]) -> tuple[Jifen, Jifen, str, str]:
    """静安店 (T1) registered the phone as 甲 and 徐汇店 (T2) as 乙, with a sale, before either synced; then both
    synced, T1 twice. The two tills and 甲, 乙."""
    xuhui = shop(tmp_path, monkeypatch, capsys, "xuhui", "徐汇店", "T2")
    jia = jifen.member(PHONE)
    yi = str(xuhui.ok("member", "add", "--phone", PHONE, by="boss")["id"])
    xuhui.ok("sale", "--member", PHONE, "--line", "general:200", by="boss")
    connect(network, jifen, "静安店", "T1")
    connect(network, xuhui, "徐汇店", "T2")
    for till in (jifen, xuhui, jifen):
        till.ok("sync")
    return jifen, xuhui, jia, yi


def test_a_card_of_either_member_works_at_every_store_and_their_points_stay_their_own(
        network: Network, stores: tuple[Jifen, Jifen, str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    jingan, xuhui, jia, yi = stores
    card = tmp_path / "t2card.png"
    yi_code = str(xuhui.ok("member", "card", PHONE, "--png", str(card))["code"])
    changning = shop(tmp_path, monkeypatch, capsys, "changning", "长宁店", "T3")
    connect(network, changning, "长宁店", "T3")

    assert warnings(changning) == [
        f"! The ledger has two members with phone 137****0002: {jia} and {yi}, both registered at other stores; this "
        f"till finds {jia} by the phone and {yi} by their member card; the owner should sort it out at the ledger "
        "(jifen-ledger report conflicts)"]
    assert warnings(changning) == []
    assert members_stored(changning) == sorted([(jia, PHONE), (yi, PHONE)])
    for till in (changning, jingan):
        scanned = till("scan", "--image", str(card))
        assert scanned.status == 0, str(scanned)
        assert scanned.out.startswith(f"Member {yi}  137****0002")
        assert till.ok("member", "show", yi_code)["id"] == yi
    assert changning.balance(yi) == jingan.balance(yi) == xuhui.balance(yi) == network.ledger.balance(yi) == 600

    for till in (jingan, changning):  # the phone finds 甲, the member 静安店 registered, the one T3 took first
        assert till.ok("member", "show", PHONE)["id"] == jia
        assert notices(till, PHONE) == [f"! The ledger has two members with phone 137****0002: this one and {yi}; "
                                        f"to serve {yi}, scan their member card"]
        assert notices(till, yi) == [f"! The ledger has two members with phone 137****0002: this one and {jia}; the "
                                     f"phone finds {jia} here, so scan this member's card to serve them"]
    assert xuhui.ok("member", "show", PHONE)["id"] == yi
    assert notices(xuhui, PHONE) == [f"! The ledger has two members with phone 137****0002: this one and {jia}; "
                                     f"to serve {jia}, scan their member card"]
    shown = changning.ok("member", "show", PHONE)
    assert (shown["shares_phone_with"], shown["found_by_phone"]) == ([yi], True)

    sale = changning.ok("sale", "--member", yi_code, "--line", "general:1000", by="boss")
    assert sale["member"]["id"] == yi
    changning.ok("sync")
    for till in (jingan, xuhui, changning):
        till.ok("sync")
        assert (till.balance(yi), till.balance(jia)) == (network.ledger.balance(yi), network.ledger.balance(jia))
    assert (network.ledger.balance(yi), network.ledger.balance(jia)) == (600 + sale["earned_points"], 500)
    for till in (jingan, changning):
        assert till.ok("member", "show", PHONE)["id"] == jia  # later pulls never swap the members
        assert members_stored(till) == sorted([(jia, PHONE), (yi, PHONE)])
        assert till.ok("journal", "verify")["ok"]


def test_in_chinese_the_cashier_is_told_to_scan_the_other_members_card(
        stores: tuple[Jifen, Jifen, str, str]) -> None:
    jingan, _, jia, yi = stores
    chinese = {"LANG": "zh_CN.UTF-8", "LC_ALL": "zh_CN.UTF-8"}
    run = jingan("member", "show", PHONE, env=chinese)
    assert f"  ！总账中手机号 137****0002 有两个会员：此会员和 {yi}；查找 {yi} 请扫描其会员码" in run.out.splitlines()
    run = jingan("member", "show", yi, env=chinese)
    assert (f"  ！总账中手机号 137****0002 有两个会员：此会员和 {jia}；本店按手机号找到的是 {jia}，查找此会员请扫描其会员码"
            in run.out.splitlines())


def test_a_till_that_left_the_other_member_out_takes_it_at_its_next_sync(
        network: Network, stores: tuple[Jifen, Jifen, str, str]) -> None:
    """As schema 0015 left 静安店: 乙 noted in shared_phones, but not a member there, and the pull past them."""
    jingan, _, jia, yi = stores
    downgrade_store(jingan.db, "0015", f"DELETE FROM lots WHERE member_id = '{yi}'", f"DELETE FROM members WHERE id = '{yi}'")
    with sqlite3.connect(jingan.db) as conn:
        assert conn.execute("SELECT cursor > 0 FROM ledger_link").fetchall() == [(1,)]
    assert jingan.refused("member", "show", yi) == "not_found"

    assert warnings(jingan) == []  # told already, under 0015
    assert members_stored(jingan) == sorted([(jia, PHONE), (yi, PHONE)])
    assert jingan.balance(yi) == network.ledger.balance(yi) == 600
    assert jingan.ok("member", "show", PHONE)["id"] == jia
    assert jingan.ok("journal", "verify")["ok"]
