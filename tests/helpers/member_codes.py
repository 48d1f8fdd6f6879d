"""Fixed keys for member-code tests: Ed25519 signatures are deterministic, so codes are too."""

from datetime import UTC, datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from terminal.codes import Trust
from terminal.keys import CodeSigner, certify, key_id, raw_public

MERCHANT_KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
TERMINAL_KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(1, 33)))
BY_MERCHANT = CodeSigner("m1", MERCHANT_KEY, key_id(MERCHANT_KEY))
BY_TERMINAL = CodeSigner("m1", TERMINAL_KEY, key_id(MERCHANT_KEY), certify(MERCHANT_KEY, "m1", raw_public(TERMINAL_KEY)))
TRUST = Trust.of("m1", [MERCHANT_KEY.public_key()])
ISSUED = datetime(2026, 3, 1, 2, 0, tzinfo=UTC)
MEMBER = "M0123456789AB"
