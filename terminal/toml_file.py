"""Read a TOML file a person may have edited: Notepad's UTF-8 with a BOM is read as UTF-8; a file in another
encoding (GBK, Notepad's 'ANSI') or with a mistake in it is said in words, in both languages, where it is."""

import re
import tomllib
from pathlib import Path
from typing import Any


class Unreadable(Exception):
    """Why the file's text is not TOML, without its name (the caller says which file): ``en`` and ``zh``."""

    def __init__(self, en: str, zh: str) -> None:
        super().__init__(en)
        self.en, self.zh = en, zh


NOT_UTF8 = ("is not UTF-8: in Notepad use “Save As” and choose the encoding UTF-8",
            "不是 UTF-8 编码：请用记事本“另存为”，编码选 UTF-8")


def read_toml(path: Path) -> dict[str, Any]:
    """The file's tables; OSError as the file system gives it, ``Unreadable`` for what is in it."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Unreadable(*NOT_UTF8) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise Unreadable(f"is not valid TOML ({exc})", f"不是有效的 TOML（{where_zh(str(exc))}格式有误）") from None


def where_zh(toml_error: str) -> str:
    """Where tomllib's English message says the mistake is, in Chinese ("Invalid value (at line 6, column 26)")."""
    found = re.search(r"at line (\d+), column (\d+)", toml_error)
    return f"第 {found[1]} 行第 {found[2]} 列" if found else "文件末尾" if "end of document" in toml_error else ""
