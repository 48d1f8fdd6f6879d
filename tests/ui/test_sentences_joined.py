"""Beyond the checkout, what the app says in two sentences joins them as the language writes them: in Chinese after
。 (or ？) with nothing between, in English with a space. The gifts screen, the rules page, the receipt's print note."""

import pytest
from pytestqt.qtbot import QtBot

from terminal.bootstrap import Till
from tests.helpers.fake_printer import FakePrinter
from tests.helpers.store import member
from tests.helpers.ui_checkout import LOCALE_NOTICE
from tests.ui.test_gifts import add, open_screen
from tests.ui.test_members_support import press, settle, type_text
from tests.ui.test_print_note import open_with_printer, sell_by_card
from tests.ui.test_settings_rules import edit, rules_page
from ui.context import AppContext
from ui.qt import core
from ui.widgets.sentences import sentences

pytestmark = [pytest.mark.gui, LOCALE_NOTICE]
Key = core.Qt.Key


@pytest.mark.parametrize(("language", "question", "words"), [
    ("english", "Give member 138****8000 the gift “Rice cooker” for 5,000 points? Enter to confirm, Esc to go back.",
     "Nothing was taken: Rice cooker (BIG) takes 5,000 points; the member has 500. Choose something with fewer points."),
    ("chinese", "为会员 138****8000 兑换礼品“电饭煲”，需 5,000 积分？按 Enter 确认，按 Esc 返回。",
     "未扣积分：电饭煲（BIG）需要 5,000 积分，会员仅有 500 积分。请选择所需积分更少的礼品。")])
def test_the_gifts_screen_joins_its_sentences_as_the_language_does(
        qtbot: QtBot, ctx: AppContext, language: str, question: str, words: str, request: pytest.FixtureRequest) -> None:
    request.getfixturevalue(language)
    add(ctx.till, "BIG", 5000, stock=2)
    member(ctx.till)
    screen = open_screen(qtbot, ctx)
    type_text(qtbot, "13800138000")
    press(qtbot, Key.Key_Return)
    settle(qtbot, ctx)
    press(qtbot, Key.Key_Return)  # yes, the last four digits read 8000
    assert screen.member_found is not None
    press(qtbot, Key.Key_Return)
    assert screen.confirm.asking and screen.confirm.question.text() == question
    press(qtbot, Key.Key_Return)
    settle(qtbot, ctx)
    assert screen.message.text() == words


@pytest.mark.parametrize(("language", "words"), [
    ("english", "The rules are correct. Save them to put them in force."),
    ("chinese", "规则正确。保存后即生效。")])
def test_the_rules_page_joins_its_sentences_as_the_language_does(qtbot: QtBot, till: Till, language: str, words: str,
                                                                 request: pytest.FixtureRequest) -> None:
    request.getfixturevalue(language)
    screen, page = rules_page(qtbot, till)
    edit(page, "signup_bonus = 500", "signup_bonus = 800")
    page.check_button.click()
    qtbot.waitUntil(lambda: page.message.text().startswith(("The rules are", "规则")))
    assert page.message.text() == words
    screen.ctx.tasks.shutdown()


@pytest.mark.parametrize(("language", "words"), [
    ("english", "Receipt printed. 1 receipt that waited in the print queue printed too."),
    ("chinese", "小票已打印。打印队列中等待的 1 张也已打印。")])
def test_the_print_note_joins_its_sentences_as_the_language_does(qtbot: QtBot, shop: Till, printer: FakePrinter,
                                                                 language: str, words: str,
                                                                 request: pytest.FixtureRequest) -> None:
    request.getfixturevalue(language)
    counter = open_with_printer(qtbot, shop, printer, "paper_out")
    note = counter.screen.print_note
    sell_by_card(counter, "11")
    qtbot.waitUntil(lambda: note.state == "not printed", timeout=15_000)
    printer.mode = "ready"
    sell_by_card(counter, "12")
    qtbot.waitUntil(lambda: note.state == "printed" and not note.text().endswith("…"), timeout=15_000)
    qtbot.wait(200)
    assert note.text() == words
    counter.close()


@pytest.mark.parametrize(("language", "joined"), [
    ("english", "张三 owes 300 points. Points cannot pay until it is cleared."),
    ("chinese", "合计 ￥10.00。张三欠 300 积分")])
def test_a_sentence_ends_as_the_apps_language_does_whatever_it_names(language: str, joined: str,
                                                                      request: pytest.FixtureRequest) -> None:
    request.getfixturevalue(language)
    if language == "english":
        assert sentences("张三 owes 300 points", "Points cannot pay until it is cleared.") == joined
    else:
        assert sentences("合计 ￥10.00", "张三欠 300 积分") == joined
