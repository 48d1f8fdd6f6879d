"""A category has one name wherever a cashier or a customer reads it, in the app's language: the
checkout's buttons and lines, the refunds screen and the receipt (not 数码 3C at the till, 数码商品 in
refunds and 数码产品 on paper)."""

import pytest
from pytestqt.qtbot import QtBot

from printing.render_text import to_text
from printing.service import Printing
from printing.settings import PrinterSettings
from printing.words import Lang
from terminal import lang
from terminal.bootstrap import Till
from tests.helpers.store import hire_staff, sell
from tests.helpers.ui_checkout import LOCALE_NOTICE, Key, open_counter
from tests.ui.test_members_support import press, settle, shown, type_text
from tests.ui.test_settings_support import owner_context
from ui.screens.refunds import RefundsScreen
from ui.screens.refunds_lines import CATEGORY
from ui.screens.settings_rules_file import read_rules_text, save_rules

pytestmark = [pytest.mark.gui, LOCALE_NOTICE]
CATEGORIES = ("general", "digital", "vehicle", "excluded")
NAMES = {"zh": ["普通商品", "数码产品", "整车", "不积分商品"],
         "en": ["General goods", "Digital goods", "Vehicle", "Goods without points"]}


def at_the_till(qtbot: QtBot, till: Till) -> tuple[list[str], list[str]]:
    """The category buttons, and the lines of a sale with one line in each (Down goes to the next category)."""
    counter = open_counter(qtbot, till)
    lines = counter.screen.lines
    buttons = [button.text().replace("&&", "&") for button in lines.category_buttons.buttons()]
    for _ in CATEGORIES:
        counter.type("10")
        counter.press(Key.Key_Return)
        counter.press(Key.Key_Down)
    table = [lines.table.model().index(row, 0).data() for row in range(lines.table.rowCount())]
    counter.close()
    return buttons, table


def in_refunds(qtbot: QtBot, till: Till, sale_id: str) -> list[str]:
    ctx = owner_context(till)
    screen = RefundsScreen(ctx)
    shown(qtbot, screen)
    screen.entered()
    qtbot.waitUntil(screen.sale_ref.hasFocus)
    type_text(qtbot, sale_id)
    press(qtbot, Key.Key_Return)
    settle(qtbot, ctx)
    names = [screen.lines.model().index(row, CATEGORY).data() for row in range(screen.lines.rowCount())]
    ctx.tasks.shutdown()
    return names


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_category_has_one_name_at_the_till_in_refunds_and_on_the_receipt(qtbot: QtBot, till: Till,
                                                                            language: Lang) -> None:
    hire_staff(till)
    sale = sell(till, None, *[(category, 1000) for category in CATEGORIES])
    printing = Printing(till, PrinterSettings(language=language))
    lang.use(language)
    try:
        buttons, lines = at_the_till(qtbot, till)
        refunds = in_refunds(qtbot, till, sale.sale_id)
    finally:
        lang.use(None)
    receipt = to_text(printing.page(printing.document("receipt", sale.sale_id)))
    assert buttons == lines == refunds == NAMES[language]
    assert all(f"{name} " in receipt for name in NAMES[language]), receipt


def test_a_labelled_category_is_named_by_its_label_at_the_till_and_in_refunds(qtbot: QtBot, till: Till) -> None:
    hire_staff(till)
    lang.use("zh")
    try:
        counter = open_counter(qtbot, till)
        buttons = counter.screen.lines.category_buttons.buttons
        default_rules = read_rules_text(till)
        for label in ("生鲜", "鲜果 & 蔬菜"):  # a new category, then the same one relabelled
            fresh = f'fresh = {{ rate_bp = 3000, label = "{label}" }}\n'
            save_rules(till, default_rules.replace("vehicle = 10 ", fresh + "vehicle = 10 "))
            counter.screen.entered()  # back from the settings screen
            assert label.replace("&", "&&") in [button.text() for button in buttons()]
        counter.close()
        sale = sell(till, None, ("fresh", 1000), ("general", 500))
        assert in_refunds(qtbot, till, sale.sale_id) == ["鲜果 & 蔬菜", "普通商品"]
    finally:
        lang.use(None)
