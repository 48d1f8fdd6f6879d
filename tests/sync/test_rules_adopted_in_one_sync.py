"""Rules the merchant sets at the ledger (`jifen-ledger merchant rules`) reach a till in one `jifen sync`: the entry
the till journals on adopting them goes to the ledger in the same sync, so nothing is left pending, and the sync
says which rules it adopted and their promotions. A ledger on SQLite over TCP, the command line as a shop runs it."""

import json
import threading
from pathlib import Path

from sqlalchemy import select

from ledger import service
from ledger.models import Entry
from sync.relay import SyncStatus
from terminal.bootstrap import DEFAULT_RULES
from tests.helpers.cli import Jifen
from tests.helpers.ledger import Ledger, ledger_cli
from tests.sync.conftest import Network

DOUBLE_ELEVEN = '[[promotions]]\nname = "双十一"\nmultiplier = 200\nfrom = 2026-11-11\nuntil = 2026-11-11\n'


def _linked(jifen: Jifen, ledger: Ledger, url: str) -> None:
    jifen.ok("ledger", "connect", url, by="boss", env={"JIFEN_LEDGER_TOKEN": ledger.terminal("m1", "静安店", "T1")})
    first = jifen.ok("sync")
    assert (first["last_error"], first["pending"]) == (None, 0)


def _set_rules(ledger: Ledger, folder: Path, extra: str, instead_of: str = "") -> None:
    """The default rules, with ``extra`` in place of ``instead_of`` (at the end without it), set for merchant m1."""
    rules, default = folder / "merchant-rules.toml", DEFAULT_RULES.read_text(encoding="utf-8")
    assert instead_of in default
    rules.write_text(default.replace(instead_of, extra, 1) if instead_of else default + "\n" + extra, encoding="utf-8")
    status, said = ledger_cli(ledger.engine.url.render_as_string(hide_password=False))("merchant", "rules", "m1",
                                                                                        str(rules))
    assert status == 0, said


def _rules_held(ledger: Ledger) -> list[str]:
    """The versions of the rules entries the ledger holds of the terminal, in order."""
    with ledger.session() as s:
        payloads = s.scalars(select(Entry.payload).where(Entry.kind == "rules").order_by(Entry.seq))
        return [json.loads(p)["version"] for p in payloads]


def test_rules_set_at_the_ledger_are_adopted_and_sent_back_in_one_sync(
        jifen: Jifen, ledger_url: tuple[Ledger, str], tmp_path: Path) -> None:
    ledger, url = ledger_url
    _linked(jifen, ledger, url)
    held = _rules_held(ledger)
    _set_rules(ledger, tmp_path, DOUBLE_ELEVEN)
    synced = jifen.ok("sync")
    version = jifen.ok("rules", "show")["version"]
    assert version not in held
    assert (synced["rules_adopted"], synced["pushed"], synced["pending"], synced["last_error"]) == (version, 1, 0, None)
    assert _rules_held(ledger) == [*held, version]
    assert jifen.ok("sync", "--status")["pending"] == 0


def test_the_sync_names_the_rules_it_adopted_in_english_and_chinese(
        jifen: Jifen, ledger_url: tuple[Ledger, str], tmp_path: Path) -> None:
    ledger, url = ledger_url
    _linked(jifen, ledger, url)
    _set_rules(ledger, tmp_path, DOUBLE_ELEVEN)
    synced = jifen("sync")
    version = jifen.ok("rules", "show")["version"]
    assert synced.status == 0, synced
    lines = synced.out.splitlines()
    assert lines[0].startswith("Sent 1 entry. Ledger ") and "; 0 entries pending; " in lines[0]
    assert lines[1:] == [f"Adopted the ledger's new rules (version {version}); changes:",
                         "  promotion 双十一 ×2 (2026-11-11) added", "jifen rules show shows them all"]
    _set_rules(ledger, tmp_path, DOUBLE_ELEVEN.replace("200", "300") + 'categories = ["digital"]\n')
    said = jifen("sync", env={"LANG": "zh_CN.UTF-8"})
    version = jifen.ok("rules", "show")["version"]
    assert said.status == 0, said
    lines = said.out.splitlines()
    assert lines[0].startswith("已发送 1 条。总账 ") and "；待同步 0 条；" in lines[0]
    assert lines[1:] == [f"已采用总账的新规则（版本 {version}）；改动：",
                         "  促销 双十一 ×2（2026-11-11） → 双十一 ×3（2026-11-11；限数码产品）", "完整规则见 jifen rules show"]


def test_rules_without_promotions_are_named_too(jifen: Jifen, ledger_url: tuple[Ledger, str], tmp_path: Path) -> None:
    ledger, url = ledger_url
    _linked(jifen, ledger, url)
    _set_rules(ledger, tmp_path, "signup_bonus = 800", "signup_bonus = 500")
    synced = jifen("sync")
    version = jifen.ok("rules", "show")["version"]
    assert synced.status == 0, synced
    assert synced.out.splitlines()[1:] == [f"Adopted the ledger's new rules (version {version}); changes:",
                                           "  signup_bonus (signup bonus): 500 → 800", "jifen rules show shows them all"]


def test_a_sync_without_new_rules_adopts_nothing_and_says_nothing_of_rules(
        jifen: Jifen, ledger_url: tuple[Ledger, str]) -> None:
    ledger, url = ledger_url
    _linked(jifen, ledger, url)
    held = _rules_held(ledger)
    synced = jifen.ok("sync")
    assert (synced["rules_adopted"], synced["pushed"], synced["pending"], synced["last_error"]) == (None, 0, 0, None)
    said = jifen("sync")
    assert said.status == 0 and said.out.count("\n") == 1 and "rules" not in said.out, said
    assert _rules_held(ledger) == held


def test_the_apps_sync_loop_shows_nothing_pending_after_new_rules(network: Network) -> None:
    till = network.store("T1")
    syncer = network.connect(till, network.ledger.terminal("m1", "静安店", "T1"))
    syncer.sync_once()
    network.ledger.do(lambda s: service.set_rules(s, "m1", {"signup_bonus": 800}))
    stop, shown = threading.Event(), list[SyncStatus]()
    syncer.run(stop, on_status=shown.append, wait=lambda _: stop.set())  # one round, as the app's status bar sees it
    (status,) = shown
    assert (status.online, status.pending, status.last_error) == (True, 0, None)
    assert till.shop.rules.signup_bonus == 800 and syncer.rules_adopted == till.shop.rules
    assert _rules_held(network.ledger)[-1] == till.shop.rules.version


def test_a_shop_with_rules_of_its_own_keeps_its_file_when_the_ledger_s_replace_them(
        jifen: Jifen, ledger_url: tuple[Ledger, str]) -> None:
    ledger, url = ledger_url
    own = DEFAULT_RULES.read_text(encoding="utf-8").replace("signup_bonus = 500", "signup_bonus = 800")
    jifen.rules_file.write_text(own, encoding="utf-8")
    assert jifen.ok("rules", "show")["rules"]["signup_bonus"] == 800
    jifen.ok("ledger", "connect", url, by="boss", env={"JIFEN_LEDGER_TOKEN": ledger.terminal("m1", "静安店", "T1")})
    synced = jifen("sync")
    kept = jifen.home / "rules-before-ledger.toml"
    assert synced.status == 0 and synced.out.splitlines()[-3:] == [
        "  signup_bonus (signup bonus): 800 → 500", "jifen rules show shows them all",
        f"This till's own rules file is kept as {kept}"], synced.out
    assert kept.read_text(encoding="utf-8") == own and jifen.ok("rules", "show")["rules"]["signup_bonus"] == 500
    assert jifen.ok("sync").get("rules_adopted") is None and sorted(p.name for p in jifen.home.glob("rules*")) == [
        "rules-before-ledger.toml", "rules.toml"]
