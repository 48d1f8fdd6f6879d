"""How a promotion is said on the command line, in the app and on receipts: its name and multiplier (双十一 ×2),
then when and on what it applies, as `jifen rules show` words it (周六、周日；2026-11-01–2026-11-11；限数码产品)."""

from collections.abc import Callable, Iterable
from datetime import date

from terminal.rules import Promotion, times


def named(promotion: Promotion) -> str:
    return f"{promotion.name} {times(promotion.multiplier)}"


_WEEKDAYS_EN = ("Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays", "Sundays")
_WEEKDAYS_ZH = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


def weekdays_words(weekdays: tuple[int, ...], chinese: bool) -> str:
    """``Mondays, Wednesdays and Fridays``, ``周一、周三、周五`` (1 is Monday, as isoweekday)."""
    if chinese:
        return "、".join(_WEEKDAYS_ZH[d - 1] for d in weekdays)
    names = [_WEEKDAYS_EN[d - 1] for d in weekdays]
    return ", ".join(names) if len(names) < 2 else ", ".join(names[:-1]) + " and " + names[-1]


def days_words(p: Promotion, chinese: bool) -> list[str]:
    """Its weekdays, days of the month and dates, each as a few words; none when it runs every day."""
    when = []
    weekdays = weekdays_words(p.weekdays, chinese)
    days = ("每月" + "、".join(map(str, p.days_of_month)) + "日" if chinese
            else "days " + ", ".join(map(str, p.days_of_month)) + " of the month")
    if p.weekdays and p.days_of_month:
        # Only rules held from before such a promotion was refused have both; it runs on days that are both.
        when.append(f"{days}且逢{weekdays}" if chinese else f"{days} that fall on {weekdays}")
    elif p.weekdays:
        when.append(weekdays)
    elif p.days_of_month:
        when.append(days)
    if p.start and p.start == p.until:
        when.append(str(p.start))
    elif p.start or p.until:
        when.append(f"{p.start or '…'}–{p.until or '…'}")
    return when


def promotion_text(p: Promotion, chinese: bool, category_name: Callable[[str], str] = str, days: bool = True) -> str:
    """``双十一 ×2（2026-11-01–2026-11-11；限数码产品）``; without ``days``, only the categories it is limited to."""
    parts = days_words(p, chinese) if days else []
    if p.categories:
        names = ("、" if chinese else ", ").join(category_name(c) for c in p.categories)
        parts.append(("限" if chinese else "on ") + names)
    if not parts:
        return named(p)
    return named(p) + (f"（{'；'.join(parts)}）" if chinese else f" ({'; '.join(parts)})")


def promotions_on(promotions: Iterable[Promotion], day: date) -> list[Promotion]:
    """Those that raise earning on ``day`` for some category (a ×1 changes nothing)."""
    return [p for p in promotions if p.multiplier > 100 and p.runs_on(day)]


def has_ended(p: Promotion, day: date) -> bool:
    return p.until is not None and p.until < day
