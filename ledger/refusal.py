"""The ledger's refusal, in a module of its own: the command line's grammar refuses with it (a mistyped option)
without loading the database layer (ledger.service, which every other module takes it from)."""

from terminal.lang import say


class LedgerRefusal(ValueError):
    """A request the ledger refuses: a stable code and a sentence, nothing changed."""

    def __init__(self, code: str, message: str, status: int = 422, zh: str | None = None) -> None:
        super().__init__(message)
        self.code, self.message, self.status = code, message, status
        self.zh = zh  # the command line's Chinese, when it has one; the API answers in English

    @property
    def said(self) -> str:
        """The sentence in the command line's language (terminal.lang): the Chinese when there is one."""
        return say(self.message, self.zh or self.message)
