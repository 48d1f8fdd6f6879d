"""The members screen: register, print the card, look up by phone, number or scanned code, adjust."""


import pytest
from pytestqt.qtbot import QtBot

from terminal.lang import prefers_chinese
from terminal.services.codes import reinstate_member_codes, revoke_member_codes
from terminal.services.members import show_member
from tests.helpers.fake_printer import FakePrinter
from tests.helpers.store import OWNER, member, sell
from tests.ui.test_checkout_layout import language  # noqa: F401  (the fixture: the app's language)
from tests.ui.test_members_support import press, settle, shown, type_text
from ui.context import AppContext
from ui.qt import core
from ui.screens.members import MembersScreen

pytestmark = pytest.mark.gui
Key = core.Qt.Key


@pytest.fixture
def screen(qtbot: QtBot, ctx: AppContext) -> MembersScreen:
    members = MembersScreen(ctx)
    shown(qtbot, members)
    members.entered()
    qtbot.waitUntil(members.lookup.hasFocus)
    return members


def test_register_by_keyboard_then_enter_prints_the_card_with_a_code_that_scans(
        qtbot: QtBot, ctx: AppContext, screen: MembersScreen, printer: FakePrinter) -> None:
    referrer = member(ctx.till, "13900139000", "王芳")
    press(qtbot, Key.Key_F7)
    assert screen.register_form.phone.hasFocus()
    type_text(qtbot, "138 0013 8000")
    press(qtbot, Key.Key_Return)
    type_text(qtbot, "李雷")
    press(qtbot, Key.Key_Return)
    type_text(qtbot, "13900139000")
    press(qtbot, Key.Key_Return)
    settle(qtbot, ctx)

    stored = show_member(ctx.till.reading(), ctx.till.shop, "13800138000")
    assert stored.name == "李雷" and stored.balance == 500
    assert screen.pages.currentWidget() is screen.panel
    assert "李雷" in screen.panel.who.text() and "138****8000" in screen.panel.who.text()
    assert "500" in screen.panel.balance.text()
    assert "Registered 138****8000 with 500 welcome points" in screen.info.text()
    assert screen.panel.history.item(0, 1).text() == "Sign-up bonus"
    assert screen.card_button.hasFocus()

    press(qtbot, Key.Key_Return)
    settle(qtbot, ctx)
    assert screen.info.text() == "Member card printed."
    printout = printer.printout()
    assert stored.id in printout.text and len(printout.qr_codes) == 1
    assert screen.lookup.hasFocus()

    screen.back()
    assert screen.scanned(printout.qr_codes[0])
    settle(qtbot, ctx)
    assert screen.page is not None and screen.page.view.id == stored.id
    assert referrer != stored.id


def test_lookup_by_phone_shows_tier_growth_expiry_and_history(qtbot: QtBot, ctx: AppContext,
                                                               screen: MembersScreen) -> None:
    member_id = member(ctx.till, "13800138000", "韩梅梅")
    sale = sell(ctx.till, member_id, ("general", 19999))
    type_text(qtbot, "13800138000")
    press(qtbot, Key.Key_Return)
    settle(qtbot, ctx)

    panel = screen.panel
    assert "599" in panel.balance.text()  # 500 welcome + 99 earned
    assert "Tier: Regular · spent ￥199.99 in the last 365 days" in panel.tier.text()
    assert "￥1,800.01 more to reach Silver" in panel.tier.text()
    assert panel.expiry.text() == "Next expiry: 599 points on 2027-12-31"
    assert not panel.debt.isVisible()
    assert [panel.history.item(0, c).text() for c in range(4)] == [
        "2026-03-01 10:00", f"Sale {sale.sale_id}", "￥199.99", "+99"]
    assert screen.lookup.hasFocus() and screen.lookup.selectedText() == "13800138000"


def test_a_member_in_debt_is_said_plainly(qtbot: QtBot, ctx: AppContext, screen: MembersScreen) -> None:
    from terminal.services.refunds import record_refund

    member_id = member(ctx.till)
    sale = sell(ctx.till, member_id, ("general", 200_000))  # 1,000 points earned
    sell(ctx.till, member_id, ("general", 15_000), redeem=1_500)  # spends them
    record_refund(ctx.till.uow(), ctx.till.shop, OWNER, sale.sale_id)
    type_text(qtbot, member_id)
    press(qtbot, Key.Key_Return)
    settle(qtbot, ctx)
    assert screen.panel.debt.isVisible()
    assert screen.panel.debt.text().startswith("Owes ")
    assert "cannot pay with points" in screen.panel.debt.text()
    assert "-" in screen.panel.balance.text()


@pytest.mark.parametrize("phone", ["12345", "2380013800", "abc"])
def test_a_bad_phone_is_refused_before_anything_is_stored(qtbot: QtBot, ctx: AppContext, screen: MembersScreen,
                                                          phone: str) -> None:
    press(qtbot, Key.Key_F7)
    type_text(qtbot, phone)
    screen.register_form.register.click()
    settle(qtbot, ctx)
    assert "is not a mobile number" in screen.problem.text()
    assert "Type the 11-digit mobile number again." in screen.problem.text()
    assert screen.register_form.phone.hasFocus()
    assert screen.pages.currentWidget() is screen.register_form


def test_a_duplicate_phone_says_look_them_up_instead(qtbot: QtBot, ctx: AppContext, screen: MembersScreen) -> None:
    member(ctx.till, "13800138000")
    press(qtbot, Key.Key_F7)
    type_text(qtbot, "13800138000")
    screen.register_form.register.click()
    settle(qtbot, ctx)
    assert "138****8000 is already a member" in screen.problem.text()
    assert "look them up" in screen.problem.text()
    press(qtbot, Key.Key_Escape)
    assert screen.pages.currentWidget() is screen.hint and screen.lookup.hasFocus()


def test_an_unknown_referrer_keeps_the_form_and_points_at_the_referrer(qtbot: QtBot, ctx: AppContext,
                                                                       screen: MembersScreen) -> None:
    press(qtbot, Key.Key_F7)
    type_text(qtbot, "13800138000")
    screen.register_form.referrer.setText("13911112222")
    screen.register_form.register.click()
    settle(qtbot, ctx)
    assert screen.problem.text().startswith("Referrer: no member '13911112222'")
    assert screen.register_form.referrer.hasFocus()


def test_an_unknown_phone_offers_to_register_it(qtbot: QtBot, ctx: AppContext, screen: MembersScreen) -> None:
    type_text(qtbot, "13800138000")
    press(qtbot, Key.Key_Return)
    settle(qtbot, ctx)
    assert "no member '13800138000'" in screen.problem.text() and "press F7 to register" in screen.problem.text()
    press(qtbot, Key.Key_F7)
    assert screen.register_form.phone.text() == "13800138000" and screen.register_form.name.hasFocus()


def test_revoked_and_forged_codes_are_refused_in_the_cashiers_words(qtbot: QtBot, ctx: AppContext,
                                                                     screen: MembersScreen) -> None:
    member_id = member(ctx.till)
    code = ctx.printing.document("card", member_id).qr_payloads[0]
    forged = code[:-3] + ("AAA" if code[-3:] != "AAA" else "BBB")
    assert screen.scanned(forged)
    settle(qtbot, ctx)
    assert "this member code is not genuine" in screen.problem.text() and screen.page is None

    revoke_member_codes(ctx.till.uow(), ctx.till.shop, OWNER, member_id, "card lost")
    assert screen.scanned(code)
    settle(qtbot, ctx)
    assert "this member code has been revoked" in screen.problem.text() and "issue a new card" in screen.problem.text()
    assert screen.page is None

    reinstate_member_codes(ctx.till.uow(), ctx.till.shop, OWNER, member_id, "card found")
    assert screen.scanned(code)
    settle(qtbot, ctx)
    assert screen.page is not None and screen.page.view.id == member_id
    history = screen.panel.history
    assert [history.item(row, 1).text() for row in range(2)] == ["Member codes reinstated", "Member codes revoked"]


@pytest.mark.usefixtures("language")
def test_printer_offline_the_card_problem_says_what_happened_and_the_key_once(
        qtbot: QtBot, ctx: AppContext, screen: MembersScreen, printer: FakePrinter) -> None:
    member(ctx.till)
    type_text(qtbot, "13800138000")
    press(qtbot, Key.Key_Return)
    settle(qtbot, ctx)
    printer.refuse()
    press(qtbot, Key.Key_F8)
    settle(qtbot, ctx)
    refused = f"{printer.url}: Connection refused"
    if prefers_chinese():
        assert screen.problem.text() == "会员卡没有打印出来：连接不上打印机（未开机或未连接？）。按 F8 重印。"
        assert screen.problem.text().count("重印") == 1 and "补打" not in screen.problem.text()  # the key once
    else:
        assert screen.problem.text() == ("The member card did not print: printer not reachable (switched off or "
                                         f"unplugged?) ({refused}). Press F8 to print it again.")
        assert "reprint" not in screen.problem.text()
    assert refused in screen.problem.toolTip()  # the device's words, for whoever looks into it
