"""`jifen demo`: the app on a fresh demo store (ui/demo_store.py) — staff with known PINs, members,
rules, a week of sales — with a ``file:`` printer whose receipts show in the app and land in a folder,
a demo camera holding up member cards (ui/demo_camera.py), and a local ledger on SQLite started
alongside (ui/demo_ledger.py) so sync is visible. The ledger stops when the app closes.

    jifen demo [--home EMPTY_FOLDER] [--lang zh|en] [--no-ledger]

Without a display it says so in one line and points to `jifen --selftest`."""

import argparse
import logging
import os
import signal
import sys
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from terminal.argparse_zh import ChineseHelp, in_chinese
from terminal.errors import Refused
from terminal.home import Home
from terminal.lang import say

if TYPE_CHECKING:
    from ui.demo_ledger import DemoLedger
    from ui.demo_store import DemoStore

log = logging.getLogger("jifen.demo")
HEADLESS_PLATFORMS = ("offscreen", "minimal", "vnc", "eglfs", "linuxfb")


HELP_ZH = {  # the Chinese of the help, shown as `jifen --help` is (terminal/argparse_zh.py)
    "Start the app on a fresh demo store.": "在全新的演示门店上启动程序。",
    "an empty folder for the demo store (default: a new temporary one)": "存放演示门店的空文件夹（默认新建临时文件夹）",
    "the app's language": "程序语言",
    "no local ledger (sync stays off)": "不启动本地总账",
}


class _Parser(ChineseHelp):
    help_zh = HELP_ZH

    def error(self, message: str) -> NoReturn:
        raise Refused("bad_input", f"{message} (see 'jifen demo --help')",
                      f"{in_chinese(message) or '命令参数有误：' + message}（见 jifen demo --help）")


def parser() -> argparse.ArgumentParser:
    p = _Parser(prog="jifen demo", description="Start the app on a fresh demo store.")
    p.add_argument("--home", metavar="DIR", help="an empty folder for the demo store (default: a new temporary one)")
    p.add_argument("--lang", choices=("auto", "zh", "en"), default="auto", help="the app's language")
    p.add_argument("--no-ledger", action="store_true", help="no local ledger (sync stays off)")
    p.add_argument("--quit-after", type=float, metavar="SECONDS", help=argparse.SUPPRESS)  # for tests and scripts
    return p


def has_display() -> bool:
    """False on Linux without X11 or Wayland, unless Qt is told to draw without a screen."""
    if not sys.platform.startswith("linux"):
        return True
    if os.environ.get("QT_QPA_PLATFORM", "").split(":")[0] in HEADLESS_PLATFORMS:
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def no_display(command: str = "jifen demo") -> Refused:
    return Refused("no_display", f"{command} needs a display (DISPLAY and WAYLAND_DISPLAY are not set): run it on the "
                   "desktop, or check the app without one with `jifen --selftest`.",
                   f"{command} 需要图形界面（未设置 DISPLAY 或 WAYLAND_DISPLAY）：请在桌面上运行，"
                   "或用 `jifen --selftest` 在无显示器时检查程序。")


def no_display_line() -> str:
    return no_display().message


def _home(given: str | None) -> tuple[Home, Path]:
    """The demo store, and the folder for the demo's own files (its log and its ledger): beside the
    store in a new temporary folder, or inside the folder given, never beside it."""
    if given is None:
        folder = Path(tempfile.mkdtemp(prefix="jifen-demo-"))
        return Home(folder / "store"), folder
    home = Home(Path(given).expanduser().absolute())
    if home.db.exists():
        raise Refused("already_exists", f"{home.root} already holds a store: the demo makes its own; give an empty "
                      "folder or leave out --home", f"{home.root} 中已有门店数据：演示会新建门店，请指定空文件夹或不加 --home")
    return home, home.root / "demo"


def run_demo(argv: list[str]) -> int:
    try:
        args = parser().parse_args(argv)
    except Refused as refused:
        print(refused.message, file=sys.stderr)
        return 2
    if not has_display():
        print(no_display_line(), file=sys.stderr)
        return 2
    try:
        home, own_files = _home(args.home)
    except Refused as refused:
        print(refused.message, file=sys.stderr)
        return 2
    own_files.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(own_files / "demo.log", encoding="utf-8")
    logging.getLogger().addHandler(handler)
    try:
        return _run(home, own_files, args)
    except Refused as refused:
        print(refused.message, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as failure:  # one line and the log, never a traceback
        log.exception("the demo failed")
        print(say(f"the demo failed: {type(failure).__name__}: {failure} (details in {handler.baseFilename})",
                  f"演示出错：{type(failure).__name__}：{failure}（详情见 {handler.baseFilename}）"), file=sys.stderr)
        return 1
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()


def _run(home: Home, own_files: Path, args: argparse.Namespace) -> int:
    from terminal.services.members import mask_phone
    from ui.demo_camera import write_demo_camera
    from ui.demo_ledger import DemoLedger
    from ui.demo_store import (
        CAMERA_MEMBERS,
        MEMBERS,
        MERCHANT,
        STORE,
        TERMINAL,
        build_demo_store,
    )
    from ui.screens.settings_config import update_config
    from ui.screens.settings_ledger_link import remember_link

    print(say(f"Making the demo store in {home.root} …", f"正在 {home.root} 中创建演示门店……"), flush=True)
    ledger = None if args.no_ledger else DemoLedger(own_files / "ledger", MERCHANT, STORE, TERMINAL)
    ledger_failed: list[Exception] = []

    def start_ledger() -> None:  # alongside the store: the server takes a moment to come up
        try:
            assert ledger is not None
            ledger.start()
        except Exception as failure:  # noqa: BLE001  (said in the summary; the till works offline without it)
            ledger_failed.append(failure)

    starting = threading.Thread(target=start_ledger, name="demo ledger", daemon=True)
    if ledger is not None:
        ledger.prepare()  # here, not on the thread: Alembic migrates one database at a time per process
        starting.start()
    video: list[Path] = []
    filming = threading.Thread(target=lambda: None)

    def film(cards: list[Path]) -> None:  # the camera's video is written while the week of sales is
        nonlocal filming
        shown = [(card, mask_phone(phone)) for card, (phone, _, _) in list(zip(cards, MEMBERS, strict=True))[:CAMERA_MEMBERS]]
        filming = threading.Thread(target=lambda: video.append(write_demo_camera(shown, home.root / "camera" / "demo-camera.mp4")),
                                   name="demo camera", daemon=True)
        filming.start()

    try:
        demo = build_demo_store(home, cards_ready=film)
        filming.join()
        if not video:
            raise Refused("bad_input", "the demo camera's video could not be written", "无法写入演示摄像头视频")
        camera = video[0]
        update_config(home.config, "camera", {"source": f"file:{camera.as_posix()}", "decoder": "zxing"})
        if args.lang != "auto":  # the app and its receipts, Z reports and member cards in that language
            update_config(home.config, "app", {"language": args.lang})
            update_config(home.config, "printer", {"language": args.lang})
        if ledger is not None:
            starting.join()
        if ledger is not None and not ledger_failed:
            from terminal.bootstrap import open_till

            till = open_till(home)
            try:
                remember_link(till, ledger.url, ledger.token)
            finally:
                till.close()
        _tell(demo, camera, ledger, ledger_failed)
        return _app(home, args.quit_after)
    finally:
        if ledger is not None:
            starting.join()
            ledger.stop()
            print(say("The demo ledger is stopped.", "演示总账已停止。"), flush=True)


def _tell(demo: "DemoStore", camera: Path, ledger: "DemoLedger | None", ledger_failed: list[Exception]) -> None:
    from terminal.roles import ROLE_ZH, ROLES
    from ui.demo_store import MEMBERS

    roles = {role: say(role, ROLE_ZH[role]) for role in ROLES}
    lines = ["", say("jifen demo — 静安店, a week of sales behind it", "jifen 演示 — 静安店（已有一周的销售记录）"),
             say("  Log in as (name · PIN):", "  登录（姓名 · 密码）：")]
    lines += [f"    {name} · {pin}   ({roles[role]})" for name, role, pin in demo.staff]
    lines.append(say("  Members (phone · name): ", "  会员（手机号 · 姓名）："))
    lines += [f"    {phone} · {name}" for phone, name, _ in MEMBERS]
    lines.append(say(f"  Member cards (PNG, print or show them): {demo.cards[0].parent}",
                     f"  会员卡（PNG，可打印或展示）：{demo.cards[0].parent}"))
    lines.append(say(f"  Receipts: {demo.receipts} (each as text, and receipts.bin as sent to the printer)",
                     f"  小票：{demo.receipts}（每张一个文字文件；receipts.bin 为发送给打印机的数据）"))
    lines.append(say(f"  Demo camera: a member card every 45 s ({camera})", f"  演示摄像头：每 45 秒出示一张会员卡（{camera}）"))
    if ledger is not None and not ledger_failed:
        lines.append(say(f"  Ledger: {ledger.url} (SQLite {ledger.folder / 'ledger.db'}; log {ledger.log})",
                         f"  总账：{ledger.url}（SQLite {ledger.folder / 'ledger.db'}；日志 {ledger.log}）"))
    elif ledger_failed:
        problem = ledger_failed[0]
        text = problem.message if isinstance(problem, Refused) else f"{type(problem).__name__}: {problem}"
        lines.append(say(f"  Ledger: not started ({text}); the till works offline", f"  总账：未启动（{text}）；终端离线工作"))
    lines.append(say("  Close the window (or Ctrl+C here) to end the demo.", "  关闭窗口（或在此按 Ctrl+C）结束演示。"))
    print("\n".join(lines), flush=True)


def _app(home: Home, quit_after: float | None) -> int:
    from terminal.bootstrap import open_till
    from terminal.clock import Clock
    from ui.app import chosen_language, make_application, start
    from ui.context import build_context
    from ui.demo_printing import DemoPrinting
    from ui.qt import core
    from ui.settings import load_app_settings
    from ui.tasks import Tasks

    app = make_application(sys.argv[:1], chosen_language(load_app_settings(home.config).language))
    ctx = build_context(open_till(home, Clock.from_env()), Tasks())
    ctx.printing = DemoPrinting(ctx.till, ctx.printing, home.root / "receipts")  # a text file of each print too
    window = start(ctx)
    window.setWindowTitle(window.windowTitle() + say(" (demo)", "（演示）"))
    signal.signal(signal.SIGINT, lambda *_: app.quit())  # Ctrl+C in the terminal ends the demo cleanly
    ticker = core.QTimer(window)  # lets Python see the signal while Qt waits for events
    ticker.timeout.connect(lambda: None)
    ticker.start(250)
    if quit_after is not None:
        core.QTimer.singleShot(int(quit_after * 1000), app.quit)
    try:
        return int(app.exec())
    finally:
        window.close()
        ctx.close()
