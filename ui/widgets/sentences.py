"""Sentences said one after another, as each language writes them: Chinese after 。 with nothing between, English
after "." with a space."""

import unicodedata

from terminal.lang import prefers_chinese

_SENTENCE_ENDS = (".", "。", "!", "！", "?", "？", "…")


def sentences(*parts: str) -> str:
    """Sentences said one after another, each ended (a refusal's words have no full stop): in Chinese with 。 and
    nothing between, in English with "." and a space."""
    said = [part.strip() for part in parts if part.strip()]
    ended = [_ended(part) for part in said[:-1]] + said[-1:]
    return "".join(part + ("" if wide(part[-1]) or index == len(ended) - 1 else " ")
                   for index, part in enumerate(ended))


def _ended(words: str) -> str:
    """Ended as the app's language ends a sentence: an English one naming 张三 still ends with "."."""
    if words.endswith(_SENTENCE_ENDS):
        return words
    return words + ("。" if prefers_chinese() else ".")


def wide(char: str) -> bool:
    """A Chinese character (lines may break between any two): not an arrow such as ↑↓, which stays as typed."""
    return unicodedata.east_asian_width(char) in ("W", "F")
