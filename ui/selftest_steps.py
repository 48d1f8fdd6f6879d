"""The self-test's steps, one checkout through the real screens (see ui/selftest.py). Each step
returns what it saw, or raises StepFailed saying what happened instead; the first failure ends the
run, since every later step builds on the ones before."""

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy import select

from terminal.models import Refund, ZRecord
from ui.selftest import Report, StepFailed
from ui.selftest_driver import Bot, Counter, Key
from ui.selftest_store import TestShop, make_test_shop, member_code
from ui.widgets.money import yuan

if TYPE_CHECKING:
    from ui.screens.base import Screen

S = TypeVar("S", bound="Screen")

log = logging.getLogger("jifen.selftest")
WAIT_MS = 20_000


class SelfTest:
    def __init__(self, folder: Path, report: Report) -> None:
        self.folder, self.report = folder, report
        self.shop: TestShop | None = None
        self.counter: Counter | None = None  # once the app is up
        self.sale_id = ""

    # --- running ---------------------------------------------------------------------------------

    def steps(self) -> list[tuple[str, str, Callable[[], str]]]:
        return [
            ("store", "门店", self.make_store),
            ("app", "程序", self.start_app),
            ("login", "登录", self.log_in),
            ("camera scan", "摄像头扫码", self.camera_scan),
            ("earn", "积分预览", self.earn),
            ("redeem", "积分抵扣", self.redeem),
            ("sale", "收款", self.pay_cash),
            ("print", "打印小票", self.printed),
            ("scanner", "扫码枪", self.scanner_sale),
            ("refund", "退款", self.refund),
            ("Z report", "日结报表", self.close_day),
        ]

    def run(self) -> bool:
        ok = True
        try:
            for en, zh, step in self.steps():
                name = self.report.say(en, zh)
                try:
                    seen = step()
                except StepFailed as failed:
                    log.error("step %s failed: %s", en, failed)
                    self.report.line(f"✗ {name}: {failed}")
                    ok = False
                    break
                except Exception as failure:
                    log.exception("step %s broke", en)
                    self.report.line(f"✗ {name}: {type(failure).__name__}: {failure}")
                    ok = False
                    break
                log.info("step %s: %s", en, seen)
                self.report.line(f"✓ {name}: {seen}")
        finally:
            if not self._close() and ok:
                self.report.line("✗ " + self.report.say("closing: the app did not stop cleanly", "退出：程序未能正常关闭"))
                ok = False
        return ok

    def _close(self) -> bool:
        try:
            if self.counter is not None:
                self.counter.close()
            elif self.shop is not None:
                self.shop.till.close()
            return True
        except Exception:
            log.exception("closing the app failed")
            return False

    def _wait(self, condition: Callable[[], object], en: str, zh: str, timeout: int = WAIT_MS) -> None:
        try:
            self.bot.waitUntil(condition, timeout=timeout)
        except TimeoutError:
            raise StepFailed(self.report.say(en, zh) + self.report.say(f" (waited {timeout // 1000} s)",
                                                                      f"（已等待 {timeout // 1000} 秒）")) from None

    def _open(self, kind: type[S], en: str, zh: str) -> S:
        """Press the key of the screen KIND (the EN / ZH screen) and wait until it shows."""
        assert self.counter is not None
        self.counter.open_screen(kind)
        window = self.counter.window
        self._wait(lambda: isinstance(window.current(), kind), f"{kind.key} did not open the {en} screen",
                   f"{kind.key} 未打开{zh}界面")
        screen = window.current()
        assert isinstance(screen, kind)
        return screen

    @property
    def bot(self) -> Bot:
        assert self.counter is not None
        return self.counter.qtbot

    def _say(self, en: str, zh: str) -> str:
        return self.report.say(en, zh)

    # --- the steps -------------------------------------------------------------------------------

    def make_store(self) -> str:
        try:
            self.shop = make_test_shop(self.folder)
        except OSError as problem:
            raise StepFailed(self._say(f"cannot write in {self.folder}: {problem}",
                                       f"无法写入 {self.folder}：{problem}")) from None
        return self._say(f"a throwaway store with staff, 2 members and a file printer in {self.folder}",
                         f"在 {self.folder} 建立了临时门店（员工、2 位会员、文件打印机）")

    def start_app(self) -> str:
        from ui.app import install_translations, start
        from ui.context import build_context
        from ui.main_window import MainWindow
        from ui.qt import widgets
        from ui.selftest_driver import PlainBot
        from ui.tasks import Tasks
        from ui.widgets.scan_filter import ScanFilter

        assert self.shop is not None
        app = widgets.QApplication.instance() or widgets.QApplication(["jifen", "--selftest"])
        assert isinstance(app, widgets.QApplication)
        install_translations(app, "zh" if self.report.chinese else "en")  # the screens speak as the lines do
        ctx = build_context(self.shop.till, Tasks())
        window = start(ctx)  # as `jifen` starts: all screens, the scan filter, sync and the printer watch
        assert isinstance(window, MainWindow)
        scan_filter = window.findChild(ScanFilter)
        if scan_filter is None:
            raise StepFailed(self._say("the keyboard-scanner filter is not installed", "扫码枪过滤器未安装"))
        self.counter = Counter(ctx, window, scan_filter, PlainBot())
        window.activateWindow()
        self._wait(lambda: widgets.QApplication.activeWindow() is window, "the window never became active",
                   "窗口未能激活")
        self._wait(lambda: window.login.who.count() > 0, "the login screen listed no staff", "登录界面没有列出员工")
        return self._say(f"the main window shows the login screen ({app.platformName()} display)",
                         f"主窗口显示登录界面（{app.platformName()} 显示）")

    def log_in(self) -> str:
        from ui.screens.checkout import CheckoutScreen

        counter = self.counter
        assert counter is not None
        counter.log_in("amy", "1111")
        self._wait(lambda: isinstance(counter.window.current(), CheckoutScreen),
                   "amy's PIN did not open the checkout", "输入 amy 的密码后未进入收银界面")
        return self._say("the cashier amy logged in with her PIN; the checkout is showing",
                         "收银员 amy 用密码登录，进入收银界面")

    def camera_scan(self) -> str:
        counter, shop = self.counter, self.shop
        assert counter is not None and shop is not None
        screen = counter.screen
        wanted = shop.members[0]
        self._wait(lambda: screen.draft.member is not None and screen.draft.member.id == wanted,
                   f"the camera did not read the card in {shop.card}; it says: {screen.member.camera.caption.text()}",
                   f"摄像头没有读到 {shop.card} 中的会员码；提示：{screen.member.camera.caption.text()}")
        assert screen.draft.member is not None
        return self._say(f"the camera (file source) read the member card: {screen.draft.member.masked_phone} joined the sale",
                         f"摄像头（图片文件）读到会员码：{screen.draft.member.masked_phone} 加入本单")

    def earn(self) -> str:
        counter = self.counter
        assert counter is not None
        screen = counter.screen
        counter.type("100")
        counter.press(Key.Key_Return)
        counter.press(Key.Key_Down)  # the next category
        counter.type("59.9")
        counter.press(Key.Key_Return)
        self._wait(lambda: len(screen.draft.lines) == 2, f"the two lines were not taken: {screen.message.text()}",
                   f"两行商品未能加入：{screen.message.text()}")
        preview = screen.draft.earn_preview(counter.ctx.till.shop.today())
        if preview.points <= 0:
            raise StepFailed(self._say("the sale would earn no points", "本单预计不产生积分"))
        return self._say(f"2 lines, {yuan(screen.draft.total_fen)}; the preview says {preview.points} points "
                         f"({preview.calculation})",
                         f"2 行商品，共 {yuan(screen.draft.total_fen)}；预计积分 {preview.points}（{preview.calculation}）")

    def redeem(self) -> str:
        counter = self.counter
        assert counter is not None
        screen = counter.screen
        counter.press(Key.Key_F8)
        counter.type("200")
        counter.press(Key.Key_Return)
        self._wait(lambda: screen.draft.redeem_points == 200, f"200 points were not taken: {screen.message.text()}",
                   f"未能抵扣 200 积分：{screen.message.text()}")
        return self._say(f"200 points pay {yuan(screen.draft.redeem_fen)} of the bill",
                         f"200 积分抵扣 {yuan(screen.draft.redeem_fen)}")

    def pay_cash(self) -> str:
        counter = self.counter
        assert counter is not None
        screen = counter.screen
        counter.press(Key.Key_F9)
        counter.press(Key.Key_Return)
        self._wait(lambda: screen.finished and screen.last_sale is not None,
                   f"the sale was not recorded: {screen.message.text()}", f"销售单未能记录：{screen.message.text()}")
        sale = screen.last_sale
        assert sale is not None
        if sale.redeemed_points != 200 or sale.earned_points <= 0:
            raise StepFailed(self._say(f"sale {sale.sale_id} redeemed {sale.redeemed_points} and earned "
                                       f"{sale.earned_points} points", f"销售单 {sale.sale_id} 抵扣 {sale.redeemed_points}、"
                                       f"获得 {sale.earned_points} 积分，与预期不符"))
        self.sale_id = sale.sale_id
        return self._say(f"sale {sale.sale_id} paid {yuan(sale.paid_fen)} in cash, earned {sale.earned_points} points",
                         f"销售单 {sale.sale_id} 现金收款 {yuan(sale.paid_fen)}，获得 {sale.earned_points} 积分")

    def printed(self) -> str:
        counter, shop = self.counter, self.shop
        assert counter is not None and shop is not None
        screen = counter.screen
        self._wait(lambda: screen.print_note.state not in ("", "printing"), "the receipt never finished printing",
                   "小票一直未打印完")
        if screen.print_note.state != "printed":
            raise StepFailed(screen.print_note.text())
        try:
            data = shop.receipts.read_bytes()
        except OSError as problem:
            raise StepFailed(self._say(f"the printer's file {shop.receipts} cannot be read: {problem}",
                                       f"无法读取打印文件 {shop.receipts}：{problem}")) from None
        if self.sale_id.encode() not in data:
            raise StepFailed(self._say(f"{shop.receipts} does not hold sale {self.sale_id}",
                                       f"{shop.receipts} 中没有销售单 {self.sale_id}"))
        self._wait(lambda: screen.receipt.picture is not None and screen.receipt.picture.sale_id == self.sale_id,
                   "the receipt preview did not appear", "小票预览未显示")
        return self._say(f"the receipt went to {shop.receipts} ({len(data):,} bytes) and shows on screen",
                         f"小票已打印到 {shop.receipts}（{len(data):,} 字节），屏幕上有预览")

    def scanner_sale(self) -> str:
        counter, shop = self.counter, self.shop
        assert counter is not None and shop is not None
        screen = counter.screen
        wanted = shop.members[1]
        counter.scan(member_code(shop.till, wanted))  # the whole code within a few ms, then Enter
        self._wait(lambda: screen.draft.member is not None and screen.draft.member.id == wanted,
                   f"the scanned code found no member: {screen.message.text()}", f"扫码未找到会员：{screen.message.text()}")
        first = screen.last_sale
        counter.type("20")
        counter.press(Key.Key_Return)
        counter.press(Key.Key_F10)
        counter.press(Key.Key_Return)
        self._wait(lambda: screen.finished and screen.last_sale is not first,
                   f"the card sale was not recorded: {screen.message.text()}", f"刷卡销售单未能记录：{screen.message.text()}")
        sale = screen.last_sale
        assert sale is not None
        if sale.member is None or sale.member.id != wanted or sale.earned_points <= 0:
            raise StepFailed(self._say(f"sale {sale.sale_id} earned the member nothing", f"销售单 {sale.sale_id} 会员未获积分"))
        return self._say(f"a keyboard-scanner burst found the second member; sale {sale.sale_id} by card earned "
                         f"{sale.earned_points} points", f"扫码枪找到第二位会员；刷卡销售单 {sale.sale_id} 获得 "
                         f"{sale.earned_points} 积分")

    def _approve_as_max(self) -> None:
        from ui.widgets.approval import ApprovalDialog

        counter = self.counter
        assert counter is not None
        dialogs: list[ApprovalDialog] = []

        def asked() -> bool:
            dialogs[:] = [d for d in counter.window.findChildren(ApprovalDialog) if d.isVisible()]
            return bool(dialogs) and dialogs[0].pin.hasFocus() and dialogs[0].who.count() > 0

        self._wait(asked, "no one was asked for a manager's PIN", "没有要求店长输入密码")
        dialog = dialogs[0]
        self._wait(lambda: dialog.who.findData("max") >= 0, "the manager max is not offered to approve",
                   "可授权的人中没有店长 max")
        dialog.who.setCurrentIndex(dialog.who.findData("max"))
        counter.type("2222")
        counter.press(Key.Key_Return)
        self._wait(lambda: not dialog.isVisible(), f"max's PIN was not taken: {dialog.message.text()}",
                   f"店长 max 的密码未被接受：{dialog.message.text()}")

    def refund(self) -> str:
        from ui.screens.refunds import RefundsScreen
        counter, shop = self.counter, self.shop
        assert counter is not None and shop is not None
        screen = self._open(RefundsScreen, "refunds", "退款")
        self._wait(screen.sale_ref.hasFocus, "the sale number field did not take the keys", "销售单号输入框未获得焦点")
        counter.type(self.sale_id)  # at a person's pace: a fast burst would be a scanner's
        counter.press(Key.Key_Return)
        self._wait(lambda: screen.sale is not None and screen.lines.hasFocus(),
                   f"sale {self.sale_id} was not found: {screen.problem.text()}",
                   f"未找到销售单 {self.sale_id}：{screen.problem.text()}")
        counter.press(Key.Key_F7)  # every line
        counter.press(Key.Key_Return)
        self._approve_as_max()
        self._wait(lambda: screen.last_refund is not None, f"the refund was not recorded: {screen.problem.text()}",
                   f"退款未能记录：{screen.problem.text()}")
        done = screen.tr("Refund receipt printed.")
        self._wait(lambda: screen.print_state.text() == done or screen.reprint_button.isVisible(),
                   "the refund receipt never finished printing", "退款小票一直未打印完")
        if screen.print_state.text() != done:
            raise StepFailed(screen.print_state.text())
        with shop.till.reading() as uow:
            refund = uow.session.execute(select(Refund.money_fen, Refund.restored_points)
                                         .where(Refund.sale_id == self.sale_id)).first()
        if refund is None:
            raise StepFailed(self._say("the refund is not in the store", "门店数据中没有这笔退款"))
        return self._say(f"refund {screen.last_refund} of sale {self.sale_id} approved with max's PIN: "
                         f"{yuan(refund.money_fen)} back, {refund.restored_points} points returned; receipt printed",
                         f"销售单 {self.sale_id} 的退款 {screen.last_refund} 经店长 max 输入密码授权：退款金额 "
                         f"{yuan(refund.money_fen)}，退回 {refund.restored_points} 积分；退款小票已打印")

    def close_day(self) -> str:
        from ui.screens.shift import ShiftScreen
        counter, shop = self.counter, self.shop
        assert counter is not None and shop is not None
        screen = self._open(ShiftScreen, "shift", "交班")
        self._wait(lambda: screen.state is not None and counter.ctx.tasks.running == 0,
                   "the shift screen did not load", "交班界面未能加载")
        counter.press(Key.Key_F9)
        self._wait(lambda: screen.confirm_box.isVisible() and screen.yes_button.hasFocus(),
                   "F9 did not ask to close the day", "F9 未询问是否日结")
        counter.press(Key.Key_Return)
        self._approve_as_max()
        self._wait(lambda: screen.last_z is not None, f"the day was not closed: {screen.problem.text()}",
                   f"日结失败：{screen.problem.text()}")
        done = screen.tr("Day closed: Z%1 is written and its report printed.").replace("%1", str(screen.last_z))
        self._wait(lambda: screen.info.text() == done or screen.reprint_button.isVisible(),
                   "the Z report never finished printing", "日结报表一直未打印完")
        if screen.info.text() != done:
            raise StepFailed(screen.problem.text())
        with shop.till.reading() as uow:
            numbers = list(uow.session.scalars(select(ZRecord.number)))
        if numbers != [screen.last_z]:
            raise StepFailed(self._say(f"the store holds Z records {numbers}", f"门店数据中的 Z 记录为 {numbers}"))
        return self._say(f"the day is closed: Z{screen.last_z} written with max's approval and its report printed",
                         f"日结完成：Z{screen.last_z} 已记录（店长 max 授权）并打印")
