"""Two decoders behind one interface; a missing library is a clear refusal, not a traceback."""

import sys

import cv2
import numpy as np
import pytest
import qrcode  # type: ignore[import-untyped]

from terminal.errors import Refused
from terminal.scan import DECODERS, make_decoder
from terminal.scan.decoders import PyzbarDecoder, ZxingDecoder


def _qr_image(text: str, inverted: bool = False) -> np.ndarray:
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=4, border=4)
    qr.add_data(text)
    image = np.array(qr.make_image().get_image().convert("L"))
    return 255 - image if inverted else image


@pytest.mark.parametrize("name", sorted(DECODERS))
@pytest.mark.parametrize("inverted", [False, True])
def test_each_decoder_reads_dark_on_light_and_light_on_dark(name: str, inverted: bool) -> None:
    assert make_decoder(name).decode(_qr_image("JF1HELLO", inverted)) == ["JF1HELLO"]


@pytest.mark.parametrize("name", sorted(DECODERS))
def test_each_decoder_reads_nothing_from_a_blank_or_non_contiguous_image(name: str) -> None:
    decoder = make_decoder(name)
    assert decoder.decode(np.full((200, 200), 255, np.uint8)) == []
    picture = cv2.copyMakeBorder(_qr_image("JF1SLICE"), 0, 0, 0, 40, cv2.BORDER_CONSTANT, value=255)
    assert decoder.decode(picture[:, ::1][:, :-40]) == ["JF1SLICE"]


@pytest.mark.parametrize("name", sorted(DECODERS))
def test_chinese_text_in_a_qr_code_comes_back_as_text(name: str) -> None:
    assert make_decoder(name).decode(_qr_image("会员 JF1")) == ["会员 JF1"]


def test_the_default_decoder_is_zxing() -> None:
    assert isinstance(make_decoder(), ZxingDecoder)


def test_an_unknown_decoder_is_refused() -> None:
    with pytest.raises(Refused) as refused:
        make_decoder("tesseract")
    assert refused.value.code == "bad_input" and "zxing or pyzbar" in refused.value.en


def test_without_zxing_cpp_the_message_says_how_to_fix_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "zxingcpp", None)  # what a machine without the wheel sees
    with pytest.raises(Refused) as refused:
        make_decoder("zxing")
    assert refused.value.code == "not_found"
    assert "pip install zxing-cpp" in refused.value.en and "--decoder pyzbar" in refused.value.en
    assert isinstance(make_decoder("pyzbar"), PyzbarDecoder)


def test_without_zbar_the_message_says_how_to_fix_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyzbar", None)
    monkeypatch.setitem(sys.modules, "pyzbar.pyzbar", None)
    with pytest.raises(Refused) as refused:
        make_decoder("pyzbar")
    assert refused.value.code == "not_found"
    assert "libzbar0" in refused.value.en and "--decoder zxing" in refused.value.en
    assert "libzbar0" in refused.value.zh
