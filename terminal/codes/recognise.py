"""What a scanned text is when it is not a member code, so the cashier hears something useful: the
customer showed a payment code (付款码) or a web address instead of their member code."""

import re
import unicodedata

from terminal.errors import Refused
from terminal.phones import is_product_barcode

PREFIX = "JF"
# WeChat Pay (10–15) and Alipay (25–30) payment codes: 16 to 24 digits.
_PAYMENT_CODE = re.compile(r"(1[0-5]|2[5-9]|30)[0-9]{14,22}")
_URL = re.compile(r"([a-z][a-z0-9+.-]*://|www\.)", re.IGNORECASE)
_PAYMENT_URL = re.compile(r"(wxp://|https?://(qr\.alipay\.com|payapp\.weixin\.qq\.com|wx\.tenpay\.com))", re.IGNORECASE)


def clean(text: str) -> str:
    """NFKC turns the full-width characters of a Chinese input method into ASCII; ends are trimmed."""
    return unicodedata.normalize("NFKC", text).strip()


def has_member_code_prefix(text: str) -> bool:
    """``JF`` and a format version digit; a receipt's code (``JFR1/…``) is not a member code."""
    cleaned = clean(text)
    return cleaned[:2].upper() == PREFIX and cleaned[2:3].isascii() and cleaned[2:3].isdigit()


def looks_scanned(text: str) -> bool:
    """A member code, or a code a customer shows by mistake (payment code, web address)."""
    cleaned = clean(text)
    return cleaned[:2].upper() == PREFIX or bool(_URL.match(cleaned) or _PAYMENT_CODE.fullmatch(cleaned))


def is_scanner_code(text: str) -> bool:
    """A code a scanner reads: a member code, a payment code or web address, a product's barcode."""
    return looks_scanned(text) or is_product_barcode(clean(text))


def not_a_member_code(text: str) -> Refused:
    cleaned = clean(text)
    if not cleaned:
        return Refused("not_a_member_code", "nothing was read: no member code", "未读到内容，不是会员码")
    if _PAYMENT_CODE.fullmatch(cleaned) or _PAYMENT_URL.match(cleaned):
        return Refused("not_a_member_code", "this is a payment code, not a member code: ask for the member code",
                       "这是付款码，不是会员码：请顾客出示会员码")
    if cleaned[:5].upper() == "JFR1/":
        return Refused("not_a_member_code", "this is a receipt's verification code, not a member code",
                       "这是小票码，不是会员码")
    if _URL.match(cleaned):
        return Refused("not_a_member_code", "this is a web address, not a member code", "这是网址，不是会员码")
    return Refused("not_a_member_code", "this is not a member code", "这不是会员码")
