"""Where and how a receipt's QR code is printed, per printer profile: on a printer that draws QR codes
itself (GS ( k) the code is centred, at the profile's module size, model 2, error correction M, and the
lines after it are back to the left; on one that gets it as a picture (GS v 0) the picture is as wide
as the paper with the code in its middle, at the same module size and error correction."""

import pytest

from printing.profiles import find_profile
from terminal import receipt_code
from terminal.bootstrap import Till
from tests.helpers.escpos_reader import read_escpos
from tests.helpers.store import member, sell
from tests.printing.test_receipt_paper import _keys, paper, printing_for

NATIVE = [("58mm", 5), ("80mm", 6), ("TM-T20II", 6)]
PICTURE = [("POS-5890", 5), ("TH230", 6)]


def test_the_profiles_module_sizes() -> None:
    """A code about 60 % of the paper: 5 dots a module on 384-dot paper, 6 on 576."""
    assert {name: find_profile(name).qr_module_dots for name, _ in NATIVE + PICTURE} == dict(NATIVE + PICTURE)
    assert [find_profile(name).native_qr for name, _ in NATIVE + PICTURE] == [True] * 3 + [False] * 2


@pytest.mark.parametrize(("profile", "module_dots"), NATIVE)
def test_a_native_qr_code_is_centred_at_the_profiles_size_with_error_correction_m(
        till: Till, profile: str, module_dots: int) -> None:
    sale = sell(till, member(till), ("general", 10000))
    out = paper(till, "receipt", sale.sale_id, profile)
    assert out.images == [] and out.qr_native == 1
    (qr,) = out.native_qrs
    assert (qr.align, qr.model, qr.module_dots, qr.level) == ("center", 2, module_dots, "M")
    assert receipt_code.verify(qr.data, _keys(till)).seq == sale.seq
    assert out.lines and {line.align for line in out.lines} == {"left"}  # the text is centred with spaces, if at all


@pytest.mark.parametrize(("profile", "module_dots"), PICTURE)
def test_a_qr_picture_is_centred_on_the_paper_at_the_profiles_size_with_error_correction_m(
        till: Till, profile: str, module_dots: int) -> None:
    sale = sell(till, member(till), ("general", 10000))
    out = paper(till, "receipt", sale.sale_id, profile)
    assert out.qr_native == 0 and out.native_qrs == []
    (picture,) = out.pictures
    assert picture.image.width == find_profile(profile).dots
    left, right = picture.margins
    assert left > 0 and abs(left - right) <= 1, (left, right)  # an odd number of dots to spare: one more on the right
    assert (picture.qr_module_dots, picture.qr_level) == (module_dots, "M")
    (code,) = out.qr_codes
    assert receipt_code.verify(code, _keys(till)).seq == sale.seq
    assert {line.align for line in out.lines} == {"left"}


@pytest.mark.parametrize("profile", ["58mm", "POS-5890"])
def test_every_qr_code_the_till_prints_is_placed_the_same(till: Till, profile: str) -> None:
    """A member card and the test page: the same centring, size and error correction as a receipt."""
    m = member(till)
    p = printing_for(till, profile)
    for kind, ref in (("card", m), ("test", "")):
        out = read_escpos(p.escpos(p.document(kind, ref)))
        assert len(out.qr_codes) == 1, kind
        if p.profile().native_qr:
            (qr,) = out.native_qrs
            assert (qr.align, qr.module_dots, qr.level) == ("center", 5, "M"), kind
        else:
            (picture,) = out.pictures
            left, right = picture.margins
            assert left > 0 and abs(left - right) <= 1, (kind, left, right)
            assert (picture.qr_module_dots, picture.qr_level) == (5, "M"), kind
