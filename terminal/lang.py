"""Pick Chinese or English for messages: the app's setting if it made one; else the process locale, the store's
``[app] language``, Windows' own display language, in that order; English on a console that cannot show Chinese.
And write them to a console that may not hold every character (a Chinese Windows console is GBK)."""

import codecs
import locale
import os
import sys
from functools import cache

_chosen: str | None = None
_store: str | None = None
REPLACE = "jifen.replace"
_FULLWIDTH_YEN = "\uffe5"


def use(language: str | None) -> None:
    """'zh' or 'en' from now on; None: follow the locale again."""
    global _chosen
    _chosen = language


def follow_store(language: str | None) -> None:
    """The store's ``[app] language`` ('zh', 'en'; anything else: none), for when the locale names no language."""
    global _store
    _store = language if language in ("zh", "en") else None


def prefers_chinese() -> bool:
    if _chosen is not None:
        return _chosen == "zh"
    return _asked_for_chinese() and _console_shows_chinese()


def _asked_for_chinese() -> bool:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var)
        if value and not (var in ("LANG", "LANGUAGE") and _no_language(value)):  # LC_ALL=C asks for English
            return value.lower().startswith("zh")
    if _store is not None:
        return _store == "zh"
    return _windows_in_chinese()


def _no_language(locale_name: str) -> bool:
    """C, C.UTF-8 and POSIX as the system's LANG (a server's, a container's, an ssh session's) name an encoding, not
    a language; a script that wants English sets LC_ALL=C."""
    return locale_name.split(".")[0].upper() in ("C", "POSIX")


@cache
def _windows_in_chinese() -> bool:
    """Windows sets no LANG: its display language for this user says it (primary language 0x04 is Chinese)."""
    if sys.platform != "win32":
        return False
    try:
        import ctypes

        return bool(ctypes.windll.kernel32.GetUserDefaultUILanguage() & 0x3FF == 0x04)
    except (AttributeError, OSError):
        return (locale.getlocale()[0] or "").lower().startswith(("zh", "chinese"))


def _console_shows_chinese() -> bool:
    """Chinese on a console that can only show ??? says nothing; English there says it all."""
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None)
        if isinstance(encoding, str) and not _carries(encoding, "积分"):
            return False
    return True


def many(n: int, one: str, more: str) -> str:
    """``1 refund``, ``2 refunds``: an English count with its noun (Chinese has no plural: 1 积分, 2 积分)."""
    return f"{n:,} {one if n == 1 else more}"


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
