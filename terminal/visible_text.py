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


def _visible(ch: str) -> bool:
    return unicodedata.category(ch)[0] != "C" and ch not in _LINE_BREAKS


def has_control_characters(text: str) -> bool:
    """Whether ``text`` holds a control, format, private or unassigned character, or a line separator.

    A zero-width joiner or non-joiner between two visible characters is allowed.
    """
    for i, ch in enumerate(text):
        if _visible(ch):
            continue
        if ch in _JOINERS and 0 < i < len(text) - 1 and _visible(text[i - 1]) and _visible(text[i + 1]):
            continue
        return True
    return False


def is_member_name(name: str) -> bool:
    """A member's name as it is stored (the till and the ledger check it alike): 1 to 32 visible characters, in
    Unicode's composed form, with no space at either end."""
    return 0 < len(name) <= 32 and name == unicodedata.normalize("NFC", name).strip() \
        and not has_control_characters(name)


def refuse_control_characters(text: str, what_en: str, what_zh: str) -> None:
    """Refused (bad_input) when ``text`` has a character that cannot be seen; ``what_*`` names the field."""
    if has_control_characters(text):
        raise Refused("bad_input", f"{what_en} cannot hold control characters (a new line, a tab, ESC…): "
                      "give visible characters only",
                      f"{what_zh}不能含控制字符（换行、制表符、ESC 等）：只能用可见字符")
