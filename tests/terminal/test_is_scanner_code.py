"""is_scanner_code: what checkout and refunds both take for a scanner's code, never for what a cashier typed."""

import pytest

from terminal.codes.recognise import is_scanner_code


@pytest.mark.parametrize("text", ["JF1ABCDEF", "134567890123456789", "https://example.com/x", "6901234567892",
                                  "６９０１２３４５６７８９２"])
def test_a_member_or_payment_code_a_web_address_or_a_products_barcode_is_a_scanners(text: str) -> None:
    assert is_scanner_code(text)


@pytest.mark.parametrize("text", ["13800138000", "T1-42", "42", "6901234567890"])
def test_a_phone_a_sale_number_or_a_bad_barcode_is_not(text: str) -> None:
    assert not is_scanner_code(text)
