"""The app follows the rules in force while it runs: rules.toml edited in Notepad, whether the app takes the edit in
itself or a command run beside it adopted it first, applies from the next sale, and the cashier is told in the
status bar; a bad edit is said once and the rules in force stay."""

import os
from dataclasses import replace

import pytest
from pytestqt.qtbot import QtBot

from terminal.bootstrap import Till, open_till
from terminal.models import Sale
from terminal.shop import LedgerState
from terminal.home import Home
from tests.helpers.store import CASHIER, at, member, sell
from tests.helpers.ui_checkout import LOCALE_NOTICE
from tests.ui.test_app_log import app_put_back, run_driving, store
from tests.ui.test_members_support import app_context, settle
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.qt import widgets
from ui.rules_watch import RulesWatch

pytestmark = [pytest.mark.gui, LOCALE_NOTICE]
__all__ = ["app_put_back", "store"]  # fixtures


def _edit(till: Till, old: str, new: str) -> None:
    path = till.home.rules
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(old, new), encoding="utf-8")
    later = path.stat().st_mtime_ns + 2_000_000_000  # a coarse file clock must still see a second edit
    os.utime(path, ns=(later, later))


def _watching(qtbot: QtBot, till: Till) -> tuple[AppContext, RulesWatch, list[str]]:
    ctx = app_context(till, None, CASHIER)
    parent = widgets.QWidget()
    qtbot.addWidget(parent)
    said: list[str] = []
    ctx.bus.said.connect(said.append)
    return ctx, RulesWatch(ctx, parent), said


def _look(qtbot: QtBot, ctx: AppContext, watch: RulesWatch) -> None:
    watch.look()
    settle(qtbot, ctx)


def test_an_edit_made_while_the_app_runs_applies_from_the_next_sale(qtbot: QtBot, till: Till, english: None) -> None:
    ctx, watch, said = _watching(qtbot, till)
    zhang = member(till)
    _edit(till, "general = 5000", "general = 10000")
    _look(qtbot, ctx, watch)
    version = till.shop.rules.version
    assert till.shop.rules.categories["general"] == 10000
    assert said == [f"The points rules changed (rules.toml): version {version} applies from the next sale."]
    assert sell(till, zhang, ("general", 10000)).earned_points == 100
    _look(qtbot, ctx, watch)
    assert len(said) == 1  # said once
    ctx.tasks.shutdown()


def test_rules_a_command_adopted_beside_the_app_are_taken_in(qtbot: QtBot, till: Till, english: None) -> None:
    ctx, watch, said = _watching(qtbot, till)
    _edit(till, "signup_bonus = 500", "signup_bonus = 800")
    open_till(till.home, at("2026-03-01 10:05")).close()  # a command run beside the app adopts the edit
    _look(qtbot, ctx, watch)
    assert till.shop.rules.signup_bonus == 800
    assert said == [f"The points rules changed (rules.toml): version {till.shop.rules.version} applies from the next sale."]
    zhang = member(till)
    sell(till, zhang, ("general", 100))
    with till.reading() as uow:
        assert [s.rules_version for s in uow.session.query(Sale)] == [till.shop.rules.version]
    ctx.tasks.shutdown()


def test_the_change_is_said_in_chinese(qtbot: QtBot, till: Till, chinese: None) -> None:
    ctx, watch, said = _watching(qtbot, till)
    _edit(till, "general = 5000", "general = 10000")
    _look(qtbot, ctx, watch)
    assert said == [f"积分规则已更改（rules.toml）：版本 {till.shop.rules.version} 从下一笔销售起生效。"]
    ctx.tasks.shutdown()


def test_a_bad_edit_is_said_once_and_the_rules_in_force_stay(qtbot: QtBot, till: Till, english: None) -> None:
    ctx, watch, said = _watching(qtbot, till)
    before = till.shop.rules
    _edit(till, "signup_bonus = 500", "signup_bonus = -1")
    _look(qtbot, ctx, watch)
    _look(qtbot, ctx, watch)
    assert till.shop.rules == before
    assert len(said) == 1 and "signup_bonus" in said[0]
    assert f"the rules in force (version {before.version}) stay in force" in said[0]
    ctx.tasks.shutdown()


def test_the_app_watches_the_rules_file_by_itself(qtbot: QtBot, store: Home, app_put_back: None,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from ui import rules_watch

    monkeypatch.setattr(rules_watch, "RULES_WATCH_MS", 100)
    found: list[int] = []

    def script(window: MainWindow) -> None:
        till = window.ctx.till
        _edit(till, "general = 5000", "general = 10000")  # in Notepad, while the app runs
        qtbot.waitUntil(lambda: till.shop.rules.categories["general"] == 10000, timeout=10_000)
        found.append(till.shop.rules.categories["general"])
        qtbot.waitUntil(lambda: window.ctx.tasks.running == 0)  # the start's own tasks done before the app quits

    assert run_driving(qtbot, store, script) == 0
    assert found == [10000]


def test_a_till_linked_to_a_ledger_is_left_to_sync(qtbot: QtBot, till: Till, english: None) -> None:
    ctx, watch, said = _watching(qtbot, till)
    till.shop = replace(till.shop, ledger=LedgerState("https://ledger.example", True))
    before = till.shop.rules
    _edit(till, "signup_bonus = 500", "signup_bonus = 800")
    _look(qtbot, ctx, watch)
    assert till.shop.rules == before and said == []
    assert not (till.home.root / "rules-edited.toml").exists()  # set aside at the next start, as before
    ctx.tasks.shutdown()


def test_the_start_that_adopts_an_edit_says_so(qtbot: QtBot, store: Home, app_put_back: None) -> None:
    store.config.write_text('[app]\nlanguage = "en"\n', encoding="utf-8")
    text = store.rules.read_text(encoding="utf-8")
    store.rules.write_text(text.replace("general = 5000", "general = 10000"), encoding="utf-8")
    seen: list[tuple[str, str]] = []

    def script(window: MainWindow) -> None:
        seen.append((window.statusBar().currentMessage(), window.ctx.till.shop.rules.version))
        qtbot.waitUntil(lambda: window.ctx.tasks.running == 0)

    assert run_driving(qtbot, store, script) == 0
    said, version = seen[0]
    assert said == f"The points rules changed (rules.toml): version {version} applies from the next sale."


def test_an_edit_saved_while_the_last_was_being_read_is_read_at_the_next_look(
        qtbot: QtBot, till: Till, english: None, monkeypatch: pytest.MonkeyPatch) -> None:
    from ui import rules_watch

    ctx, watch, said = _watching(qtbot, till)
    adopt = rules_watch.adopt_rules_file

    def saved_again_meanwhile(*args: object) -> object:
        taken = adopt(*args)  # type: ignore[arg-type]
        monkeypatch.setattr(rules_watch, "adopt_rules_file", adopt)
        _edit(till, "general = 10000", "general = 20000")  # the editor's second write lands after the read
        return taken

    monkeypatch.setattr(rules_watch, "adopt_rules_file", saved_again_meanwhile)
    _edit(till, "general = 5000", "general = 10000")
    _look(qtbot, ctx, watch)
    assert till.shop.rules.categories["general"] == 10000
    _look(qtbot, ctx, watch)
    assert till.shop.rules.categories["general"] == 20000 and len(said) == 2
    ctx.tasks.shutdown()
