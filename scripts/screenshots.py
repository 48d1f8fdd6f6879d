"""Screenshots of the app's main screens, in Chinese and in English, for the README.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots] [--lang zh en]

Offscreen (no display needed), on a fresh demo store (ui/demo_store.py), the cashier and then the owner logged in,
driven from the keyboard like the self-test. Writes LANG-SCREEN.png (1024×745, scaled from the window at 1100×800) into the folder.
Chinese needs a CJK font installed (Noto Sans CJK SC: apt-get install fonts-noto-cjk)."""

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PIL import Image
from sqlalchemy import select

from terminal.bootstrap import open_till
from terminal.home import Home
from terminal.models import Sale
from ui.app import install_translations, make_application, watch_printer
from ui.context import build_context
from ui.demo_store import CASHIER, OWNER, PINS, build_demo_store
from ui.main_window import MainWindow
from ui.qt import core, widgets
from ui.screens.base import Screen
from ui.screens.catalog import SCREENS
from ui.screens.checkout import CheckoutScreen
from ui.screens.dashboard import DashboardScreen
from ui.screens.members import MembersScreen
from ui.screens.refunds import RefundsScreen
from ui.screens.settings import SettingsScreen
from ui.screens.settings_config import update_config
from ui.screens.shift import ShiftScreen
from ui.selftest_driver import Counter, Key, PlainBot
from ui.tasks import Tasks
from ui.widgets.scan_filter import install_scan_filter

WINDOW = (1100, 800)  # room for the checkout's camera and member panel; saved scaled to SIZE
SIZE = (1024, 745)


def quiet_qt() -> None:
    core.qInstallMessageHandler(lambda *_: None)  # the offscreen platform's notices are not news here


class Shooter:
    def __init__(self, home: Home, out: Path, language: str) -> None:
        self.out, self.language = out, language
        app = widgets.QApplication.instance()
        assert isinstance(app, widgets.QApplication)
        self.app = app
        self.translators = install_translations(app, language)
        self.ctx = build_context(open_till(home), Tasks())
        self.window = MainWindow(self.ctx, SCREENS)
        self.window.resize(*WINDOW)
        self.bot = PlainBot()
        self.counter = Counter(self.ctx, self.window, install_scan_filter(app, self.window.scanned), self.bot)
        self.window.show()
        watch_printer(self.ctx)  # the status bar's printer state, as the app shows it
        self.window.activateWindow()
        self.bot.waitUntil(lambda: widgets.QApplication.activeWindow() is self.window)

    def settle(self, ms: int = 400) -> None:
        self.counter.idle()
        self.bot.wait(ms)
        self.counter.idle()

    def shoot(self, name: str) -> None:
        self.settle()
        path = self.out / f"{self.language}-{name}.png"
        self.window.grab().scaled(*SIZE, mode=core.Qt.TransformationMode.SmoothTransformation).save(str(path), "PNG")
        with Image.open(path) as shot:  # 256 colours are plenty for a form and keep the file small
            small = shot.convert("RGB").quantize(256, method=Image.Quantize.FASTOCTREE)
        small.save(path, optimize=True)
        print(path)

    def go(self, screen: type[Screen]) -> None:
        self.counter.open_screen(screen)
        self.bot.waitUntil(lambda: isinstance(self.window.current(), screen), timeout=10_000)

    def run(self, sale_id: str) -> None:
        window, counter = self.window, self.counter
        self.bot.waitUntil(lambda: window.login.who.count() > 0)
        window.login.who.setCurrentText(CASHIER.name)
        self.shoot("login")
        counter.log_in(CASHIER.name, PINS[CASHIER.name])  # the cashier, whose shift is open
        self.bot.waitUntil(lambda: isinstance(window.current(), CheckoutScreen), timeout=10_000)
        screen = counter.screen
        self.bot.waitUntil(lambda: screen.draft.member is not None, timeout=20_000)  # the camera shows a card
        for number, amount in enumerate(("128", "2599", "45.5")):
            if number:
                counter.press(Key.Key_Down)
            counter.type(amount)  # at a person's pace: a fast burst and Enter is a scanner's
            counter.press(Key.Key_Return)
        counter.press(Key.Key_F8)
        counter.type("300")
        counter.press(Key.Key_Return)
        self.shoot("checkout")
        for _ in range(3):  # back out of the points, then clear the sale: F12 below logs out only from an empty one
            counter.press(Key.Key_Escape)
        self.go(MembersScreen)
        counter.type("13800138000")
        counter.press(Key.Key_Return)
        self.shoot("members")
        self.go(RefundsScreen)
        refunds = window.current()
        assert isinstance(refunds, RefundsScreen)
        counter.type(sale_id)
        counter.press(Key.Key_Return)
        self.bot.waitUntil(lambda: refunds.sale is not None, timeout=10_000)
        counter.press(Key.Key_Space)
        self.shoot("refunds")
        self.go(ShiftScreen)
        self.shoot("shift")
        counter.press(Key.Key_F12)  # log out; the owner sees the dashboard and the settings
        self.bot.waitUntil(lambda: window.current() is None, timeout=10_000)
        counter.log_in(OWNER.name, PINS[OWNER.name])
        self.bot.waitUntil(lambda: window.current() is not None, timeout=10_000)
        self.go(DashboardScreen)
        dashboard = window.current()
        assert isinstance(dashboard, DashboardScreen)
        dashboard.choose("week")
        dashboard.tabs.setCurrentIndex(1)  # the charts
        self.shoot("dashboard")
        self.go(SettingsScreen)
        self.shoot("settings")

    def close(self) -> None:
        self.counter.close()
        for translator in self.translators:
            self.app.removeTranslator(translator)


def main() -> int:
    parser = argparse.ArgumentParser(description="Save screenshots of the app's main screens.")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--lang", nargs="+", choices=("zh", "en"), default=["zh", "en"])
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    quiet_qt()
    make_application([sys.argv[0]], "en")
    with tempfile.TemporaryDirectory(prefix="jifen-shots-") as folder:
        home = Home(Path(folder) / "store")
        demo = build_demo_store(home)
        update_config(home.config, "camera", {"source": f"file:{demo.cards[0].as_posix()}", "decoder": "zxing"})
        till = open_till(home)
        with till.reading() as uow:
            sale_id = uow.session.scalars(select(Sale.id).order_by(Sale.seq.desc()).limit(1)).one()
        till.close()
        for language in args.lang:
            shooter = Shooter(home, args.out, language)
            try:
                shooter.run(sale_id)
            finally:
                shooter.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
