"""Translations: every string of the app is in the committed .ts files, translated and finished, with
its placeholders and shortcut keys kept; the .qm files are what lrelease makes of them; the app in
Chinese shows Chinese on its screens and in Qt's own dialogs, with a CJK font, and in English shows
English with proper plurals."""

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from terminal.bootstrap import Till
from terminal.errors import Refused
from tests.helpers.store import OWNER
from tests.ui.test_members_support import app_context, settle
from ui.app import cjk_font
from ui.context import AppContext, SyncStatus
from ui.qt import core, gui, widgets
from ui.translations.update import HERE, LANGUAGES, Message, lrelease, problems, read_ts

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore('Detected locale "C"')]
ROOT = Path(__file__).resolve().parents[2]
ZH_TS, EN_TS = HERE / "jifen_zh_CN.ts", HERE / "jifen_en.ts"
PLACEHOLDER = re.compile(r"%L?\d+|%n|\{[A-Za-z_][A-Za-z0-9_]*\}")
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff]")  # Chinese, or its punctuation (、)
SAME_IN_CHINESE = {"pyzbar"}  # names that stay as they are


def messages(ts: Path) -> list[Message]:
    return read_ts(ts)


def test_the_committed_translations_match_the_sources_and_are_all_finished() -> None:
    """lupdate over ui/**/*.py into a temporary .ts: every string is in the committed .ts files,
    nothing there has vanished from the sources, nothing is unfinished or empty."""
    found = problems()
    assert not found, "\n".join(["translations are out of date (python -m ui.translations.update):", *found])


def test_there_is_a_chinese_translation_for_every_string() -> None:
    zh = messages(ZH_TS)
    assert len(zh) > 400
    for message in zh:
        for text in message.translations:
            assert CJK.search(text) or message.source in SAME_IN_CHINESE, (message.context, message.source, text)


@pytest.mark.parametrize("ts", [ZH_TS, EN_TS], ids=["zh_CN", "en"])
def test_placeholders_and_shortcut_keys_are_kept(ts: Path) -> None:
    for message in messages(ts):
        wanted = sorted(set(PLACEHOLDER.findall(message.source)))
        shortcut = re.search(r"&[^&\s]", message.source.replace("&&", ""))
        for text in message.translations:
            assert sorted(set(PLACEHOLDER.findall(text))) == wanted, (message.source, text)
            assert text.count("\n") == message.source.count("\n"), (message.source, text)
            if shortcut:
                assert re.search(r"&[^&\s]", text.replace("&&", "")), (message.source, text)


def test_counts_have_plural_forms() -> None:
    """Strings with a count are numerus: one form in Chinese, 'one' and 'other' in English."""
    zh = {(m.context, m.source): m for m in messages(ZH_TS)}
    en = {(m.context, m.source): m for m in messages(EN_TS)}
    assert en and set(en) == {key for key, m in zh.items() if m.numerus}
    for key, message in en.items():
        assert len(message.translations) == 2 and len(zh[key].translations) == 1, key
    assert ("StatusBar", "Online · %n entries to send") in en


def test_the_committed_qm_files_are_built_from_the_ts_files(tmp_path: Path) -> None:
    for stem in LANGUAGES:
        built = tmp_path / f"{stem}.qm"
        lrelease(HERE / f"{stem}.ts", built)
        committed = HERE / f"{stem}.qm"
        assert committed.exists(), f"{committed.name} is missing: python -m ui.translations.update"
        assert committed.read_bytes() == built.read_bytes(), f"{committed.name} is stale: python -m ui.translations.update"


# --- the app in either language ----------------------------------------------------------------------------


@pytest.fixture
def ctx(till: Till) -> Iterator[AppContext]:
    context = app_context(till, None, OWNER)
    yield context
    context.tasks.shutdown()


def owner_window(qtbot: QtBot, ctx: AppContext) -> widgets.QMainWindow:
    """The main window as the owner sees it, every screen built."""
    from ui.main_window import MainWindow
    from ui.screens.catalog import SCREENS

    window = MainWindow(ctx, SCREENS)
    qtbot.addWidget(window)
    window.show()
    settle(qtbot, ctx)
    return window


def visible_texts(root: widgets.QWidget) -> list[str]:
    """What the widgets say: labels, buttons, placeholders, tabs, group titles, table headings."""
    texts = [root.windowTitle()]
    for widget in root.findChildren(widgets.QWidget):
        if isinstance(widget, (widgets.QLabel, widgets.QAbstractButton)):
            texts.append(widget.text())
        if isinstance(widget, widgets.QLineEdit):
            texts.append(widget.placeholderText())
        if isinstance(widget, widgets.QGroupBox):
            texts.append(widget.title())
        if isinstance(widget, widgets.QTabWidget):
            texts.extend(widget.tabText(i) for i in range(widget.count()))
        if isinstance(widget, widgets.QComboBox):
            texts.extend(widget.itemText(i) for i in range(widget.count()))
        if isinstance(widget, widgets.QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            texts.extend(str(model.headerData(i, core.Qt.Orientation.Horizontal) or "")
                         for i in range(model.columnCount()))
        texts.append(widget.windowTitle())
        texts.append(widget.toolTip())
    return [text for text in texts if text]


def english_sources() -> set[str]:
    """Our English strings as they can appear on screen whole (no placeholders, shortcut marks removed)."""
    return {m.source.replace("&", "") for m in messages(ZH_TS) if not PLACEHOLDER.search(m.source)} - SAME_IN_CHINESE


def test_in_chinese_the_screens_speak_chinese(qtbot: QtBot, ctx: AppContext, chinese: None) -> None:
    window = owner_window(qtbot, ctx)
    login = window.login  # type: ignore[attr-defined]
    assert login.pin.placeholderText() == "密码"
    enter = [b.text() for b in login.findChildren(widgets.QPushButton) if b.text() not in "0123456789.⌫"]
    assert enter == ["确认"]
    status = window.statusBar()
    assert "单机（未连总账）" in [label.text() for label in status.findChildren(widgets.QLabel)]

    window.logged_in(OWNER)  # type: ignore[attr-defined]
    settle(qtbot, ctx)
    titles = [screen.title() for screen in window.screens]  # type: ignore[attr-defined]
    assert {"收银", "会员", "退款", "交班", "经营概况", "设置"} <= set(titles)
    assert all(CJK.search(title) for title in titles), titles
    nav = [b.text() for b in window.findChildren(widgets.QPushButton) if b.text().startswith("收银")]
    assert nav == ["收银  F1"]
    left_in_english = english_sources().intersection(visible_texts(window))
    assert not left_in_english, f"shown in English in the Chinese app: {sorted(left_in_english)}"
    assert Refused("bad_input", "wrong", "错误").message == "错误"  # the core's messages follow the app
    window.close()


def test_in_chinese_counts_read_naturally(qtbot: QtBot, chinese: None) -> None:
    from ui.context import StatusBus
    from ui.status_bar import StatusBar

    bar = StatusBar(StatusBus())
    qtbot.addWidget(bar)
    bar.show_sync(SyncStatus(url="http://ledger", online=True, pending=3, last_success=None, last_error=None))
    assert bar.sync_label.text() == "在线 · 3 条待上传"


def test_in_chinese_qt_own_dialog_buttons_are_chinese(qtbot: QtBot, chinese: None) -> None:
    buttons = widgets.QDialogButtonBox(widgets.QDialogButtonBox.StandardButton.Ok
                                       | widgets.QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(buttons)
    cancel = buttons.button(widgets.QDialogButtonBox.StandardButton.Cancel)
    assert cancel is not None and cancel.text() == "取消"
    ok = buttons.button(widgets.QDialogButtonBox.StandardButton.Ok)
    assert ok is not None and ok.text() == "确定"
    calendar = widgets.QCalendarWidget()
    qtbot.addWidget(calendar)
    assert calendar.locale().monthName(3) == "三月"


def test_in_english_the_screens_speak_english_with_plurals(qtbot: QtBot, ctx: AppContext, english: None) -> None:
    window = owner_window(qtbot, ctx)
    login = window.login  # type: ignore[attr-defined]
    assert login.pin.placeholderText() == "PIN"
    window.logged_in(OWNER)  # type: ignore[attr-defined]
    settle(qtbot, ctx)
    titles = [screen.title() for screen in window.screens]  # type: ignore[attr-defined]
    assert {"Checkout", "Members", "Refunds", "Shift", "Dashboard", "Settings"} <= set(titles)
    assert len(english_sources().intersection(visible_texts(window))) > 100  # every screen was looked at
    store = ctx.till.shop.store  # the merchant's own words (静安店) stay as they are
    chinese_shown = [text for text in visible_texts(window) if CJK.search(text) and store not in text]
    assert chinese_shown == ["中文", "中文"]  # Settings › Language and › Printer name each language in itself
    bar = window.statusBar()
    bar.show_sync(SyncStatus(url="http://ledger", online=True, pending=1, last_success=None, last_error=None))  # type: ignore[attr-defined]
    assert bar.sync_label.text() == "Online · 1 entry to send"  # type: ignore[attr-defined]
    bar.show_sync(SyncStatus(url="http://ledger", online=True, pending=2, last_success=None, last_error=None))  # type: ignore[attr-defined]
    assert bar.sync_label.text() == "Online · 2 entries to send"  # type: ignore[attr-defined]
    buttons = widgets.QDialogButtonBox(widgets.QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(buttons)
    assert buttons.button(widgets.QDialogButtonBox.StandardButton.Cancel).text() == "Cancel"  # type: ignore[union-attr]
    window.close()


def test_chinese_text_has_a_cjk_font(qapp: widgets.QApplication) -> None:
    font = cjk_font()
    if font is None:
        pytest.skip("no CJK font installed (fonts-noto-cjk)")
    metrics = gui.QFontMetrics(gui.QFont(font))
    assert all(metrics.inFontUcs4(ord(ch)) for ch in "积分收银会员兑换退款小票￥")


def test_the_app_starts_in_chinese_with_a_cjk_font_and_in_english(tmp_path: Path) -> None:
    """make_application as ``jifen`` runs it, in a process of its own (it sets the app-wide font and style)."""
    script = (
        "import sys\n"
        "from ui.app import make_application\n"
        "from ui.qt import widgets\n"
        "from terminal.errors import Refused\n"
        "app = make_application(['jifen'], sys.argv[1])\n"
        "box = widgets.QDialogButtonBox(widgets.QDialogButtonBox.StandardButton.Cancel)\n"
        "print(app.font().family())\n"
        "print(box.button(widgets.QDialogButtonBox.StandardButton.Cancel).text())\n"
        "print(app.translate('LoginScreen', 'Log in'))\n"
        "print(Refused('bad_input', 'in English', '中文').message)\n"
    )
    env = {"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C.UTF-8",
           "PYTHONIOENCODING": "utf-8"}
    runs = {}
    for language in ("zh", "en"):
        done = subprocess.run([sys.executable, "-c", script, language], cwd=ROOT, env=env, capture_output=True,
                              text=True, encoding="utf-8", timeout=60, check=True)
        runs[language] = done.stdout.splitlines()
    font = cjk_font()
    assert runs["zh"][1:] == ["取消", "登录", "中文"]
    assert runs["en"][1:] == ["Cancel", "Log in", "in English"]
    if font is not None:
        assert runs["zh"][0] == font and runs["en"][0] == font
