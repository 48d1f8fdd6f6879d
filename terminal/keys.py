"""Ed25519 keys made at init: the terminal's own pair and, for a standalone shop, the merchant's issuing
pair with a certificate (the merchant's signature over the terminal's public key).

Member codes are signed by the merchant key, or by a terminal key whose certificate they carry, so any
terminal of the merchant verifies any of its codes knowing only the merchant's public key.
"""

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from terminal.errors import Refused

_CERTIFIED = b"jifen terminal key\x00"


def raw_public(key: Ed25519PublicKey | Ed25519PrivateKey) -> bytes:
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(key: Ed25519PublicKey | Ed25519PrivateKey | bytes) -> bytes:
    """Four bytes naming a key in a member code; the signature, not the id, is what is trusted."""
    raw = key if isinstance(key, bytes) else raw_public(key)
    return hashlib.sha256(raw).digest()[:4]


def _write_private(key: Ed25519PrivateKey, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(pem)


def create_key_pair(private_path: Path, public_path: Path) -> str:
    """Write the private key readable by the owner only; return the public key as hex."""
    key = Ed25519PrivateKey.generate()
    _write_private(key, private_path)
    public_hex = raw_public(key).hex()
    public_path.write_text(public_hex + "\n", encoding="ascii")
    return public_hex


def load_private_key(path: Path) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path} is not an Ed25519 key")
    return key


def load_public_key(path: Path) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(bytes.fromhex(path.read_text(encoding="ascii").strip()))


def certificate_message(merchant: str, terminal_public: bytes) -> bytes:
    return _CERTIFIED + merchant.encode() + b"\x00" + terminal_public


def certify(merchant_key: Ed25519PrivateKey, merchant: str, terminal_public: bytes) -> bytes:
    """The merchant's word that ``terminal_public`` belongs to one of its terminals (64 bytes)."""
    return merchant_key.sign(certificate_message(merchant, terminal_public))


def is_certified(merchant_key: Ed25519PublicKey, merchant: str, terminal_public: bytes, certificate: bytes) -> bool:
    try:
        merchant_key.verify(certificate, certificate_message(merchant, terminal_public))
    except InvalidSignature:
        return False
    return True


@dataclass(frozen=True)
class KeyFiles:
    """The files of the keys folder (``home.private_key.parent``)."""

    folder: Path

    @property
    def terminal_private(self) -> Path:
        return self.folder / "terminal.key"

    @property
    def terminal_public(self) -> Path:
        return self.folder / "terminal.pub"

    @property
    def merchant_private(self) -> Path:
        return self.folder / "merchant.key"

    @property
    def merchant_public(self) -> Path:
        return self.folder / "merchant.pub"

    @property
    def certificate(self) -> Path:
        return self.folder / "terminal.cert"


@dataclass(frozen=True)
class MerchantKeys:
    """What init records of a standalone shop's merchant key, as hex."""

    merchant_key: str
    certificate: str


def create_merchant_keys(files: KeyFiles, merchant: str) -> MerchantKeys:
    """A standalone shop is its own merchant: make the issuing pair and certify this terminal's key."""
    merchant_hex = create_key_pair(files.merchant_private, files.merchant_public)
    terminal_public = bytes.fromhex(files.terminal_public.read_text(encoding="ascii").strip())
    certificate = certify(load_private_key(files.merchant_private), merchant, terminal_public).hex()
    files.certificate.write_text(certificate + "\n", encoding="ascii")
    return MerchantKeys(merchant_hex, certificate)


@dataclass(frozen=True)
class CodeSigner:
    """A key that issues member codes: the merchant's own, or a terminal's with its certificate."""

    merchant: str
    key: Ed25519PrivateKey
    merchant_key_id: bytes
    certificate: bytes | None = None  # None when ``key`` is the merchant key

    @property
    def is_merchant_key(self) -> bool:
        return self.certificate is None


def load_code_signer(files: KeyFiles, merchant: str) -> CodeSigner:
    """The merchant key when this terminal holds it, else the terminal key and its certificate."""
    if files.merchant_private.exists():
        key = load_private_key(files.merchant_private)
        return CodeSigner(merchant, key, key_id(key))
    if all(path.exists() for path in (files.certificate, files.terminal_private, files.merchant_public)):
        key = load_private_key(files.terminal_private)
        certificate = bytes.fromhex(files.certificate.read_text(encoding="ascii").strip())
        return CodeSigner(merchant, key, key_id(load_public_key(files.merchant_public)), certificate)
    raise Refused("not_found", "this terminal cannot issue member codes: it holds neither the merchant key nor a "
                  "certificate from the merchant", "本终端无法签发会员码：既没有商户密钥，也没有商户颁发的证书")


def load_coupon_key(files: KeyFiles) -> Ed25519PrivateKey:
    """The merchant key, which signs coupons; refused on a terminal that does not hold it."""
    if not files.merchant_private.exists():
        raise Refused("not_found", "this terminal holds no merchant key to sign coupons with", "本终端没有可签发优惠券的商户密钥")
    return load_private_key(files.merchant_private)
