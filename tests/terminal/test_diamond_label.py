"""The top tier is 钻石卡 in a new store, as 银卡 and 金卡 are cards (等级 钻石 alone read oddly). A label is the
store's own: it is written into the store's rules.toml (and journaled) when the store is made, so a store made
before keeps its 钻石, its rules file and its rules' version."""

import shutil
from pathlib import Path

from sqlalchemy import func, select

from terminal.bootstrap import open_till
from terminal.home import Home
from terminal.models import JournalEntry
from tests.helpers.cli import Jifen
from tests.helpers.store import at

FIXTURE = Path(__file__).parent.parent / "fixtures" / "store-schema-0001"
ZH = {"LANG": "zh_CN.UTF-8"}
PHONE = "13800138000"


def test_a_new_store_calls_its_top_tier_钻石卡(jifen: Jifen) -> None:
    assert 'label = "钻石卡"' in jifen.rules_file.read_text(encoding="utf-8")
    jifen.member(PHONE)
    jifen.ok("sale", "--member", PHONE, "--line", "general:60000", by="amy", approver="max")
    assert "等级：钻石卡" in jifen("member", "show", PHONE, env=ZH).out


def test_a_store_made_before_keeps_its_钻石(tmp_path: Path) -> None:
    home = Home(tmp_path / "old-store")
    shutil.copytree(FIXTURE, home.root)
    before = home.rules.read_bytes()
    till = open_till(home, at("2026-11-22 10:00"))
    with till.reading() as uow:
        rule_sets = uow.session.scalar(select(func.count()).select_from(JournalEntry).where(JournalEntry.kind == "rules"))
    version = till.shop.rules.version
    assert till.shop.rules.tiers[-1].label == "钻石"
    till.close()
    again = open_till(home, at("2026-11-22 10:05"))
    with again.reading() as uow:
        assert uow.session.scalar(select(func.count()).select_from(JournalEntry)
                                  .where(JournalEntry.kind == "rules")) == rule_sets  # nothing adopted on opening
    assert (again.shop.rules.version, again.shop.rules.tiers[-1].label) == (version, "钻石")
    assert home.rules.read_bytes() == before
    again.close()
