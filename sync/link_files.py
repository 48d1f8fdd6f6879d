"""The files a till keeps beside its store for its link to the ledger: the token and the certificate authority
given at connect, and what the last sync left for `sync --status` and the app (whether the ledger answered its
failure, why the ledger's rules could not be read)."""

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from sync.client import LedgerCannotStore, LedgerFailed, LedgerRefused, LinkDown
from terminal.bootstrap import Till
from terminal.errors import Refused
from terminal.lang import say
from terminal.models import LedgerLink

log = logging.getLogger("jifen.sync")
TOKEN_FILE = "ledger.token"
CA_FILE = "ledger-ca.pem"  # the certificate authority given at connect, for a ledger with a private certificate
# Whether the ledger answered the last failed sync (it refused, or this terminal stopped), for `sync --status`: the
# store keeps only the words of the last error.
ANSWERED_FILE = "ledger-answered.json"
# Why the ledger's rules could not be read at the last pull (a newer jifen's rule features), for `sync --status` and
# the app: the till keeps its own rules meanwhile, and says so until a pull finds rules it can read.
RULES_FILE = "ledger-rules-unreadable.json"
# The ledger's refusals of a terminal's token (ledger/api.py terminal_of), as kept for `sync --status`
TOKEN_REFUSALS = {401: "unknown", 403: "revoked"}


def save_token(till: Till, token: str) -> None:
    path = till.home.root / TOKEN_FILE
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(token.strip() + "\n")


def load_token(till: Till) -> str:
    path = till.home.root / TOKEN_FILE
    if not path.exists():
        raise Refused("not_found", "no ledger token: run jifen ledger connect URL", "没有总账令牌：请运行 jifen ledger connect URL")
    return path.read_text(encoding="ascii").strip()


def read_ca(given: str) -> bytes:
    """A certificate authority file given at connect, refused when it cannot be one."""
    try:
        pem = Path(given).read_bytes()
    except OSError as exc:
        raise Refused("bad_input", f"cannot read the certificate authority {given}: {exc.strerror or exc}",
                      f"无法读取证书颁发机构文件 {given}：{exc.strerror or exc}") from None
    if b"-----BEGIN CERTIFICATE-----" not in pem:
        raise Refused("bad_input", f"{given} is not a certificate authority in PEM (-----BEGIN CERTIFICATE-----)",
                      f"{given} 不是 PEM 格式的证书颁发机构文件（-----BEGIN CERTIFICATE-----）")
    return pem


def keep_ca(till: Till, pem: bytes | None) -> None:
    """Keep the certificate authority given at connect with the store (every later sync and the app use it);
    connecting without one goes back to the system's."""
    path = till.home.root / CA_FILE
    if pem is None:
        path.unlink(missing_ok=True)
    else:
        path.write_bytes(pem)


def trust_for(till: Till, url: str | None = None) -> bool | str:
    """What the ledger's certificate is checked against: the authority kept at connect, else the system's.
    With ``url``: the kept one only for the ledger the store is connected to (another may have a public one)."""
    path = till.home.root / CA_FILE
    if not path.exists():
        return True
    if url is not None:
        with till.reading() as uow:
            linked = uow.session.scalar(select(LedgerLink.url).where(LedgerLink.id == 1))
        if linked != url:
            return True
    return str(path)


def keep_answered(root: Path, failure: BaseException | None, error: str | None) -> None:
    """After a sync: whether the ledger answered its failure (``failure``; None: it went through), kept under
    the words recorded for it (``error``: sync.relay.describe). A ledger out of reach, or a TLS peer not trusted,
    did not answer as the ledger; one whose database cannot store anything now did, and one that failed (a 500)."""
    path = root / ANSWERED_FILE
    unreached = ((isinstance(failure, LinkDown) and not isinstance(failure, LedgerCannotStore | LedgerFailed))
                 or (isinstance(failure, LedgerRefused) and failure.status == 0))
    try:
        if failure is None or unreached:
            path.unlink(missing_ok=True)
            return
        refused, refused_zh = failure.reason if isinstance(failure, LedgerRefused) else (None, None)
        cannot_store = failure.reason if isinstance(failure, LedgerCannotStore) else None
        token = TOKEN_REFUSALS.get(failure.status) if isinstance(failure, LedgerRefused) else None
        failed = failure.status if isinstance(failure, LedgerFailed) else None
        path.write_text(json.dumps({"error": error, "refused": refused, "refused_zh": refused_zh,
                                    "cannot_store": cannot_store, "token": token, "failed": failed},
                                   ensure_ascii=False), encoding="utf-8")
    except OSError as problem:  # a read-only store folder: `sync --status` then says offline, as before
        log.warning("cannot keep whether the ledger answered (%s): %s", path, problem)


@dataclass(frozen=True)
class Answered:
    """How the ledger answered the last failed sync, as ``keep_answered`` kept it: ``refused``, its reason when it
    refused (in the reader's language); ``cannot_store``, its code when its database cannot store anything now;
    ``token``, TOKEN_REFUSALS' word when it refused the token; ``failed``, its HTTP status when it failed. All None:
    this terminal stopped though the ledger answered."""

    refused: str | None = None
    cannot_store: str | None = None
    token: str | None = None
    failed: int | None = None


def kept_answered(root: Path, last_error: str | None) -> Answered | None:
    """What ``keep_answered`` kept, if it is about the last error recorded; else None."""
    try:
        kept = json.loads((root / ANSWERED_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(kept, dict) or last_error is None or kept.get("error") != last_error:
        return None
    refused, cannot_store, token, failed = (kept.get(key) for key in ("refused", "cannot_store", "token", "failed"))
    refused_zh = kept.get("refused_zh")  # in the reader's language: the sync may have run in the other one
    return Answered(refused=say(refused, refused_zh if isinstance(refused_zh, str) else refused)
                    if isinstance(refused, str) else None,
                    cannot_store=cannot_store if isinstance(cannot_store, str) else None,
                    token=token if token in TOKEN_REFUSALS.values() else None,
                    failed=failed if isinstance(failed, int) and not isinstance(failed, bool) else None)


def keep_rules_unreadable(root: Path, unreadable: BaseException | None) -> None:
    """After a pull: why the ledger's rules could not be read (None: they could, or were this till's already)."""
    path = root / RULES_FILE
    try:
        if unreadable is None:
            path.unlink(missing_ok=True)
            return
        en, zh = (unreadable.en, unreadable.zh) if isinstance(unreadable, Refused) else (str(unreadable),) * 2
        path.write_text(json.dumps({"en": en, "zh": zh}, ensure_ascii=False), encoding="utf-8")
    except OSError as problem:  # a read-only store folder: the warning in the log is all that is said
        log.warning("cannot keep why the ledger's rules cannot be read (%s): %s", path, problem)


def kept_rules_unreadable(root: Path) -> str | None:
    """Why the ledger's rules could not be read at the last pull, in the reader's language; None when they could."""
    try:
        kept = json.loads((root / RULES_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(kept, dict) or not isinstance(kept.get("en"), str) or not isinstance(kept.get("zh"), str):
        return None
    return say(kept["en"], kept["zh"])
