"""Free text that is printed or shown (a store's or a gift's name, a reason) holds only what can be seen.

A newline or carriage return in it would forge a line of its own on a receipt or a report, an ESC would
reach the printer as a command, and a format character (a right-to-left override) can hide what the text
says: each is refused when the text is given, the way member names are. Text already stored is shown as it is.
"""

import unicodedata

from terminal.errors import Refused

_LINE_BREAKS = "\u2028\u2029"  # separators outside the control category that still start a new line


def has_control_characters(text: str) -> bool:
    """Whether ``text`` holds a control, format, private or unassigned character, or a line separator."""
    return any(unicodedata.category(ch)[0] == "C" or ch in _LINE_BREAKS for ch in text)


def refuse_control_characters(text: str, what_en: str, what_zh: str) -> None:
    """Refused (bad_input) when ``text`` has a character that cannot be seen; ``what_*`` names the field."""
    if has_control_characters(text):
        raise Refused("bad_input", f"{what_en} cannot hold control characters (a new line, a tab, ESC…): "
                      "give visible characters only",
                      f"{what_zh}不能含控制字符（换行、制表符、ESC 等）：只能用可见字符")
