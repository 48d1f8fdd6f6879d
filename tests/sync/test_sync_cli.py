"""`jifen ledger connect`, `jifen sync` and `jifen sync --status` as an owner uses them."""

import sqlite3
import stat
from pathlib import Path

import pytest

from ledger import db, mall, service
from tests.helpers.cli import Jifen
from tests.helpers.linked_tills import connect_to_a_ledger_since_gone
from tests.helpers.ledger import Ledger, open_ledger
from tests.helpers.ledger_server import serve
from tests.helpers.tls import private_ca
from tests.terminal.test_cli_readonly import read_only_view


def test_connect_sync_and_status(jifen: Jifen, ledger_url: tuple[Ledger, str], tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    ledger, url = ledger_url
    token = ledger.terminal("m1", "静安店", "T1")
    jifen.member("13800138000")
    assert jifen.refused("sync", "--status") == "not_found"
    connected = jifen.ok("ledger", "connect", url, by="boss", env={"JIFEN_LEDGER_TOKEN": token})
    assert connected == {"url": url, "merchant": "m1", "store": "静安店", "terminal": "T1"}
    token_file = jifen.home / "ledger.token"
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600 and token_file.read_text().strip() == token
    before = jifen.ok("sync", "--status")
    assert before["pending"] > 0 and before["online"] is False
    done = jifen.ok("sync")
    assert (done["pushed"], done["pending"], done["online"], done["last_error"]) == (before["pending"], 0, True, None)
    human = jifen("sync", "--status")
    assert human.status == 0 and "0 entries pending" in human.out
    with read_only_view(jifen.home, tmp_path / "read-only") as folder:  # it only reads
        assert Jifen(folder, monkeypatch, capsys).ok("sync", "--status")["pending"] == 0
    jifen.ok("sale", "--line", "general:10", by="amy")
    again = jifen("sync")
    assert again.status == 0 and again.out.startswith("Sent 1 entry. Ledger ") and "0 entries pending" in again.out


def test_only_an_owner_connects_and_a_token_is_needed(jifen: Jifen, ledger_url: tuple[Ledger, str]) -> None:
    ledger, url = ledger_url
    token = ledger.terminal("m1", "静安店", "T1")
    assert jifen.refused("ledger", "connect", url, by="amy", env={"JIFEN_LEDGER_TOKEN": token}) == "forbidden"
    assert jifen.refused("ledger", "connect", url, by="boss", env={"JIFEN_LEDGER_TOKEN": ""}) == "bad_input"
    assert jifen.refused("ledger", "connect", url, by="boss", env={"JIFEN_LEDGER_TOKEN": "jt_wrong"}) == "ledger_refused"
    assert jifen.refused("ledger", "connect", "ftp://x", by="boss", env={"JIFEN_LEDGER_TOKEN": token}) == "bad_input"
    assert not (jifen.home / "ledger.token").exists()


def test_a_sync_with_the_ledger_down_says_so_and_keeps_everything(jifen: Jifen, ledger_url: tuple[Ledger, str],
                                                                    tmp_path: Path) -> None:
    ledger, url = ledger_url
    token = ledger.terminal("m1", "静安店", "T1")
    jifen.ok("ledger", "connect", url, by="boss", env={"JIFEN_LEDGER_TOKEN": token})
    jifen.ok("sale", "--line", "general:10", by="amy")
    with sqlite3.connect(jifen.home / "jifen.db") as conn:
        conn.execute("UPDATE ledger_link SET url = 'http://127.0.0.1:9'")
    run = jifen("sync", "--json")
    assert run.status == 2 and run.json["error"] == "offline" and "pending" in run.json["message"]
    status = jifen.ok("sync", "--status")
    assert status["pending"] > 0 and "cannot reach" in status["last_error"]


def test_status_right_after_connecting_says_not_synced_yet_rather_than_offline(
        jifen: Jifen, ledger_url: tuple[Ledger, str]) -> None:
    ledger, url = ledger_url
    jifen.ok("ledger", "connect", url, by="boss", env={"JIFEN_LEDGER_TOKEN": ledger.terminal("m1", "静安店", "T1")})
    english, chinese = jifen("sync", "--status"), jifen("sync", "--status", env={"LANG": "zh_CN.UTF-8"})
    assert english.out.startswith(f"Ledger {url}: connected, not synced yet; ") and "offline" not in english.out
    assert chinese.out.startswith(f"总账 {url}：已连接，尚未同步；") and "离线" not in chinese.out
    jifen.ok("sync")
    assert f"Ledger {url}: online; 0 entries pending" in jifen("sync", "--status").out


def test_with_the_ledger_stopped_a_chinese_shop_reads_why_in_chinese(jifen: Jifen, tmp_path: Path) -> None:
    url = connect_to_a_ledger_since_gone(jifen, tmp_path)
    chinese = {"LANG": "zh_CN.UTF-8"}
    run = jifen("sync", env=chinese)
    assert run.status == 2
    port = url.rsplit(":", 1)[1]
    assert run.err.strip() == f"无法连接总账 {url}：端口 {port} 上没有服务在监听：本机上的总账没有运行（请启动：jifen-ledger serve）；所有记录保持待同步，销售照常进行", run.err
    status = jifen("sync", "--status", env=chinese)
    assert f"\n上次错误：无法连接总账 {url}：端口 {port} 上没有服务在监听" in status.out and "cannot reach" not in status.out
    english = jifen("sync", "--status")  # the owner's technician reads it in English: in English
    assert f"\nLast error: cannot reach the ledger at {url}" in english.out and "无法连接" not in english.out, english.out


def _gift(jifen: Jifen, item: str) -> None:
    jifen.ok("gift", "add", item, "--name-zh", "茶杯", "--name-en", "Tea cup", "--points", "300", by="boss")


def test_connecting_a_shop_with_its_own_gifts_asks_before_the_ledger_catalog_replaces_them(
        jifen: Jifen, ledger_url: tuple[Ledger, str]) -> None:
    ledger, url = ledger_url
    token = ledger.terminal("m1", "静安店", "T1")
    _gift(jifen, "TEA")
    _gift(jifen, "MUG")
    ledger.do(lambda s: mall.set_item(s, "m1", {"id": "TEA", "kind": "gift", "name_zh": "茶杯", "name_en": "Tea cup",
                                                "points": 250}))
    entries = jifen.entries()
    run = jifen("ledger", "connect", url, by="boss", env={"JIFEN_LEDGER_TOKEN": token, "LANG": "zh_CN.UTF-8"})
    assert run.status == 2 and "MUG" in run.err and "TEA" not in run.err and "--replace-gifts" in run.err
    assert jifen.refused("ledger", "connect", url, by="boss", env={"JIFEN_LEDGER_TOKEN": token}) == "local_catalog"
    assert jifen.entries() == entries and not (jifen.home / "ledger.token").exists()
    assert jifen.refused("sync", "--status") == "not_found"  # not connected
    jifen.ok("ledger", "connect", url, "--replace-gifts", by="boss", env={"JIFEN_LEDGER_TOKEN": token})
    jifen.ok("sync")
    assert [(item["id"], item["points"]) for item in jifen.ok("gift", "list", "--all")["items"]] == [("TEA", 250)]


def test_a_ledger_behind_a_private_certificate_authority(jifen: Jifen, tmp_path: Path) -> None:
    """The authority given once at connect is kept with the store: every later sync trusts it."""
    certificates = private_ca(tmp_path)
    engine = db.open_engine(f"sqlite:///{tmp_path / 'ledger.db'}")
    ledger = open_ledger(engine)
    ledger.merchant("m1")
    token = ledger.terminal("m1", "静安店", "T1")
    key = {"JIFEN_LEDGER_TOKEN": token}
    (tmp_path / "not-a-ca.pem").write_text("hello", encoding="utf-8")
    with serve(engine, tls=certificates) as url:
        untrusted = jifen("ledger", "connect", url, by="boss", env=key)
        assert untrusted.status == 2 and "authority this terminal does not know" in untrusted.err \
            and "--ca FILE" in untrusted.err
        assert jifen.refused("ledger", "connect", url, "--ca", str(tmp_path / "not-a-ca.pem"), by="boss", env=key) \
            == "bad_input"
        assert jifen.refused("ledger", "connect", url, "--ca", str(tmp_path / "missing.pem"), by="boss", env=key) \
            == "bad_input"
        assert not (jifen.home / "ledger.token").exists() and not (jifen.home / "ledger-ca.pem").exists()
        jifen.ok("ledger", "connect", url, "--ca", str(certificates.ca), by="boss", env=key)
        certificates.ca.unlink()  # kept with the store: the file given is not needed again
        jifen.ok("sale", "--line", "general:10", by="amy")
        done = jifen.ok("sync")
        assert done["pending"] == 0 and done["pushed"] > 0 and done["last_error"] is None
        assert jifen.refused("sync", "--ca", str(tmp_path / "missing.pem")) == "bad_input"
        renewed = ledger.do(lambda s: service.new_token(s, "m1", "T1"))  # connecting again: the kept authority holds
        jifen.ok("ledger", "connect", url, by="boss", env={"JIFEN_LEDGER_TOKEN": renewed})
        assert jifen.ok("sync")["last_error"] is None and (jifen.home / "ledger-ca.pem").exists()
    with serve(engine) as plain:  # another ledger, without the private authority: it is let go
        jifen.ok("ledger", "connect", plain, by="boss", env={"JIFEN_LEDGER_TOKEN": renewed})
        assert not (jifen.home / "ledger-ca.pem").exists() and jifen.ok("sync")["last_error"] is None
    engine.dispose()


def test_claim_a_partner_code_at_the_counter(jifen: Jifen, ledger_url: tuple[Ledger, str], tmp_path: Path) -> None:
    ledger, url = ledger_url
    token = ledger.terminal("m1", "静安店", "T1")
    ledger.do(lambda s: mall.add_offer(s, "m1", "HOTPOT", "火锅双人餐", "海底", 100, "2000-01-01T00:00:00+08:00",
                                       "2100-01-01T00:00:00+08:00", ["A1", "A2"]))
    jifen.member("13800138000")
    assert jifen.refused("code", "claim", "HOTPOT", "--member", "13800138000", by="amy") == "not_found"  # no ledger yet
    jifen.ok("ledger", "connect", url, by="boss", env={"JIFEN_LEDGER_TOKEN": token})
    jifen.ok("sync")
    got = jifen("code", "claim", "HOTPOT", "--member", "13800138000", by="amy", env={"LANG": "zh_CN.UTF-8"})
    assert got.status == 0 and "已领取 HOTPOT 的兑换码（使用 100 积分）：A1" in got.out and "积分余额 400" in got.out
    assert jifen.refused("code", "claim", "HOTPOT", "--member", "13800138000", by="amy") == "already_claimed"
    assert jifen.refused("code", "claim", "HOTPOT", "--member", "13800138000", "--ca", str(tmp_path / "no.pem"),
                         by="amy") == "bad_input"
