"""QR codes as pictures, for the PNG preview and for printers without a native QR command."""

import qrcode  # type: ignore[import-untyped]
from PIL import Image
from qrcode.constants import ERROR_CORRECT_M  # type: ignore[import-untyped]


def qr_picture(payload: str, module_dots: int, border_modules: int = 0) -> Image.Image:
    """A black-on-white 1-bit picture with ``module_dots`` dots per module (error correction M, as printed natively)."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=module_dots, border=border_modules)
    code.add_data(payload.encode("utf-8"))
    code.make(fit=True)
    picture: Image.Image = code.make_image(fill_color="black", back_color="white").get_image()
    return picture.convert("1")
