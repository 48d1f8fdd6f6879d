"""The words and number formats on paper, in Chinese or English (the shop chooses in config.toml)."""

from typing import Literal

from printing.charset import NARROW_REPLACEMENT, WIDE_REPLACEMENT, Charset, printable_char
from terminal.money import format_fen
from terminal.rules import DEFAULT_CATEGORY_NAMES, DEFAULT_CATEGORY_NAMES_EN

Lang = Literal["zh", "en"]
LANGUAGES: tuple[Lang, ...] = ("zh", "en")

_CATEGORIES = {  # the default rules' categories, by one name each on paper and in the app
    category: (en, DEFAULT_CATEGORY_NAMES[category]) for category, en in DEFAULT_CATEGORY_NAMES_EN.items()}
_PAY = {"cash": ("Cash", "现金"), "card": ("Card", "刷卡")}


def tr(lang: Lang, en: str, zh: str) -> str:
    return zh if lang == "zh" else en


def category_name(lang: Lang, category: str, label: str | None, charset: Charset = "gb18030") -> str:
    """In Chinese, ``label`` (what the shop's rules call the category), else the default categories' names, else
    its id; in English, the default categories' names (as tiers: 金卡 or Gold), else ``label`` when a printer of
    ``charset`` prints it whole (a Chinese label on a printer without Chinese would be ???), else the id."""
    if lang == "zh" or category in _CATEGORIES:
        en, zh = _CATEGORIES.get(category, (category, category))
        return tr(lang, en, label or zh)
    return label if label and prints_whole(label, charset) else category


def prints_whole(text: str, charset: Charset) -> bool:
    """Whether a printer of ``charset`` prints every character of ``text`` (none becomes ? or ？)."""
    missing = (NARROW_REPLACEMENT, WIDE_REPLACEMENT)
    return all(ch in missing or printable_char(ch, charset) not in missing for ch in text)


def shown_category_name(lang: Lang, category: str, label: str | None) -> str:
    """On the app's screens: the default categories as on paper, a merchant's own by the label the rules give it in
    English too (a cashier reads Chinese; a receipt in English has no Chinese, as the printer may have none)."""
    return category_name(lang, category, label) if category in _CATEGORIES else label or category


def pay_name(lang: Lang, method: str) -> str:
    en, zh = _PAY.get(method, (method, method))
    return tr(lang, en, zh)


def tier_name(lang: Lang, name: str, label: str) -> str:
    return tr(lang, name.capitalize(), label)


def money(fen: int) -> str:
    """￥ (U+FFE5) rather than ¥: GBK printers have the full-width sign, not the Latin-1 one."""
    return format_fen(fen, symbol="￥")


def points(n: int) -> str:
    return f"{n:,}"


def signed_points(n: int) -> str:
    return f"{n:+,}"


def copy_mark(lang: Lang) -> str:
    """A reprint's mark, in the paper's language (a printer without Chinese prints English: no 重印 as ??)."""
    return tr(lang, "** COPY **", "** 重印 **")
