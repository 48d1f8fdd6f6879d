"""Option values typed by their id or by the Chinese the shop sees on receipts and in the app
(``--pay 现金``, ``--role 店长``); the id is what is stored."""

from collections.abc import Callable, Mapping

from terminal.errors import Refused
from terminal.money import half_width
from terminal.roles import ROLE_ZH, ROLES

Choice = Callable[[str], str]


def listed_zh(names: Mapping[str, tuple[str, ...]]) -> str:
    """cash（现金）、card（刷卡、银行卡）"""
    return "、".join(f"{key}（{'、'.join(words)}）" for key, words in names.items())


def _choice(what_en: str, what_zh: str, names: Mapping[str, tuple[str, ...]]) -> Choice:
    def choose(text: str) -> str:
        typed = half_width(text).strip()
        for key, words in names.items():
            if typed.casefold() == key or typed in words:
                return key
        raise Refused("bad_input", f"unknown {what_en} '{text}' (known: {', '.join(names)})",
                      f"未知{what_zh}“{text}”（可用：{listed_zh(names)}）")
    return choose


PAY_NAMES = {"cash": ("现金",), "card": ("刷卡", "银行卡")}  # 刷卡 on receipts, 银行卡 in the app
ROLE_NAMES = {role: (ROLE_ZH[role],) for role in ROLES}

pay_method = _choice("way to pay", "支付方式", PAY_NAMES)
role = _choice("role", "角色", ROLE_NAMES)
PAY_METAVAR = "{" + ",".join(PAY_NAMES) + "}"
ROLE_METAVAR = "{" + ",".join(ROLES) + "}"
