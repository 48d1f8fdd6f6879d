"""Phone numbers as a member's is stored (the till and the ledger check it alike) and as receipts, screens and the
ledger's reports show them (138****8000), and the product barcodes a scanner at the counter reads as often as member
codes."""

import re

_MOBILE = re.compile(r"1[3-9][0-9]{9}")


def is_mobile(phone: str) -> bool:
    """A mainland mobile number as a member's is stored: 11 ASCII digits, starting with 13 to 19."""
    return _MOBILE.fullmatch(phone) is not None


def mask_phone(phone: str) -> str:
    return phone[:3] + "****" + phone[-4:] if len(phone) >= 7 else phone


def is_product_barcode(text: str) -> bool:
    """An EAN-8, UPC-A, EAN-13 or GTIN-14 number with a correct GS1 check digit: a scanned product, not a phone."""
    if not (text.isascii() and text.isdigit() and len(text) in (8, 12, 13, 14)):
        return False
    weighted = sum(int(digit) * (3 if position % 2 == 0 else 1) for position, digit in enumerate(reversed(text[:-1])))
    return (10 - weighted % 10) % 10 == int(text[-1])
