"""Settings (Ctrl+F9; F7–F11 belong to the screens): for the owner printer, camera and code reader, ledger,
language, rules and staff; a manager sees only the staff, to help cashiers (a forgotten PIN, a lockout).
Each page saves its own part of config.toml (the rest of the file stays as it was), rules.toml, or the store.
Ctrl+Tab and Ctrl+Shift+Tab move between the pages."""

from typing import Protocol

from ui.context import AppContext
from ui.qt import widgets
from ui.screens.base import Screen
from ui.screens.settings_camera import CameraPage
from ui.screens.settings_language import LanguagePage
from ui.screens.settings_ledger import LedgerPage
from ui.screens.settings_printer import PrinterPage
from ui.screens.settings_rules import RulesPage
from ui.screens.settings_staff import StaffPage


class Page(Protocol):
    def entered(self) -> None: ...


class SettingsScreen(Screen):
    key = "Ctrl+F9"
    roles = ("manager", "owner")

    def __init__(self, ctx: AppContext, parent: widgets.QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setWindowTitle(self.tr("Settings"))
        self.tabs = widgets.QTabWidget()
        if ctx.cashier is not None and ctx.cashier.role == "owner":
            self.printer = PrinterPage(ctx)
            self.camera = CameraPage(ctx)
            self.ledger = LedgerPage(ctx)
            self.language = LanguagePage(ctx)
            self.rules = RulesPage(ctx)
            for page, name in ((self.printer, self.tr("&Printer")), (self.camera, self.tr("&Camera")),
                               (self.ledger, self.tr("&Ledger")), (self.language, self.tr("Lan&guage && text size")),
                               (self.rules, self.tr("&Rules"))):
                self.tabs.addTab(page, name)
        self.staff = StaffPage(ctx)
        self.tabs.addTab(self.staff, self.tr("Sta&ff"))
        self.tabs.tabBar().setMinimumHeight(44)
        self.tabs.currentChanged.connect(lambda _: self.entered())
        layout = widgets.QVBoxLayout(self)
        layout.addWidget(self.tabs)

    def page(self) -> Page:
        current = self.tabs.currentWidget()
        assert isinstance(current, PrinterPage | CameraPage | LedgerPage | LanguagePage | RulesPage | StaffPage)
        return current

    def entered(self) -> None:
        self.page().entered()
