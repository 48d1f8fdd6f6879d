"""The status bar when the ledger refused this till's token as unknown (replaced, or a ledger restored from a backup
made before it): not "all sent", since what the ledger holds is unknown until the till connects with a new token;
and when the ledger's rules need a newer jifen than this till (it takes the members' changes, keeps its own rules,
and says to upgrade). A real ledger over TCP, real stores, the app's sync thread."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from ledger import service
from sync import relay
from terminal.bootstrap import Till
from terminal.rules import RuleSet
from terminal.services.members import show_member
from tests.helpers.older_rules import before_labels
from tests.helpers.store import member
from tests.ui.test_settings_support import LedgerNet, ledger_net
from tests.ui.test_status_bar_refused import bar_syncing, last_error, says, stop, synced
from ui.status_bar import StatusBar

pytestmark = pytest.mark.gui
WHY = "rules: categories.fresh: must be a whole number from 0 to 100000"


@pytest.fixture
def net(tmp_path: Path) -> Iterator[LedgerNet]:
    with ledger_net(tmp_path) as served:
        yield served


def token_replaced(net: LedgerNet) -> Till:
    till = synced(net)
    net.ledger.do(lambda s: service.new_token(s, "m1", "T1"))
    return till


def shows(qtbot: QtBot, bar: StatusBar, text: str) -> None:
    """``text``, once the sync has sent what the app wrote as it started."""
    qtbot.waitUntil(lambda: bar.sync_label.text() == text, timeout=15_000)


def labelled(net: LedgerNet) -> None:
    rules = RuleSet().to_dict()
    rules["categories"]["fresh"] = {"rate_bp": 3000, "label": "生鲜"}
    net.ledger.do(lambda s: service.set_rules(s, "m1", rules))


@pytest.mark.usefixtures("english")
def test_a_token_the_ledger_does_not_know_leaves_what_it_holds_unknown(qtbot: QtBot, net: LedgerNet) -> None:
    ctx, bar = bar_syncing(qtbot, token_replaced(net))
    try:
        says(qtbot, ctx, bar, "Ledger refused this till's token: what it holds is unknown · connect with a new token "
                              "· N entries waiting")
        assert bar.sync_label.toolTip() == last_error(ctx) == ("the ledger refused: unknown or missing terminal token "
                                                              "(401 unauthorized)")
    finally:
        stop(ctx)


@pytest.mark.usefixtures("chinese")
def test_a_token_the_ledger_does_not_know_in_chinese(qtbot: QtBot, net: LedgerNet) -> None:
    ctx, bar = bar_syncing(qtbot, token_replaced(net))
    try:
        says(qtbot, ctx, bar, "总账拒绝了本机的令牌：总账所存情况不明 · 请用新令牌重新连接 · N 条待上传")
    finally:
        stop(ctx)


@pytest.mark.usefixtures("english")
def test_rules_this_till_cannot_read_say_to_upgrade_and_members_still_arrive(
        qtbot: QtBot, net: LedgerNet, monkeypatch: pytest.MonkeyPatch) -> None:
    older = synced(net)
    own_rules = older.shop.rules.version
    labelled(net)
    other = net.store("T2")
    sync_other = net.connect(other, net.ledger.terminal("m1", "静安店", "T2"))
    sync_other.sync_once()
    zhang = member(other, "13800138000")
    sync_other.sync_once()
    monkeypatch.setattr(relay, "rules_from_dict", before_labels)  # this till: jifen before category labels
    ctx, bar = bar_syncing(qtbot, older)
    try:
        shows(qtbot, bar, "Online · 0 entries to send · Ledger's rules need a newer jifen: upgrade this till")
        assert bar.sync_label.toolTip() == ("The ledger's rules need a newer jifen: upgrade this till; it keeps its "
                                            f"current rules until then ({WHY})")
        assert show_member(older.reading(), older.shop, zhang).balance == 500
        assert older.shop.rules.version == own_rules
    finally:
        stop(ctx)


@pytest.mark.usefixtures("chinese")
def test_rules_this_till_cannot_read_in_chinese(qtbot: QtBot, net: LedgerNet, monkeypatch: pytest.MonkeyPatch) -> None:
    older = synced(net)
    labelled(net)
    monkeypatch.setattr(relay, "rules_from_dict", before_labels)
    ctx, bar = bar_syncing(qtbot, older)
    try:
        shows(qtbot, bar, "在线 · 0 条待上传 · 总账的规则需要更新版本的 jifen：请升级本机")
    finally:
        stop(ctx)
