"""The demo's printer: everything printed goes to the ``file:`` printer as usual (the ESC/POS bytes
in receipts.bin) and, once printed, is also written beside it as a text file, one per document
(receipt-T1-12.txt, refund-T1-13.txt, z-1.txt …), so the receipts can be read in the folder. No Qt."""

import logging
import re
from pathlib import Path

from printing.print_queue import Job
from printing.render_text import to_text
from printing.service import Outcome, Printing
from terminal.bootstrap import Till
from ui.member_card import member_code

log = logging.getLogger("jifen.demo")


def text_file(folder: Path, job: Job) -> Path:
    ref = re.sub(r"[^A-Za-z0-9_.-]", "_", job.ref)
    return folder / f"{job.kind}-{ref}{'-copy' if job.copy else ''}.txt"


class DemoPrinting(Printing):
    def __init__(self, till: Till, printing: Printing, folder: Path) -> None:
        super().__init__(till, printing.settings, member_code=lambda member_id: member_code(till, member_id))
        self.folder = folder

    def attempt(self, job: Job, looked_up: bool = False) -> Outcome:
        outcome = super().attempt(job, looked_up)
        if outcome.printed:
            try:
                document = self.document(job.kind, job.ref, job.copy)
                text_file(self.folder, job).write_text(to_text(self.page(document)), encoding="utf-8")
            except Exception:  # the paper copy is what counts; the text file is a convenience
                log.exception("could not write the text of %s %s", job.kind, job.ref)
        return outcome
