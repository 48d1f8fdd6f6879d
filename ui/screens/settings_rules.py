"""Settings › Rules: the rules in force, and rules.toml to edit. A file with a mistake is refused
with the setting named, and the rules in force stay. A terminal joined to a ledger takes the
merchant's rules from it, so there they are shown but not edited."""

from datetime import date

from printing.words import Lang, shown_category_name, tier_name
from terminal.errors import Refused
from terminal.lang import prefers_chinese
from terminal.promotion_words import has_ended, promotion_text
from terminal.rules import Promotion, RuleSet, decimal, times
from ui.context import AppContext
from ui.qt import core, gui, widgets
from ui.screens.checkout_lines import category_order
from ui.screens.settings_rules_file import (
    check_rules,
    problem_line,
    read_rules_text,
    save_rules,
)
from ui.screens.settings_widgets import message_label, tell, touch_button
from ui.widgets.echo import plain
from ui.widgets.lifetime import Lifetime
from ui.widgets.sentences import sentences


class RulesPage(widgets.QWidget):
    def __init__(self, ctx: AppContext, parent: widgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._life = Lifetime(self)
        self.in_force = widgets.QLabel()
        self.in_force.setWordWrap(True)
        self.in_force.setTextInteractionFlags(core.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.editor = widgets.QPlainTextEdit()
        self.editor.setTabChangesFocus(True)  # Tab moves on to the buttons; TOML needs no tabs
        self.editor.setFont(gui.QFontDatabase.systemFont(gui.QFontDatabase.SystemFont.FixedFont))
        self.message = message_label()
        plain(self.in_force, self.message)
        self.check_button = touch_button(self.tr("Chec&k"), self.check)
        self.save_button = touch_button(self.tr("&Save the rules"), self.save)
        self.reload_button = touch_button(self.tr("&Undo my changes"), self.load)
        save = gui.QShortcut(gui.QKeySequence.StandardKey.Save, self.editor)
        save.activated.connect(self.save)
        buttons = widgets.QHBoxLayout()
        for button in (self.check_button, self.save_button, self.reload_button):
            buttons.addWidget(button)
        buttons.addStretch()
        column = widgets.QVBoxLayout(self)
        column.addWidget(self.in_force)
        column.addWidget(widgets.QLabel(self.tr("rules.toml (Ctrl+S saves):")))
        column.addWidget(self.editor, 1)
        column.addLayout(buttons)
        column.addWidget(self.message)
        self.show_rules(ctx.till.shop.rules)

    @property
    def from_ledger(self) -> bool:
        return self.ctx.syncer is not None

    def entered(self) -> None:
        self.show_rules(self.ctx.till.shop.rules)
        self.load()
        self.editor.setFocus()

    def load(self) -> None:
        till = self.ctx.till
        self.ctx.tasks.io(lambda: read_rules_text(till), self._life.guard(self._loaded), self._life.guard(self._refused))

    def _loaded(self, text: str) -> None:
        self.editor.setPlainText(text)
        ledger = self.from_ledger
        self.editor.setReadOnly(ledger)
        self.save_button.setEnabled(not ledger)
        if ledger:
            tell(self.message, self.tr("This terminal takes its rules from the ledger: change them there, and they "
                                       "arrive here with the next sync."))
        else:
            tell(self.message, self.tr("Edit the rules, then Check or Save. A mistake is pointed out and nothing "
                                       "changes until the file is right."))

    def show_rules(self, rules: RuleSet) -> None:
        lang: Lang = "zh" if prefers_chinese() else "en"  # categories and tiers named as the app speaks: 银卡 or Silver
        labels = rules.category_labels
        categories = ", ".join(f"{shown_category_name(lang, name, labels.get(name))} {decimal(rules.categories[name], 10_000)}"
                               for name in category_order(rules))
        tiers = ", ".join(f"{tier_name(lang, tier.name, tier.label)} ≥ ￥{tier.from_yuan:,} {times(tier.multiplier)}"
                          for tier in rules.tiers)
        lines = [
            self.tr("Rules in force: version %1").replace("%1", rules.version),
            self.tr("Points per yuan of purchase, by category: %1").replace("%1", categories),
            self.tr("%1 points pay ￥1; at most %2% of a bill in points", "", rules.points_per_yuan)
            .replace("%1", str(rules.points_per_yuan))
            .replace("%2", str(rules.max_redeem_percent)),
            self.tr("Sign-up bonus %1, referral bonus %2")
            .replace("%1", self.tr("%1 points", "", rules.signup_bonus).replace("%1", str(rules.signup_bonus)))
            .replace("%2", self.tr("%1 points", "", rules.referral_bonus).replace("%1", str(rules.referral_bonus))),
            self.tr("Tiers: %1").replace("%1", tiers),
            *self._promotion_lines(rules, lang, self.ctx.till.shop.today()),
        ]
        self.in_force.setText("\n".join(lines))

    def _promotion_lines(self, rules: RuleSet, lang: Lang, today: date) -> list[str]:
        """Each promotion with its days and categories, as `jifen rules show` words them: those in force or to come,
        then those that ended, which no sale takes any more."""
        if not rules.promotions:
            return [self.tr("Promotions: %1").replace("%1", self.tr("none"))]
        ended = [p for p in rules.promotions if has_ended(p, today)]
        current = [p for p in rules.promotions if not has_ended(p, today)]
        lines = [self.tr("Promotions in force or to come:")]
        lines += [f"  • {self._promotion(rules, lang, p, today)}" for p in current] or ["  " + self.tr("none")]
        if ended:
            lines.append(self.tr("Ended, no longer applied:"))
            lines += [f"  • {self._promotion(rules, lang, p, today)}" for p in ended]
        return lines

    def _promotion(self, rules: RuleSet, lang: Lang, promotion: Promotion, today: date) -> str:
        def named(category: str) -> str:
            return shown_category_name(lang, category, rules.category_labels.get(category))

        text = promotion_text(promotion, lang == "zh", named)
        if promotion.multiplier > 100 and promotion.runs_on(today):
            return self.tr("%1 · on today").replace("%1", text)
        return text

    def check(self) -> None:
        text = self.editor.toPlainText()
        self.ctx.tasks.io(lambda: check_rules(text), self._life.guard(self._checked), self._life.guard(self._refused))

    def _checked(self, rules: RuleSet) -> None:
        same = rules.version == self.ctx.till.shop.rules.version
        tell(self.message, sentences(self.tr("The rules are correct."), self.tr("They are the rules in force.") if same
                                     else self.tr("Save them to put them in force.")))

    def save(self) -> None:
        if self.from_ledger:
            return
        till, text, me = self.ctx.till, self.editor.toPlainText(), self.ctx.cashier
        if me is None:
            return
        tell(self.message, self.tr("Checking and saving…"))
        self.ctx.tasks.db(lambda: save_rules(till, text, by=me), self._life.guard(self._saved), self._life.guard(self._refused))

    def _saved(self, rules: RuleSet) -> None:
        self.show_rules(rules)
        tell(self.message, self.tr("Saved. These rules are in force from the next sale (version %1).")
             .replace("%1", rules.version))

    def _refused(self, problem: Refused) -> None:
        if self.ctx.ends_session(problem):  # deactivated or demoted since logging in: back to the login, saying why
            return
        if problem.code == "bad_rules":
            tell(self.message, self.tr("Not saved: %1. Correct it and save again; the rules in force stay as they are.")
                 .replace("%1", problem.message), True)
            line = problem_line(problem.message)
            if line is not None:
                block = self.editor.document().findBlockByLineNumber(line - 1)
                cursor = self.editor.textCursor()
                cursor.setPosition(block.position())
                self.editor.setTextCursor(cursor)
        else:
            tell(self.message, problem.message, True)
        self.editor.setFocus()
