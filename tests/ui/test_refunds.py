"""The refunds screen: find the sale by number or receipt code, tick lines, approve, see what goes
back, and the refund receipt on a real (fake TCP) printer."""


import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from terminal.bootstrap import Till
from terminal.lang import prefers_chinese, say
from terminal.models import JournalEntry, Refund, SaleLine
from terminal.services.refunds import record_refund
from tests.helpers.fake_printer import FakePrinter
from tests.helpers.store import MANAGER, OWNER, balance, hire_staff, member, move_clock, sell
from tests.helpers.ui_checkout import member_code, open_counter
from tests.ui.test_checkout_layout import language  # noqa: F401  (the fixture: the app's language)
from tests.ui.test_members_support import (
    approval_ready,
    press,
    settle,
    shown,
    type_text,
)
from ui.context import AppContext
from ui.qt import core
from ui.screens.checkout import CheckoutScreen
from ui.screens.refunds import RefundsScreen

pytestmark = pytest.mark.gui
Key = core.Qt.Key


@pytest.fixture
def screen(qtbot: QtBot, ctx: AppContext) -> RefundsScreen:
    refunds = RefundsScreen(ctx)
    shown(qtbot, refunds)
    refunds.entered()
    qtbot.waitUntil(refunds.sale_ref.hasFocus)
    return refunds


@pytest.fixture
def sale_id(ctx: AppContext) -> str:
    """The rules' worked example: general ¥60 + general ¥40, paying 500 points; 47 points earned."""
    member_id = member(ctx.till)
    sale = sell(ctx.till, member_id, ("general", 6000), ("general", 4000), redeem=500)
    assert sale.earned_points == 47
    return sale.sale_id


def find(qtbot: QtBot, ctx: AppContext, ref: str) -> None:
    type_text(qtbot, ref)
    press(qtbot, Key.Key_Return)
    settle(qtbot, ctx)


def stored_refunds(ctx: AppContext) -> list[tuple[str, int, int, int]]:
    with ctx.till.reading() as uow:
        return [(r.sale_id, r.money_fen, r.restored_points, r.reversed_points)
                for r in uow.session.scalars(select(Refund).order_by(Refund.seq))]


@pytest.mark.usefixtures("english")  # its plural forms: "line 2" of one line, as the app says it
def test_a_cashier_refunds_one_line_with_the_managers_pin_and_the_receipt_prints(
        qtbot: QtBot, ctx: AppContext, screen: RefundsScreen, printer: FakePrinter, sale_id: str) -> None:
    find(qtbot, ctx, sale_id.split("-")[1])  # the number alone, as on this terminal's receipts
    assert screen.sale is not None and screen.sale.id == sale_id
    assert screen.lines.hasFocus() and screen.lines.currentRow() == 0
    assert "Total ￥100.00: ￥95.00 paid by cash, 500 points used" in screen.header.text()
    press(qtbot, Key.Key_Down)
    press(qtbot, Key.Key_Space)
    assert screen.choice.text() == "To refund: ￥40.00 of goods (line 2)"  # one line: line, not lines
    press(qtbot, Key.Key_Return)
    dialog = screen.approval
    approval_ready(qtbot, dialog)
    assert dialog.reason.text() == "A refund of ￥40.00 needs a manager's or the owner's PIN."
    press(qtbot, Key.Key_Down)
    type_text(qtbot, "2222")
    press(qtbot, Key.Key_Return)
    settle(qtbot, ctx)

    assert stored_refunds(ctx) == [(sale_id, 3800, 200, 19)]
    with ctx.till.reading() as uow:
        who = uow.session.execute(select(JournalEntry.actor, JournalEntry.approver)
                                  .where(JournalEntry.kind == "refund")).one()
    assert tuple(who) == ("amy", "max")
    refund_id = screen.last_refund
    assert screen.result.text().split("\n") == [
        f"Refund {refund_id} recorded.",
        "Give back ￥38.00 (cash).",
        "200 points returned to the member.",
        "19 points earned on these goods taken back.",
        "Member balance now 228 points.",  # 500 + 47 − 500 paid, + 200 back − 19
    ]
    assert screen.print_state.text() == say("Refund receipt printed.", "退款小票已打印。") and not screen.print_state.toolTip()
    assert refund_id is not None and refund_id in printer.printout().text
    assert screen.lines.item(1, 3).text() == f"Refunded ({refund_id})"
    assert screen.lines.item(1, 0).flags() == core.Qt.ItemFlag.NoItemFlags
    qtbot.waitUntil(screen.sale_ref.hasFocus)  # ready for the next sale


def test_a_scanned_receipt_finds_the_sale_and_a_manager_refunds_it_all(
        qtbot: QtBot, ctx: AppContext, screen: RefundsScreen, sale_id: str) -> None:
    ctx.cashier = MANAGER
    code = ctx.printing.document("receipt", sale_id).qr_payloads[0]
    assert code.startswith("JFR1/")
    assert screen.scanned(code)
    settle(qtbot, ctx)
    assert screen.sale is not None and screen.sale.id == sale_id and screen.lines.hasFocus()
    press(qtbot, Key.Key_F7)
    assert screen.choice.text() == "To refund: ￥100.00 of goods (lines 1, 2)"
    press(qtbot, Key.Key_Return)
    settle(qtbot, ctx)
    assert not screen.approval.isVisible()
    assert stored_refunds(ctx) == [(sale_id, 9500, 500, 47)]
    assert "Give back ￥95.00 (cash)." in screen.result.text()


def test_a_member_code_scanned_here_says_to_scan_the_receipt_and_leaves_what_was_typed(
        qtbot: QtBot, till: Till) -> None:
    hire_staff(till)
    someone = member(till)
    counter = open_counter(qtbot, till, screens=(CheckoutScreen, RefundsScreen))
    counter.press(Key.Key_F3)
    refunds = counter.window.current()
    assert isinstance(refunds, RefundsScreen)
    qtbot.waitUntil(refunds.sale_ref.hasFocus)
    counter.type("T1-")
    counter.scan(member_code(till, someone))
    counter.idle()
    assert refunds.problem.text() == "That is a member's code: scan the receipt's code or type the sale number."
    assert refunds.sale_ref.text() == "T1-" and refunds.sale is None
    counter.close()


def test_a_payment_code_scanned_here_says_to_scan_the_receipt(screen: RefundsScreen) -> None:
    assert screen.scanned("134567890123456789")
    assert screen.problem.text() == "That is not a receipt's code: scan the code on the receipt or type the sale number."
    assert screen.sale is None


def test_already_refunded_lines_are_shown_and_cannot_be_ticked(qtbot: QtBot, ctx: AppContext,
                                                               screen: RefundsScreen, sale_id: str) -> None:
    first = record_refund(ctx.till.uow(), ctx.till.shop, OWNER, sale_id, [1])
    find(qtbot, ctx, sale_id)
    assert screen.lines.item(0, 3).text() == f"Refunded ({first.refund_id})"
    assert screen.lines.currentRow() == 1  # the cursor starts on the first line that can be refunded
    screen.lines.toggle(0)
    press(qtbot, Key.Key_F7)
    assert [line.line_no for line in screen.lines.chosen()] == [2]

    record_refund(ctx.till.uow(), ctx.till.shop, OWNER, sale_id, [2])
    screen.back()
    find(qtbot, ctx, sale_id)
    assert "Every line of sale" in screen.problem.text() and "nothing left to refund" in screen.problem.text()
    assert not screen.all_button.isHidden() and screen.lines.chosen() == []


def test_a_line_refunded_elsewhere_meanwhile_is_refused_and_the_sale_shown_again(
        qtbot: QtBot, ctx: AppContext, screen: RefundsScreen, sale_id: str) -> None:
    ctx.cashier = MANAGER
    find(qtbot, ctx, sale_id)
    press(qtbot, Key.Key_F7)
    record_refund(ctx.till.uow(), ctx.till.shop, OWNER, sale_id, [2])  # at another till, say
    press(qtbot, Key.Key_Return)
    settle(qtbot, ctx)
    assert "line 2 of sale" in screen.problem.text() and "was already refunded" in screen.problem.text()
    assert "tick what is left" in screen.problem.text()
    assert len(stored_refunds(ctx)) == 1
    assert screen.lines.item(1, 3).text().startswith("Refunded (")


def test_nothing_ticked_says_how_to_tick(qtbot: QtBot, ctx: AppContext, screen: RefundsScreen, sale_id: str) -> None:
    find(qtbot, ctx, sale_id)
    press(qtbot, Key.Key_Return)
    assert screen.problem.text() == "Tick the lines to refund with Space, or press F7 for all of them."
    assert not screen.approval.isVisible()


@pytest.mark.parametrize(("ref", "said"), [
    ("99", "no sale '99'\nCheck the sale number on the receipt, or scan the receipt's code."),
    ("T9-3", "sale T9-3 was made at terminal T9, not at this one (T1): refund it at T9\n"
             "Check the sale number on the receipt, or scan the receipt's code."),
    ("T1-999", "no sale 'T1-999'\nCheck the sale number on the receipt, or scan the receipt's code."),
])
def test_an_unknown_sale_says_what_to_check(qtbot: QtBot, ctx: AppContext, screen: RefundsScreen,
                                            ref: str, said: str) -> None:
    find(qtbot, ctx, ref)
    assert screen.problem.text() == said
    assert screen.sale is None and screen.sale_ref.hasFocus() and screen.sale_ref.selectedText() == ref


def test_a_forged_receipt_code_is_refused(qtbot: QtBot, ctx: AppContext, screen: RefundsScreen, sale_id: str) -> None:
    code = ctx.printing.document("receipt", sale_id).qr_payloads[0]
    parts = code.split("/")
    parts[5] = str(int(parts[5]) + 100_00)  # a bigger total than was paid
    assert screen.scanned("/".join(parts))
    settle(qtbot, ctx)
    assert screen.sale is None and "altered or forged" in screen.problem.text()


def test_a_wrong_approver_pin_refunds_nothing(qtbot: QtBot, ctx: AppContext, screen: RefundsScreen,
                                              sale_id: str) -> None:
    find(qtbot, ctx, sale_id)
    press(qtbot, Key.Key_F7)
    press(qtbot, Key.Key_Return)
    approval_ready(qtbot, screen.approval)
    type_text(qtbot, "0000")
    press(qtbot, Key.Key_Return)
    settle(qtbot, ctx)
    assert screen.approval.message.text().startswith("wrong PIN for boss (4 tries left)")
    press(qtbot, Key.Key_Escape)
    assert not screen.approval.isVisible() and stored_refunds(ctx) == []
    with ctx.till.reading() as uow:
        assert uow.session.scalars(select(SaleLine.refund_id).where(SaleLine.sale_id == sale_id)).all() == [None, None]


def test_a_cashier_cannot_approve_a_refund(qtbot: QtBot, ctx: AppContext, screen: RefundsScreen, sale_id: str) -> None:
    from terminal.services.cashiers import add_cashier
    from terminal.services.staff import change_role

    add_cashier(ctx.till.uow(), ctx.till.shop, OWNER, "bob", "manager", "3333")
    find(qtbot, ctx, sale_id)
    press(qtbot, Key.Key_F7)
    press(qtbot, Key.Key_Return)
    approval_ready(qtbot, screen.approval)
    qtbot.waitUntil(lambda: screen.approval.who.findData("bob") >= 0)  # bob joined after the screen listed its staff
    change_role(ctx.till.uow(), ctx.till.shop, OWNER, "bob", "cashier")  # after the list offered him
    screen.approval.who.setCurrentIndex(screen.approval.who.findData("bob"))
    type_text(qtbot, "3333")
    press(qtbot, Key.Key_Return)
    settle(qtbot, ctx)
    assert screen.approval.message.text().startswith("bob is a cashier and cannot approve.")
    assert stored_refunds(ctx) == []


@pytest.mark.usefixtures("language")
def test_printer_offline_the_refund_stands_and_f10_prints_it_when_back(
        qtbot: QtBot, ctx: AppContext, screen: RefundsScreen, printer: FakePrinter, sale_id: str) -> None:
    ctx.cashier = MANAGER
    printer.refuse()
    find(qtbot, ctx, sale_id)
    press(qtbot, Key.Key_F7)
    press(qtbot, Key.Key_Return)
    settle(qtbot, ctx)
    assert stored_refunds(ctx) == [(sale_id, 9500, 500, 47)]
    refused = f"{printer.url}: Connection refused"
    if prefers_chinese():  # what happened, and the key to press: once each
        assert screen.print_state.text() == "退款已记账，但小票没有打印出来：连接不上打印机（未开机或未连接？）。按 F10 重印。"
    else:
        assert screen.print_state.text() == ("The refund is recorded, but its receipt did not print: printer not "
                                             f"reachable (switched off or unplugged?) ({refused}). Press F10 to print "
                                             "it again.")
    assert refused in screen.print_state.toolTip()  # the device's words, for whoever looks into it
    assert screen.reprint_button.isVisible() and screen.result.text()

    printer.accept()
    press(qtbot, Key.Key_F10)
    settle(qtbot, ctx)
    assert screen.print_state.text() == say("Refund receipt printed.", "退款小票已打印。") and not screen.print_state.toolTip()
    assert screen.last_refund is not None and screen.last_refund in printer.printout().text
    assert not screen.reprint_button.isVisible()


def test_a_refund_that_leaves_debt_says_so(qtbot: QtBot, ctx: AppContext, screen: RefundsScreen) -> None:
    ctx.cashier = MANAGER
    member_id = member(ctx.till)
    big = sell(ctx.till, member_id, ("general", 200_000))  # 1,000 points earned
    sell(ctx.till, member_id, ("general", 15_000), redeem=1_500)
    find(qtbot, ctx, big.sale_id)
    press(qtbot, Key.Key_F7)
    press(qtbot, Key.Key_Return)
    settle(qtbot, ctx)
    owed = balance(ctx.till, member_id)
    assert owed < 0
    assert f"Member balance now {owed:,} points." in screen.result.text()
    assert "now owes" in screen.result.text() and "cannot pay with points" in screen.result.text()


def test_points_given_back_past_their_date_are_said_to_have_expired_at_once(
        qtbot: QtBot, ctx: AppContext, screen: RefundsScreen, sale_id: str) -> None:
    ctx.cashier = MANAGER
    move_clock(ctx.till, "2028-01-05 10:00")  # the 500 points paid with ran out on 2027-12-31
    find(qtbot, ctx, sale_id)
    press(qtbot, Key.Key_F7)
    press(qtbot, Key.Key_Return)
    settle(qtbot, ctx)
    assert "500 points returned to the member." in screen.result.text()
    assert "500 of them were already past their date: they expired at once." in screen.result.text()
