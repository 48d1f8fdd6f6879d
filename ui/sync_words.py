"""The app's words for a sync that does not go on though the ledger is not out of reach: a journal found broken, a
ledger that refused this terminal (or revoked it), a sync this terminal stopped, a sync failing on this till (its
store, or a bug); and for the ledger's rules that this till cannot read. The status bar and the sync-health box
(Dashboard, Settings › Ledger) both say them, so that neither calls these "Offline"."""

from sync.relay import STORE_BUSY, STORE_FULL, STORE_UNUSABLE, SyncStatus
from ui.qt import core


def broken(seq: int) -> str:
    """The journal changed after it was written, at entry ``seq``: nothing is sent."""
    return core.QCoreApplication.translate(
        "SyncWords", "Journal broken at entry %1 · nothing is sent · call the owner").replace("%1", str(seq))


def answered(status: SyncStatus) -> str | None:
    """The ledger answered the last sync, which did not go through: its database cannot store anything now, it
    failed (error 500), it refused (its reason), or this terminal stopped; or the sync failed on this till itself. None when it did not answer
    (offline) or the sync went through."""
    translate = core.QCoreApplication.translate
    if status.failing is not None:
        return failing(status.failing)
    if status.cannot_store == "database_full":
        return translate("SyncWords", "Ledger cannot store anything now: its database is full · tell the ledger's operator")
    if status.cannot_store == "database_read_only":
        return translate("SyncWords", "Ledger cannot store anything now: its database takes no writes (read-only disk "
                                      "or standby server) · tell the ledger's operator")
    if status.cannot_store == "busy":
        return translate("SyncWords", "Ledger busy: its database did not answer in time · sales go on; sent at the next "
                                      "sync")
    if status.cannot_store is not None:
        return translate("SyncWords", "Ledger cannot store anything now: its database is unavailable · tell the "
                                      "ledger's operator")
    if status.ledger_failed is not None:
        return translate("SyncWords", "Ledger reached, but it failed (error %1) · tell the ledger's operator").replace(
            "%1", str(status.ledger_failed))
    if status.token_refused == "revoked":
        return translate("SyncWords", "Ledger revoked this terminal: sales since the last sync are not sent · tell the "
                                      "ledger's owner")
    if status.token_refused is not None:  # what it holds is not known: a restored ledger may have lost some
        return translate("SyncWords", "Ledger refused this till's token: what it holds is unknown · connect with a new "
                                      "token")
    if status.refused is not None:
        return translate("SyncWords", "Ledger refused: %1").replace("%1", status.refused)
    if status.stopped:
        return translate("SyncWords", "Sync stopped: see Settings › Ledger")
    return None


def rules_unreadable(status: SyncStatus) -> tuple[str, str] | None:
    """The ledger's rules this till cannot read (a newer jifen's): a few words, and more with the reason. None when
    it reads them."""
    if status.rules_unreadable is None:
        return None
    translate = core.QCoreApplication.translate
    return (translate("SyncWords", "Ledger's rules need a newer jifen: upgrade this till"),
            translate("SyncWords", "The ledger's rules need a newer jifen: upgrade this till; it keeps its current rules "
                                   "until then (%1)").replace("%1", status.rules_unreadable))


def failing(kind: str) -> str:
    """The app's sync failed on this till (sync.relay.FAILING): not offline, and not the ledger's doing."""
    translate = core.QCoreApplication.translate
    if kind == STORE_BUSY:
        return translate("SyncWords", "Sync failing: this till's database is locked by another program")
    if kind == STORE_FULL:
        return translate("SyncWords", "Sync failing: the disk holding this till's database is full")
    if kind == STORE_UNUSABLE:
        return translate("SyncWords", "Sync failing: this till's database cannot be read or written (disk error or "
                                      "damaged file)")
    return translate("SyncWords", "Sync failing: an unexpected error, details in the log")
