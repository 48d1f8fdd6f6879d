"""Crockford's base32 alphabet, strict: QR alphanumeric mode stores it compactly and keyboard scanners
type it on any layout. Case is ignored (a scanner with Caps Lock on); nothing else is forgiven, so one
altered character never decodes to the same bytes."""

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_VALUE = {char: value for value, upper in enumerate(ALPHABET) for char in {upper, upper.lower()}}


def encoded_length(byte_count: int) -> int:
    return -(-byte_count * 8 // 5)


def encode(data: bytes) -> str:
    bits = len(data) * 8
    pad = encoded_length(len(data)) * 5 - bits
    number = int.from_bytes(data, "big") << pad
    return "".join(ALPHABET[(number >> shift) & 31] for shift in range(encoded_length(len(data)) * 5 - 5, -5, -5))


def decode(text: str, byte_count: int) -> bytes | None:
    """The bytes ``text`` stands for, or None unless it is the one canonical encoding of ``byte_count`` bytes."""
    if len(text) != encoded_length(byte_count):
        return None
    number = 0
    for char in text:
        value = _VALUE.get(char)
        if value is None:
            return None
        number = number << 5 | value
    pad = len(text) * 5 - byte_count * 8
    if number & ((1 << pad) - 1):
        return None
    return (number >> pad).to_bytes(byte_count, "big")

