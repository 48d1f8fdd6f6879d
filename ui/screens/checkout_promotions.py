"""The checkout's line naming the promotions of the day (今日促销：双十一 ×2 · 数码狂欢 ×3（限数码产品）), hidden
when none applies. It follows the shop's clock, so it changes at midnight, and the rules in force, saved in
Settings or brought by a sync, while the app runs; an open sale's own day and rules while it keeps them past
midnight or a change of rules, as its points are worked out by them. One line, whatever the rules hold: a list too long for the
screen ends in "…", and the whole of it is in the tooltip (Settings › Rules lists them all)."""

from collections.abc import Callable
from datetime import date

from printing.words import shown_category_name
from terminal.lang import prefers_chinese
from terminal.promotion_words import promotion_text, promotions_on
from terminal.rules import Promotion, RuleSet
from ui.context import AppContext
from ui.qt import core, widgets
from ui.widgets.camera_view import Caption

LOOK_AGAIN_MS = 30_000  # a new day is seen within this of midnight


Priced = Callable[[], tuple[RuleSet, date] | None]  # the open sale's rules and day, None without one


class PromotionsToday(Caption):
    def __init__(self, ctx: AppContext, priced: Priced = lambda: None, parent: widgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.priced = priced
        self.setObjectName("promotions")
        self.setStyleSheet("color: #9a4800;")  # said, not shouted: the sale's own words stay the loudest
        self.timer = core.QTimer(self)
        self.timer.timeout.connect(self.show_today)
        self.timer.start(LOOK_AGAIN_MS)
        ctx.bus.sync.connect(self._synced)  # a sync round may have brought the merchant's new rules
        self.show_today()

    def show_today(self) -> None:
        shop = self.ctx.till.shop
        rules, day = self.priced() or (shop.rules, shop.today())
        text = self.words(rules, promotions_on(rules.promotions, day))
        if text != self.text():
            self.setText(text)
            self.setToolTip(text)
        if not text:
            self.hide()
        elif not self.isWindow():  # not before it is in the checkout: alone, it would be a window of its own
            self.show()

    def words(self, rules: RuleSet, on: list[Promotion]) -> str:
        """The promotions by name and multiplier, with the categories of those limited to some, as the app speaks."""
        if not on:
            return ""
        chinese = prefers_chinese()

        def named(category: str) -> str:
            return shown_category_name("zh" if chinese else "en", category, rules.category_labels.get(category))

        return self.tr("Today's promotions: %1").replace(
            "%1", " · ".join(promotion_text(p, chinese, named, days=False) for p in on))

    def _synced(self, _status: object) -> None:
        self.show_today()
