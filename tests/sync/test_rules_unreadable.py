"""A till older than the ledger's rules (installer/README.md step 9: a newer version's rule features, such as a
category's label, set before every till was upgraded) cannot read them. Its sync still takes the members' changes
(balances do not go stale behind the rules), keeps its own rules, and says that the ledger's rules need a newer
jifen, at `jifen sync` and `jifen sync --status`, until it is upgraded. A ledger on SQLite over TCP, two tills'
command lines; the older till is this jifen with the rules parser of jifen before category labels."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from sync import relay
from terminal.bootstrap import DEFAULT_RULES
from tests.helpers.cli import Jifen
from tests.helpers.ledger import Ledger, ledger_cli
from tests.helpers.older_rules import before_labels
from tests.helpers.linked_tills import link, new_till

ZHANG = "13800138000"
FRESH = 'fresh = { rate_bp = 3000, label = "生鲜" }'
WHY = "rules: categories.fresh: must be a whole number from 0 to 100000"
WHY_ZH = "规则文件：categories.fresh：应为 0 到 100000 之间的整数"
NEEDS_NEWER = f"The ledger's rules need a newer jifen: upgrade this till; it keeps its current rules until then ({WHY})"


@contextmanager
def older_jifen() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(relay, "rules_from_dict", before_labels)
        yield


@pytest.fixture
def t2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Jifen:
    return new_till(tmp_path / "t2", monkeypatch, capsys)


def _labelled_rules_at_the_ledger(tmp_path: Path) -> None:
    rules = tmp_path / "merchant-rules.toml"
    rules.write_text(DEFAULT_RULES.read_text(encoding="utf-8").replace("[categories]", f"[categories]\n{FRESH}", 1),
                     encoding="utf-8")
    status, said = ledger_cli(f"sqlite:///{tmp_path / 'ledger.db'}")("merchant", "rules", "m1", str(rules))
    assert status == 0, said


def test_an_older_till_takes_the_members_keeps_its_rules_and_says_to_upgrade(
        jifen: Jifen, t2: Jifen, ledger_url: tuple[Ledger, str], tmp_path: Path) -> None:
    ledger, url = ledger_url
    t1 = jifen
    link(ledger, url, (t1, "T1"), (t2, "T2"))
    own_rules = t1.ok("rules", "show")["version"]
    _labelled_rules_at_the_ledger(tmp_path)
    new_rules = t2.ok("sync")["rules_adopted"]
    t2.ok("member", "add", "--phone", ZHANG, by="boss")
    t2.ok("sale", "--member", ZHANG, "--line", "general:100", by="boss")
    t2.ok("sync")
    balance = t2.balance(ZHANG)
    assert balance == 550

    with older_jifen():
        synced = t1.ok("sync")
        assert (synced["online"], synced["pending"], synced["rules_adopted"], synced["rules_unreadable"]) == (
            True, 0, None, WHY)
        assert t1.balance(ZHANG) == balance  # the members' changes arrived all the same
        assert t1.ok("rules", "show")["version"] == own_rules
        text = t1("sync").out
        assert f": online; 0 entries pending; last success 2026-03-01 10:00\n! {NEEDS_NEWER}\n" in text
        zh = t1("sync", "--status", env={"LANG": "zh_CN.UTF-8"}).out
        assert f"\n! 总账的规则需要更新版本的 jifen：请升级本机；在此之前本机沿用现行规则（{WHY_ZH}）\n" in zh
    status = t1.ok("sync", "--status")  # said until a sync reads them
    assert (status["link"], status["rules_unreadable"]) == ("online", WHY)
    assert f"\n! {NEEDS_NEWER}" in t1("sync", "--status").out

    upgraded = t1.ok("sync")  # this jifen reads labels
    assert (upgraded["rules_adopted"], upgraded["rules_unreadable"]) == (new_rules, None)
    assert t1.ok("rules", "show")["version"] == new_rules
    assert "newer jifen" not in t1("sync", "--status").out
