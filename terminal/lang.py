"""Pick Chinese or English for messages: the app's setting if it made one, else the process locale."""

import os

_chosen: str | None = None


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
