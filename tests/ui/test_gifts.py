"""The gifts screen on a real store and a real (fake TCP) printer: find the member by phone, exchange a
gift with a top-up, issue a coupon whose receipt carries its QR code, cancel with a manager's PIN,
claim a partner code from a real ledger, and every refusal said in the cashier's words with nothing
taken: too few points, out of stock, a wrong PIN, the ledger offline or missing."""

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import requests
from PIL import Image
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from sync.protocol import Catalog
from sync.link_files import save_token
from terminal import ledger_link
from terminal.bootstrap import Till
from terminal.mall.catalog import ItemSpec
from terminal.models import CodeClaim, Coupon, GiftExchange, MallItem
from terminal.services import mall
from tests.helpers.fake_printer import FakePrinter
from tests.helpers.store import CASHIER, MANAGER, OWNER, balance, member
from tests.helpers.ui_checkout import member_code
from tests.ui.test_members_support import (
    app_context,
    approval_ready,
    press,
    settle,
    shown,
    type_text,
)
from tests.ui.test_settings_support import ledger_net
from ui.context import AppContext
from ui.qt import core, widgets
from ui.screens.gifts import GiftsScreen
from ui.screens.gifts_actions import OfferField
from ui.screens.gifts_work import open_offers

pytestmark = pytest.mark.gui
Key = core.Qt.Key
PHONE = "13800138000"  # registered with 500 points


def add(till: Till, item_id: str, points: int, stock: int | None = None, **fields: Any) -> None:
    names = {"TEA": ("茶杯", "Tea cup"), "BIG": ("电饭煲", "Rice cooker"), "C10": ("十元券", "Coupon ¥10")}
    zh, en = names.get(item_id, (f"礼品{item_id}", f"Gift {item_id}"))
    mall.add_item(till.uow(), till.shop, OWNER, ItemSpec(item_id, zh, en, points, **fields), stock)


def open_screen(qtbot: QtBot, ctx: AppContext) -> GiftsScreen:
    screen = GiftsScreen(ctx)
    shown(qtbot, screen)
    screen.entered()
    settle(qtbot, ctx)
    qtbot.waitUntil(screen.member.phone.hasFocus)
    return screen


def find_member(qtbot: QtBot, ctx: AppContext, screen: GiftsScreen, phone: str = PHONE) -> None:
    """By phone, as the cashier does: type it, Enter, the last four asked, Enter again."""
    type_text(qtbot, phone)
    press(qtbot, Key.Key_Return)
    settle(qtbot, ctx)
    assert f"do the last four digits read {phone[-4:]}?" in screen.member.question.text()
    press(qtbot, Key.Key_Return)
    assert screen.member_found is not None and screen.table.hasFocus()


def row_of(screen: GiftsScreen, item_id: str) -> int:
    return [item["id"] for item in screen.table.entries].index(item_id)


def take(qtbot: QtBot, ctx: AppContext, screen: GiftsScreen, item_id: str, key: core.Qt.Key = Key.Key_Return) -> None:
    """Walk to the item with the arrows, Enter, then confirm with ``key``."""
    while screen.table.currentRow() < row_of(screen, item_id):
        press(qtbot, Key.Key_Down)
    press(qtbot, Key.Key_Return)
    assert screen.confirm.asking and screen.confirm.confirm.hasFocus()
    press(qtbot, key)
    settle(qtbot, ctx)


def cell(screen: GiftsScreen, row: int, column: int) -> widgets.QTableWidgetItem:
    item = screen.table.item(row, column)
    assert item is not None
    return item


def exchanges(ctx: AppContext) -> list[tuple[str, str, int, int, bool]]:
    with ctx.till.reading() as uow:
        return [(e.item_id, e.member_id, e.points, e.topup_fen, e.cancelled_seq is not None)
                for e in uow.session.scalars(select(GiftExchange).order_by(GiftExchange.seq))]


def stock(ctx: AppContext, item_id: str) -> int | None:
    with ctx.till.reading() as uow:
        row = uow.session.get(MallItem, item_id)
        assert row is not None
        return row.stock


def test_the_cashier_exchanges_a_gift_with_a_top_up_and_the_receipt_prints(
        qtbot: QtBot, ctx: AppContext, printer: FakePrinter, tmp_path: Path) -> None:
    picture = tmp_path / "tea.png"
    Image.new("RGB", (200, 150), (200, 40, 40)).save(picture)
    add(ctx.till, "TEA", 300, stock=3, topup_fen=990, picture=str(picture))
    add(ctx.till, "BIG", 5000, picture="pictures/missing.png")
    member_id = member(ctx.till)
    screen = open_screen(qtbot, ctx)
    assert [item["id"] for item in screen.table.entries] == ["TEA", "BIG"]
    tea, big = row_of(screen, "TEA"), row_of(screen, "BIG")
    assert [cell(screen, tea, column).text() for column in range(3)] == ["Tea cup", "300 points + ￥9.90", "3"]
    assert cell(screen, big, 1).text() == "5,000 points" and cell(screen, big, 2).text() == "no limit"
    assert screen.table.has_picture(tea) and not screen.table.has_picture(big)  # the placeholder for a missing file
    assert not cell(screen, big, 0).icon().isNull()

    find_member(qtbot, ctx, screen)
    assert "500 points" in screen.member.details.text()
    press(qtbot, Key.Key_Return)  # the first row, the tea cup
    assert screen.confirm.question.text() == ("Give member 138****8000 the gift “Tea cup” for 300 points? "
                                              "Take ￥9.90 on top: Enter in cash, F10 by card; Esc to go back.")
    press(qtbot, Key.Key_F10)  # the top-up by card
    settle(qtbot, ctx)

    assert exchanges(ctx) == [("TEA", member_id, 300, 990, False)]
    assert stock(ctx, "TEA") == 2 and balance(ctx.till, member_id) == 200
    exchange_id = f"T1-{_seq_of(ctx)}"
    assert screen.message.text() == (f"Exchange {exchange_id}: Tea cup for 300 points. Take ￥9.90 (card). "
                                     "Balance now 200 points.")
    assert screen.print_note.text() == "Receipt printed."
    assert exchange_id in printer.printout().text
    assert cell(screen, row_of(screen, "TEA"), 2).text() == "2"  # the stock shown follows
    qtbot.waitUntil(lambda: "200 points" in screen.member.details.text())
    assert screen.table.hasFocus() and not screen.confirm.asking
    assert screen.more.exchange_ref.text() == exchange_id  # ready to cancel with F8, Enter


def _seq_of(ctx: AppContext) -> str:
    with ctx.till.reading() as uow:
        return uow.session.scalars(select(GiftExchange.id)).one().split("-")[1]


def test_a_coupon_is_issued_and_its_receipt_prints_its_qr_code(qtbot: QtBot, ctx: AppContext,
                                                                printer: FakePrinter) -> None:
    add(ctx.till, "C10", 200, kind="coupon", value_fen=1000, min_spend_fen=5000)
    member_id = member(ctx.till)
    screen = open_screen(qtbot, ctx)
    assert cell(screen, 0, 0).text() == "Coupon ¥10\nCoupon: ￥10.00 off a spend of ￥50.00 or more, good for 30 days"
    find_member(qtbot, ctx, screen)
    take(qtbot, ctx, screen, "C10")
    with ctx.till.reading() as uow:
        coupon = uow.session.scalars(select(Coupon)).one()
        coupon_id = coupon.id
        assert (coupon.member_id, coupon.value_fen, coupon.points) == (member_id, 1000, 200)
    assert screen.message.text().startswith(f"Coupon {coupon_id} issued: ￥10.00 off a spend of ￥50.00 or more, "
                                            "until 2026-03-31.")
    assert balance(ctx.till, member_id) == 300
    printed = printer.printout()
    assert coupon_id in printed.text and len(printed.qr_codes) == 1 and coupon_id in printed.qr_codes[0]


def test_too_few_points_takes_nothing_and_says_what_to_do(qtbot: QtBot, ctx: AppContext) -> None:
    add(ctx.till, "BIG", 5000, stock=2)
    member_id = member(ctx.till)
    screen = open_screen(qtbot, ctx)
    find_member(qtbot, ctx, screen)
    take(qtbot, ctx, screen, "BIG")
    assert screen.message.text() == ("Nothing was taken: Rice cooker (BIG) takes 5,000 points; the member has 500. "
                                     "Choose something with fewer points.")
    assert exchanges(ctx) == [] and stock(ctx, "BIG") == 2 and balance(ctx.till, member_id) == 500
    assert screen.table.hasFocus() and not screen.confirm.asking


def test_the_last_one_taken_at_another_till_meanwhile_is_out_of_stock(qtbot: QtBot, ctx: AppContext) -> None:
    add(ctx.till, "TEA", 300, stock=1)
    add(ctx.till, "PEN", 50)
    member_id = member(ctx.till)
    someone_else = member(ctx.till, "13900139000")
    screen = open_screen(qtbot, ctx)
    find_member(qtbot, ctx, screen)
    press(qtbot, Key.Key_Return)  # the pen is cheaper and listed first
    press(qtbot, Key.Key_Escape)
    assert not screen.confirm.asking and screen.message.text() == "Nothing taken."
    mall.exchange_gift(ctx.till.uow(), ctx.till.shop, MANAGER, "TEA", someone_else)  # the last one, elsewhere
    take(qtbot, ctx, screen, "TEA")
    assert screen.message.text() == ("Nothing was taken: Tea cup (TEA) is out of stock at this store. "
                                      "Choose another gift; the manager adds stock.")
    assert [e[1] for e in exchanges(ctx)] == [someone_else] and balance(ctx.till, member_id) == 500
    assert [item["id"] for item in screen.table.entries] == ["PEN"]  # no longer offered


def test_a_gift_for_another_tier_is_refused_with_the_reason(qtbot: QtBot, ctx: AppContext) -> None:
    add(ctx.till, "GOLD", 100, tiers=("gold",))
    member(ctx.till)
    screen = open_screen(qtbot, ctx)
    find_member(qtbot, ctx, screen)
    take(qtbot, ctx, screen, "GOLD")
    assert "is for gold members" in screen.message.text()
    assert screen.message.text().endswith("Choose a gift for this member's tier.")
    assert exchanges(ctx) == []


@pytest.mark.parametrize("how", ["scan", "phone"])
def test_another_member_found_while_asking_closes_the_question_and_takes_nothing(
        qtbot: QtBot, ctx: AppContext, how: str) -> None:
    add(ctx.till, "TEA", 300, topup_fen=990)
    first, second = member(ctx.till), member(ctx.till, "13900139000")
    screen = open_screen(qtbot, ctx)
    find_member(qtbot, ctx, screen)
    press(qtbot, Key.Key_Return)
    assert screen.confirm.question.text().startswith("Give member 138****8000 ")
    if how == "scan":
        screen.member.camera.found.emit(member_code(ctx.till, second))
        settle(qtbot, ctx)
    else:
        press(qtbot, Key.Key_F7)
        find_member(qtbot, ctx, screen, "13900139000")
    assert screen.member_found is not None and screen.member_found.id == second
    press(qtbot, Key.Key_F10)  # the top-up by card, as if still answering the question about the first member
    settle(qtbot, ctx)
    assert exchanges(ctx) == [] and balance(ctx.till, first) == 500 and balance(ctx.till, second) == 500
    assert not screen.confirm.asking and screen.table.hasFocus()
    press(qtbot, Key.Key_Return)
    assert screen.confirm.question.text().startswith("Give member 139****9000 ")
    press(qtbot, Key.Key_F10)
    settle(qtbot, ctx)
    assert exchanges(ctx) == [("TEA", second, 300, 990, False)]
    assert balance(ctx.till, first) == 500 and balance(ctx.till, second) == 200


def test_a_bad_camera_read_says_so_and_leaves_the_focus_on_the_gifts(qtbot: QtBot, ctx: AppContext) -> None:
    add(ctx.till, "TEA", 300)
    member_id = member(ctx.till)
    screen = open_screen(qtbot, ctx)
    find_member(qtbot, ctx, screen)
    screen.member.camera.found.emit("JFM1/not-a-member")
    settle(qtbot, ctx)
    assert screen.message.text().endswith(" — check the number, or scan the member's code.")
    assert screen.table.hasFocus() and screen.member_found is not None and screen.member_found.id == member_id


def test_choosing_a_gift_before_the_member_asks_for_the_member(qtbot: QtBot, ctx: AppContext) -> None:
    add(ctx.till, "TEA", 300)
    screen = open_screen(qtbot, ctx)
    screen.table.setFocus()
    press(qtbot, Key.Key_Return)
    assert screen.message.text() == "Find the member first: scan their code or type their phone (F7)."
    assert not screen.confirm.asking and screen.member.phone.hasFocus()


def test_cancelling_needs_a_managers_pin_and_a_wrong_one_cancels_nothing(qtbot: QtBot, ctx: AppContext,
                                                                          printer: FakePrinter) -> None:
    add(ctx.till, "TEA", 300, stock=3)
    member_id = member(ctx.till)
    done = mall.exchange_gift(ctx.till.uow(), ctx.till.shop, CASHIER, "TEA", member_id)
    screen = open_screen(qtbot, ctx)
    press(qtbot, Key.Key_F8)
    assert screen.more.exchange_ref.hasFocus()
    type_text(qtbot, done.exchange_id.split("-")[1])  # the number alone, as on the receipt
    press(qtbot, Key.Key_Return)
    dialog = screen.approval
    approval_ready(qtbot, dialog)
    assert "a manager's or the owner's PIN is needed" in dialog.reason.text()
    press(qtbot, Key.Key_Down)  # boss, then max
    type_text(qtbot, "0000")
    press(qtbot, Key.Key_Return)
    settle(qtbot, ctx)
    assert dialog.message.text().startswith("wrong PIN for max")
    assert exchanges(ctx) == [("TEA", member_id, 300, 0, False)] and stock(ctx, "TEA") == 2
    type_text(qtbot, "2222")
    press(qtbot, Key.Key_Return)
    settle(qtbot, ctx)
    assert not dialog.isVisible()
    assert exchanges(ctx) == [("TEA", member_id, 300, 0, True)]
    assert stock(ctx, "TEA") == 3 and balance(ctx.till, member_id) == 500
    assert screen.message.text() == (f"Exchange {done.exchange_id} cancelled: 300 points back to the member, the gift "
                                     "back in stock. Balance now 500 points.")
    qtbot.waitUntil(lambda: "取消兑换" in printer.printout().text)  # the cancel's own slip
    slip = printer.printout().text
    assert done.exchange_id in slip and "+300" in slip
    press(qtbot, Key.Key_F8)
    type_text(qtbot, done.exchange_id)
    press(qtbot, Key.Key_Return)
    approval_ready(qtbot, dialog)
    assert dialog.who.currentData() == "max"  # who approved last time
    type_text(qtbot, "2222")
    press(qtbot, Key.Key_Return)
    settle(qtbot, ctx)
    assert screen.message.text() == f"Not cancelled: exchange {done.exchange_id} was cancelled already. Nothing more to do."


def test_esc_backs_out_one_step_at_a_time(qtbot: QtBot, ctx: AppContext) -> None:
    add(ctx.till, "TEA", 300)
    member(ctx.till)
    screen = open_screen(qtbot, ctx)
    type_text(qtbot, PHONE)
    press(qtbot, Key.Key_Return)
    settle(qtbot, ctx)
    press(qtbot, Key.Key_Escape)
    assert screen.member_found is None and screen.message.text() == "Not that member."
    find_member(qtbot, ctx, screen)
    press(qtbot, Key.Key_Return)
    assert screen.confirm.asking
    press(qtbot, Key.Key_Escape)
    assert not screen.confirm.asking and screen.table.hasFocus()
    press(qtbot, Key.Key_Escape)
    assert screen.member_found is None and screen.member.phone.hasFocus()
    assert exchanges(ctx) == []


def claim_message(qtbot: QtBot, ctx: AppContext, screen: GiftsScreen, offer: str) -> str:
    press(qtbot, Key.Key_F11)
    assert screen.more.offer.hasFocus()
    type_text(qtbot, offer)
    press(qtbot, Key.Key_Return)
    settle(qtbot, ctx)
    return screen.message.text()


def test_a_claim_with_the_ledger_offline_says_so_and_takes_nothing(qtbot: QtBot, till: Till) -> None:
    with till.uow() as uow:
        ledger_link.connect(uow.session, "http://127.0.0.1:9")  # nothing listens there
        uow.commit()
    save_token(till, "a-token")
    ctx = app_context(till, None, CASHIER)
    member_id = member(till)
    try:
        screen = open_screen(qtbot, ctx)
        find_member(qtbot, ctx, screen)
        said = claim_message(qtbot, ctx, screen, "HOTPOT")
        assert said.startswith("Nothing was taken: claiming a code needs the central ledger, and it cannot be "
                               "reached now")
        assert said.endswith("Try again when the terminal is online.")
        assert screen.more.offer.hasFocus() and screen.more.offer.currentText() == "HOTPOT"
        assert screen.more.offer.count() == 0  # no list of offers without the ledger
        assert balance(till, member_id) == 500
        press(qtbot, Key.Key_Escape)
        assert screen.more.offer.hasFocus() and screen.more.offer.currentText() == ""
        press(qtbot, Key.Key_Escape)
        assert screen.table.hasFocus()
        with till.reading() as uow:
            assert uow.session.scalars(select(CodeClaim)).all() == []
    finally:
        ctx.tasks.shutdown()


def test_a_claim_without_a_ledger_says_there_is_none(qtbot: QtBot, ctx: AppContext) -> None:
    member(ctx.till)
    screen = open_screen(qtbot, ctx)
    find_member(qtbot, ctx, screen)
    said = claim_message(qtbot, ctx, screen, "HOTPOT")
    assert "this terminal is not connected to one: nothing was claimed and no points were taken" in said


def test_a_member_claims_a_partner_code_from_the_ledger(qtbot: QtBot, tmp_path: Path) -> None:
    with ledger_net(tmp_path) as net:
        till = net.store("T1")
        net.connect(till, net.ledger.terminal("m1", "静安店", "T1"))
        offer: dict[str, Any] = {"merchant": "m1", "id": "HOTPOT", "title": "火锅双人餐", "partner": "海底", "points": 100,
                 "starts_at": "2000-01-01T00:00:00+08:00", "ends_at": "2100-01-01T00:00:00+08:00", "codes": ["A1", "A2"]}
        answer = requests.post(net.url + "/v1/mall/offers", json=offer, timeout=10,
                               headers={"Authorization": f"Bearer {net.ledger.admin}"})
        assert answer.status_code < 300, answer.text
        later = {**offer, "id": "SPRING", "starts_at": "2099-01-01T00:00:00+08:00", "codes": ["S1"]}
        assert requests.post(net.url + "/v1/mall/offers", json=later, timeout=10,
                             headers={"Authorization": f"Bearer {net.ledger.admin}"}).status_code < 300
        ctx = app_context(till, None, CASHIER)
        member_id = member(till)
        try:
            screen = open_screen(qtbot, ctx)
            offers = screen.more.offer
            qtbot.waitUntil(lambda: offers.count() == 1)  # SPRING is not open yet
            assert offers.itemText(0) == "HOTPOT · 火锅双人餐 (海底) · 100 points · 2 left"
            find_member(qtbot, ctx, screen)
            press(qtbot, Key.Key_F11)
            press(qtbot, Key.Key_Down)  # the cashier picks it from the ledger's list
            assert offers.currentText() == "HOTPOT · 火锅双人餐 (海底) · 100 points · 2 left"
            press(qtbot, Key.Key_Return)
            settle(qtbot, ctx)
            said = screen.message.text()
            assert said.startswith("Code for HOTPOT: A1 (100 points).") and said.endswith("Balance now 400 points.")
            assert balance(till, member_id) == 400 and offers.currentText() == ""
            qtbot.waitUntil(lambda: offers.itemText(0).endswith("· 1 left"))
            said = claim_message(qtbot, ctx, screen, "HOTPOT")
            assert said.startswith("Nothing was taken:")
            assert said.endswith("Each member may claim one code of an offer.")
            assert balance(till, member_id) == 400
        finally:
            ctx.tasks.shutdown()
            till.close()


HOTPOT = {"id": "HOTPOT", "title": "火锅双人餐", "partner": "海底", "points": 100, "remaining": 2,
          "starts_at": "2000-01-01T00:00:00+08:00", "ends_at": "2100-01-01T00:00:00+08:00"}


def test_an_offer_picked_stays_picked_when_the_list_comes_again(qtbot: QtBot) -> None:
    field = OfferField("offer")
    qtbot.addWidget(field)
    field.show_offers([HOTPOT])
    field.setCurrentIndex(0)
    field.show_offers([{**HOTPOT, "remaining": 1}])  # a claim at another counter meanwhile
    assert field.currentText() == "HOTPOT · 火锅双人餐 (海底) · 100 points · 1 left" and field.offer_id() == "HOTPOT"
    field.setEditText("HOTPOT · 火锅双人餐 (海底) · 100 points · 9 left")  # a list gone stale under it
    assert field.offer_id() == "HOTPOT"
    field.setEditText("SPRING")
    field.show_offers([HOTPOT])
    assert field.currentText() == "SPRING" and field.offer_id() == "SPRING"


class OddLedger:
    """A ledger whose catalog has offers this terminal cannot read."""

    def mall_catalog(self) -> Catalog:
        return Catalog(items=[], stock={}, offers=[
            {**HOTPOT, "id": "NOTITLE", "title": None}, {**HOTPOT, "id": "NOPOINTS", "points": "100"},
            {**HOTPOT, "id": "NODATE", "starts_at": "soon"}, {"id": "BARE"}, HOTPOT])


def test_offers_the_terminal_cannot_read_are_left_out(till: Till) -> None:
    syncer = SimpleNamespace(client=OddLedger())
    assert [offer["id"] for offer in open_offers(till, syncer)] == ["HOTPOT"]  # type: ignore[arg-type]


def test_the_screen_is_in_the_app_on_f6_for_every_role(qtbot: QtBot, ctx: AppContext) -> None:
    from ui.main_window import MainWindow
    from ui.screens.catalog import SCREENS

    window = MainWindow(ctx, SCREENS)
    qtbot.addWidget(window)
    window.show()
    for actor in (CASHIER, MANAGER, OWNER):
        window.logged_in(actor)
        settle(qtbot, ctx)
        gifts = [screen for screen in window.screens if isinstance(screen, GiftsScreen)]
        assert len(gifts) == 1 and gifts[0].key == "F6" and gifts[0].title() == "Gifts"
    buttons = [b.text() for b in window.findChildren(widgets.QPushButton) if b.text().startswith("Gifts")]
    assert buttons == ["Gifts  F6"]
    window.close()
    settle(qtbot, ctx)


def test_a_printer_that_is_off_leaves_the_exchange_and_ctrl_p_prints_it_later(
        qtbot: QtBot, ctx: AppContext, printer: FakePrinter) -> None:
    add(ctx.till, "TEA", 300, stock=3)
    member_id = member(ctx.till)
    screen = open_screen(qtbot, ctx)
    find_member(qtbot, ctx, screen)
    printer.refuse()
    take(qtbot, ctx, screen, "TEA")
    assert exchanges(ctx) == [("TEA", member_id, 300, 0, False)] and stock(ctx, "TEA") == 2
    assert screen.print_note.text().startswith("It is recorded, but the receipt did not print: ")
    assert screen.print_note.text().endswith("Ctrl+P prints it again.")
    printer.accept()
    qtbot.keyClick(screen.table, Key.Key_P, core.Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, ctx)
    assert screen.print_note.text() == "Receipt printed."
    assert f"T1-{_seq_of(ctx)}" in printer.printout().text
    assert len(exchanges(ctx)) == 1  # printing again took nothing more
