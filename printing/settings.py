"""The ``[printer]`` table of ``config.toml`` in the store folder.

    [printer]
    url = "tcp://192.168.1.50:9100"   # or win32://POS-58 (Windows), usb://0416:5011 (Linux),
                                      # serial:///dev/ttyUSB0?baud=19200, serial://COM3,
                                      # cups://receipts, file:///tmp/receipts.bin
    profile = "80mm"                  # 58mm, 80mm, or a python-escpos model such as TM-T20II
    chinese = "switch"                # FS & before Chinese and FS . after (switch), FS & once (always),
                                      # or a printer without Chinese (none)
    charset = "gbk"                   # the printer's Chinese font: gb2312, gbk or gb18030
    language = "zh"                   # receipts in Chinese (zh) or English (en)
    drawer = false                    # kick the cash drawer open on cash sales
    footer = "谢谢惠顾，欢迎再次光临！"
    confirm = true                    # wait for the printer to answer a status query after printing
    answer_timeout_ms = 1000          # how long to wait for such an answer
    preview_font = ""                 # a CJK font file for PNG previews (else one is looked for)
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, cast

from printing.charset import CHARSETS, Charset
from printing.words import LANGUAGES, Lang
from terminal.config import read_config
from terminal.errors import Refused

ChineseMode = Literal["switch", "always", "none"]
CHINESE_MODES: tuple[ChineseMode, ...] = ("switch", "always", "none")
CONNECT_TIMEOUT_S = 3.0


@dataclass(frozen=True)
class PrinterSettings:
    url: str | None = None
    profile: str = "80mm"
    chinese: ChineseMode = "switch"
    charset: Charset = "gbk"
    language: Lang = "zh"
    drawer: bool = False
    footer: str | None = None
    confirm: bool = True
    answer_timeout_ms: int = 1000
    preview_font: str | None = None

    @property
    def effective_charset(self) -> Charset:
        return "ascii" if self.chinese == "none" else self.charset

    @property
    def paper_language(self) -> Lang:
        """A printer without Chinese prints in English: Chinese words would come out as ``?``."""
        return "en" if self.chinese == "none" else self.language


def _bad(key: str, en: str, zh: str) -> Refused:
    return Refused("bad_printer", f"config.toml: printer.{key} {en}", f"config.toml：printer.{key} {zh}")


def _choice(table: dict[str, Any], key: str, choices: tuple[str, ...], default: str) -> str:
    value = table.get(key, default)
    if value not in choices:
        raise _bad(key, f"must be one of {', '.join(choices)}", f"应为 {'、'.join(choices)} 之一")
    return cast(str, value)


def _text(table: dict[str, Any], key: str, default: str | None, limit: int) -> str | None:
    value = table.get(key, default)
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > limit:
        raise _bad(key, f"must be text of at most {limit} characters", f"应为不超过 {limit} 个字符的文字")
    return value.strip() or default


def _flag(table: dict[str, Any], key: str, default: bool) -> bool:
    value = table.get(key, default)
    if type(value) is not bool:
        raise _bad(key, "must be true or false", "应为 true 或 false")
    return value


def printer_settings(data: dict[str, Any]) -> PrinterSettings:
    """The printer's settings from config.toml's tables, as ``terminal.config.read_config`` gives them (its names
    already checked)."""
    table = data.get("printer", {})
    timeout = table.get("answer_timeout_ms", 1000)
    if type(timeout) is not int or not 50 <= timeout <= 10_000:
        raise _bad("answer_timeout_ms", "must be a whole number from 50 to 10000", "应为 50 到 10000 之间的整数")
    return PrinterSettings(
        url=_text(table, "url", None, 300),
        profile=_text(table, "profile", "80mm", 64) or "80mm",
        chinese=cast(ChineseMode, _choice(table, "chinese", CHINESE_MODES, "switch")),
        charset=cast(Charset, _choice(table, "charset", CHARSETS[1:], "gbk")),
        language=cast(Lang, _choice(table, "language", LANGUAGES, "zh")),
        drawer=_flag(table, "drawer", False),
        footer=_text(table, "footer", None, 200),
        confirm=_flag(table, "confirm", True),
        answer_timeout_ms=timeout,
        preview_font=_text(table, "preview_font", None, 500),
    )


def load_printer_settings(config: Path) -> PrinterSettings:
    try:
        data = read_config(config)
    except Refused as refused:  # a receipt that cannot print for it waits in the queue as a printer problem
        raise Refused("bad_printer", refused.en, refused.zh) from None
    return printer_settings(data)
