"""Free text that is printed or shown (a store's or a gift's name, a reason) holds only what can be seen.

A newline or carriage return in it would forge a line of its own on a receipt or a report, an ESC would
reach the printer as a command, and a format character (a right-to-left override) can hide what the text
says: each is refused when the text is given, the way member names are. Text already stored is shown as it is.
"""

import unicodedata

from terminal.errors import Refused

_LINE_BREAKS = "\u2028\u2029"  # separators outside the control category that still start a new line
# Zero-width (non-)joiners shape the characters either side (an emoji sequence like 👩‍💻, a ligature) and
# hide nothing when they sit between two visible characters; alone, leading or doubled they carry nothing.
_JOINERS = "\u200c\u200d"


def _visible(ch: str, unassigned: bool) -> bool:
    category = unicodedata.category(ch)
    if category == "Cn" and not unassigned:  # unassigned here, but a till on a newer Python may know it
        return not _noncharacter(ch)
    return category[0] != "C" and ch not in _LINE_BREAKS


def _noncharacter(ch: str) -> bool:
    """U+FDD0..U+FDEF and the last two code points of each plane: never assigned, in any version of Unicode."""
    point = ord(ch)
    return 0xFDD0 <= point <= 0xFDEF or point & 0xFFFE == 0xFFFE


def has_control_characters(text: str, *, unassigned: bool = True) -> bool:
    """Whether ``text`` holds a control, format, private or unassigned character, or a line separator.

    A zero-width joiner or non-joiner between two visible characters is allowed. With ``unassigned`` false, a
    code point this Python's Unicode has not assigned (but a newer one may have) is taken as visible.
    """
    for i, ch in enumerate(text):
        if _visible(ch, unassigned):
            continue
        if ch in _JOINERS and 0 < i < len(text) - 1 and _visible(text[i - 1], unassigned) \
                and _visible(text[i + 1], unassigned):
            continue
        return True
    return False


def stored_name(name: str) -> str:
    """A name as the store keeps it: Unicode's composed form, no space at either end (an IME often leaves one)."""
    return unicodedata.normalize("NFC", name).strip()


def is_member_name(name: str, *, unassigned: bool = True) -> bool:
    """A member's name as it is stored: 1 to 32 visible characters, in Unicode's composed form, with no space at
    either end.

    The till refuses a code point its Unicode has not assigned; the ledger (``unassigned`` false) takes it, as a
    till on a newer Python stores it (a CJK character of a later extension), and refuses only what no till would
    store on any Python. A text in composed form by a newer Unicode is in it by an older one too.
    """
    return 0 < len(name) <= 32 and name == stored_name(name) \
        and not has_control_characters(name, unassigned=unassigned)


def refuse_control_characters(text: str, what_en: str, what_zh: str) -> None:
    """Refused (bad_input) when ``text`` has a character that cannot be seen; ``what_*`` names the field."""
    if has_control_characters(text):
        raise Refused("bad_input", f"{what_en} cannot hold control characters (a new line, a tab, ESC…): "
                      "give visible characters only",
                      f"{what_zh}不能含控制字符（换行、制表符、ESC 等）：只能用可见字符")
