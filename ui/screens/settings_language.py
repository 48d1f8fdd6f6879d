"""Settings › Language and text size: the system's language, Chinese or English, and the text at 100, 125 or 150 %;
both used from the next start (the screens are laid out for the font they were built with)."""

from dataclasses import replace

from terminal.config import app_text_size
from terminal.errors import Refused
from ui.context import AppContext
from ui.qt import core, gui, widgets
from ui.screens.settings_config import update_config
from ui.screens.settings_text_size import TextSizeChoice
from ui.screens.settings_widgets import (
    message_label,
    tall,
    tell,
    touch_button,
)
from ui.settings import AppSettings, load_app_settings
from ui.widgets.lifetime import Lifetime


class LanguageChoice(widgets.QComboBox):
    def __init__(self, parent: widgets.QWidget | None = None) -> None:
        super().__init__(parent)
        tall(self)
        self.addItem(self.tr("Automatic (the computer's language)"), "auto")
        self.addItem("中文", "zh")  # each language is named in itself, whatever the app's language
        self.addItem("English", "en")

    def choose(self, language: str) -> None:
        self.setCurrentIndex(max(0, self.findData(language)))

    def language(self) -> str:
        return str(self.currentData())


class LanguagePage(widgets.QWidget):
    def __init__(self, ctx: AppContext, parent: widgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._life = Lifetime(self)
        self.choice = LanguageChoice()
        self.choice.choose(ctx.settings.language)
        self.text_size = TextSizeChoice()
        config = ctx.till.home.config
        ctx.tasks.io(lambda: app_text_size(config), self._life.guard(self._text_size_read),
                     self._life.guard(self._text_size_unreadable))
        self.message = message_label()
        tell(self.message, self.tr("A new language or text size is used from the next time the app starts."))
        self.save_button = touch_button(self.tr("&Save"), self.save)
        self.save_button.setEnabled(False)  # until the saved text size is read: Save would write 100 over it
        form = widgets.QFormLayout()
        form.addRow(self.tr("Language"), self.choice)
        form.addRow(self.tr("Text size"), self.text_size)
        column = widgets.QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(self.save_button)
        column.addWidget(self.message)
        column.addStretch()

    def entered(self) -> None:
        self.choice.setFocus()

    def keyPressEvent(self, event: gui.QKeyEvent) -> None:
        if event.key() in (core.Qt.Key.Key_Return, core.Qt.Key.Key_Enter):
            self.save()
        else:
            super().keyPressEvent(event)

    def _text_size_read(self, percent: int) -> None:
        self.text_size.choose(percent)
        self.save_button.setEnabled(True)

    def _text_size_unreadable(self, problem: Refused) -> None:
        self._refused(problem)
        self.save_button.setEnabled(True)  # saving a size chosen here mends it

    def save(self) -> None:
        if not self.save_button.isEnabled():
            return
        config, language, text_size = self.ctx.till.home.config, self.choice.language(), self.text_size.size_percent()

        def write() -> AppSettings:
            update_config(config, "app", {"language": language, "text_size": text_size})
            return load_app_settings(config)

        self.ctx.tasks.io(write, self._life.guard(self._saved), self._life.guard(self._refused))

    def _saved(self, settings: AppSettings) -> None:
        self.ctx.settings = replace(self.ctx.settings, language=settings.language)
        tell(self.message, self.tr("Saved. Close the app and start it again to use the new language and text size."))

    def _refused(self, problem: Refused) -> None:
        tell(self.message, problem.message, True)
