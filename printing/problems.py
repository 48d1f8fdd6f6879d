"""What can go wrong at the printer, in the cashier's words: a stable code, a message, and a detail."""

from terminal.lang import say

# code → (English, Chinese): what happened and what to do about it.
WORDS: dict[str, tuple[str, str]] = {
    "paper_out": ("printer out of paper — reprint when loaded", "打印机缺纸——装好纸后重印"),
    "cover_open": ("printer cover open — close it, then reprint", "打印机盖未合上——合上后重印"),
    "offline": ("printer offline — check it, then reprint", "打印机离线——检查后重印"),
    "unreachable": ("printer not reachable (switched off or unplugged?) — check it, then reprint",
                    "连接不上打印机（未开机或未连接？）——检查后重印"),
    "timeout": ("printer did not answer in time — check it, then reprint", "打印机无响应——检查后重印"),
    "no_answer": ("printer did not confirm the print — it may have printed: check the paper",
                  "打印机未确认打印——可能已打印，请查看纸张"),
    "bad_printer": ("printer setting is wrong — fix it, then reprint", "打印机设置有误——改正后重印"),
    "no_key": ("the terminal key needed for the receipt code cannot be read", "无法读取生成小票验证码所需的终端密钥"),
    "no_member_code": ("this terminal cannot issue the member code for the card", "本终端无法签发会员卡上的会员码"),
    "gone": ("what this job prints is no longer in the store", "该打印任务对应的记录已不在店内数据中"),
}


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
        return describe(self.code, self.detail)

    def stored(self) -> str:
        """The form kept in ``print_jobs.last_error``: the code, then the detail."""
        return f"{self.code}: {self.detail}" if self.detail else self.code

    def __str__(self) -> str:
        return self.stored()


def describe(code: str, detail: str = "") -> str:
    en, zh = WORDS.get(code, (code, code))
    text = say(en, zh)
    return f"{text} ({detail})" if detail else text


def from_stored(text: str) -> PrintProblem:
    """Read back a problem kept in ``last_error``."""
    code, _, detail = text.partition(": ")
    return PrintProblem(code, detail) if code in WORDS else PrintProblem("bad_printer", text)
