"""Pick Chinese or English for messages: the app's setting if it made one, else the process locale; and write them
to a console that may not hold every character (a Chinese Windows console is GBK)."""

import codecs
import os
import sys

_chosen: str | None = None
REPLACE = "jifen.replace"
_FULLWIDTH_YEN = "\uffe5"


def use(language: str | None) -> None:
    """'zh' or 'en' from now on; None: follow the locale again."""
    global _chosen
    _chosen = language


def prefers_chinese() -> bool:
    if _chosen is not None:
        return _chosen == "zh"
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var)
        if value:
            return value.lower().startswith("zh")
    return False


def say(en: str, zh: str) -> str:
    return zh if prefers_chinese() else en


def _carries(encoding: str, text: str) -> bool:
    try:
        text.encode(encoding)
    except (UnicodeError, LookupError):
        return False
    return True


def _replaced(problem: UnicodeError) -> tuple[str, int]:
    """A character the stream's encoding lacks: ¥ (not in GBK) as ￥ where the encoding has it, anything else as ?."""
    if not isinstance(problem, UnicodeEncodeError):
        raise problem
    yen = _FULLWIDTH_YEN if _carries(problem.encoding, _FULLWIDTH_YEN) else "?"
    lacking = problem.object[problem.start:problem.end]
    return "".join(yen if char == "\xa5" else "?" for char in lacking), problem.end


codecs.register_error(REPLACE, _replaced)


def console_streams() -> None:
    """stdout and stderr never fail on a character their encoding cannot hold (a GBK or ASCII console or file)."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors=REPLACE)
            except (OSError, ValueError):
                pass
