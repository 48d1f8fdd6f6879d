"""What can go wrong at the printer, in the cashier's words: a stable code, a message, and a detail.

The detail is what the device or the system said (``tcp://…: Connection refused``): English, and technical.
A Chinese message leaves it out (it stays in the log, and in ``in_full`` for a tooltip); a detail in Chinese
(a refusal's own words, such as a wrong printer setting) is said in both languages."""

import re

from terminal.lang import prefers_chinese, say

# code → (English, Chinese): what happened.
HAPPENED: dict[str, tuple[str, str]] = {
    "paper_out": ("printer out of paper", "打印机缺纸"),
    "cover_open": ("printer cover open", "打印机盖未合上"),
    "offline": ("printer offline", "打印机离线"),
    "unreachable": ("printer not reachable (switched off or unplugged?)", "连接不上打印机（未开机或未连接？）"),
    "timeout": ("printer did not answer in time", "打印机无响应"),
    "no_answer": ("printer did not confirm the print", "打印机未确认打印"),
    "bad_printer": ("printer setting is wrong", "打印机设置有误"),
    "no_key": ("the terminal key needed for the receipt code cannot be read", "无法读取生成小票码所需的终端密钥"),
    "no_member_code": ("this terminal cannot issue the member code for the card", "本终端无法签发会员卡上的会员码"),
    "gone": ("what this job prints is no longer in the store", "该打印任务对应的记录已不在店内数据中"),
    "busy": ("another window or command of this till is printing it now", "本终端的另一个窗口或命令正在打印它"),
}
# code → (English, Chinese): what to do about it.
ADVICE: dict[str, tuple[str, str]] = {
    "paper_out": ("reprint when loaded", "装好纸后重印"),
    "cover_open": ("close it, then reprint", "合上后重印"),
    "offline": ("check it, then reprint", "检查后重印"),
    "unreachable": ("check it, then reprint", "检查后重印"),
    "timeout": ("check it, then reprint", "检查后重印"),
    "no_answer": ("it may have printed: check the paper", "可能已打印，请查看纸张"),
    "bad_printer": ("fix it, then reprint", "改正后重印"),
    "busy": ("check the paper in a moment", "请稍后查看纸张"),
}
# code → (English, Chinese): what to do about the printer when nothing is waiting to print (asked how it is).
CHECK: dict[str, tuple[str, str]] = {
    "paper_out": ("load paper", "请装纸"),
    "cover_open": ("close it", "请合上"),
    "offline": ("check the printer", "请检查打印机"),
    "unreachable": ("check the printer", "请检查打印机"),
    "timeout": ("check the printer", "请检查打印机"),
    "bad_printer": ("fix it", "请改正"),
}
# code → (English, Chinese): a few words for a status bar.
SHORT: dict[str, tuple[str, str]] = {
    "paper_out": ("Printer: out of paper", "打印机：缺纸"),
    "cover_open": ("Printer: cover open", "打印机：盖未合上"),
    "offline": ("Printer: offline", "打印机：离线"),
    "unreachable": ("Printer: not reachable", "打印机：连接不上"),
    "timeout": ("Printer: not answering", "打印机：无响应"),
    "no_answer": ("Printer: print not confirmed", "打印机：未确认打印"),
    "bad_printer": ("Printer: setting wrong", "打印机：设置有误"),
    "no_key": ("Printer: a receipt could not be made", "打印机：有小票无法生成"),
    "no_member_code": ("Printer: a member card could not be made", "打印机：有会员卡无法生成"),
    "gone": ("Printer: a print job lost its record", "打印机：有打印任务记录已不在"),
    "busy": ("Printer: printing", "打印机：正在打印"),
}


def _words(advice: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    return {code: (f"{en} — {advice[code][0]}", f"{zh}——{advice[code][1]}") if code in advice else (en, zh)
            for code, (en, zh) in HAPPENED.items()}


# code → (English, Chinese): what happened, and what to do about it (a print waits: printing it again).
WORDS = _words(ADVICE)
# code → (English, Chinese): what happened, and what to do about the printer (nothing waits).
STATE_WORDS = _words(CHECK)
_CHINESE = re.compile(r"[\u3400-\u9fff]")


class PrintProblem(Exception):
    """A print that did not happen; ``code`` is a key of WORDS, ``detail`` what the device said."""

    def __init__(self, code: str, detail: str = "") -> None:
        if code not in WORDS:
            raise ValueError(f"unknown print problem {code!r}")
        super().__init__(code, detail)
        self.code = code
        self.detail = detail
        self.may_have_printed = False  # the data had started going out: part or all of it may be on the paper

    @property
    def message(self) -> str:
        """What happened and what to do about it."""
        return describe(self.code, self.detail)

    @property
    def about_printer(self) -> str:
        """What happened and what to do about the printer, when no print was asked for (how is the printer?)."""
        return about_printer(self.code, self.detail)

    @property
    def happened(self) -> str:
        """What happened, for a sentence that gives its own advice (Ctrl+P prints it again)."""
        return _with_detail(say(*HAPPENED[self.code]), self.detail)

    @property
    def short(self) -> str:
        return say(*SHORT[self.code])

    @property
    def in_full(self) -> str:
        """The message, with the device's own words on a line of their own: for a tooltip."""
        return f"{describe(self.code)}\n{self.detail}" if self.detail else describe(self.code)

    def stored(self) -> str:
        """The form kept in ``print_jobs.last_error``: the code, then the detail."""
        return f"{self.code}: {self.detail}" if self.detail else self.code

    def __str__(self) -> str:
        return self.stored()


def describe(code: str, detail: str = "") -> str:
    en, zh = WORDS.get(code, (code, code))
    return _with_detail(say(en, zh), detail)


def about_printer(code: str, detail: str = "") -> str:
    en, zh = STATE_WORDS.get(code, (code, code))
    return _with_detail(say(en, zh), detail)


def _with_detail(text: str, detail: str) -> str:
    if not detail or (prefers_chinese() and not _CHINESE.search(detail)):
        return text
    return f"{text}（{detail}）" if prefers_chinese() else f"{text} ({detail})"


def from_stored(text: str) -> PrintProblem:
    """Read back a problem kept in ``last_error``."""
    code, _, detail = text.partition(": ")
    return PrintProblem(code, detail) if code in WORDS else PrintProblem("bad_printer", text)
