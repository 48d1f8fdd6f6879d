"""`jifen journal verify` after the entries a restored till left to the ledger were lost by a later restore of the
ledger (a sync found it holding fewer): they are held nowhere, not "by the ledger only", with their receipts'
numbers and the way on, as the sync says; while the ledger holds them, as before. A ledger on SQLite over TCP, real
store files, the command line."""

import pytest

from tests.helpers.cli import Jifen
from tests.sync.test_lost_everywhere import PHONE, Story, story  # noqa: F401  (the fixture)


def test_entries_the_ledger_lost_after_the_till_left_them_to_it_are_held_nowhere(jifen: Jifen, story: Story) -> None:
    first, last, held = story.backed_up + 1, story.synced, story.in_ledger_backup
    before = jifen("journal", "verify")
    assert before.status == 0 and f"entries {first}–{last} are held by the ledger only, not in this store" in before.out

    jifen.ok("sale", "--member", PHONE, "--line", "general:100", by="amy")
    story.restore_ledger()
    assert jifen.refused("sync") == "ledger_refused"

    said = jifen("journal", "verify")
    assert said.status == 0 and "held by the ledger only, not in this store" not in said.out
    assert held == first  # the ledger's backup holds the first of them
    assert (f"; entry {first} is held by the ledger only, and entries {held + 1}–{last} are held nowhere any "
            f"more (a sale among them is numbered T1-{held + 1} to T1-{last} on its receipt): this store carried on "
            f"after entries {first}–{last} on ") in said.out
    assert (f"when a backup was restored, leaving them to the ledger, and a sync since found the ledger holding this "
            f"terminal's entries up to {held} only (it was restored from a backup made before it took them), so nothing "
            "recorded here after them can be sent. To go on: if the ledger's owner has a later backup of the ledger "
            "holding them, restoring it lets this till sync again; else register this till under a new terminal id "
            "and record its sales again there, those among the lost entries from their receipts (jifen sync says "
            "how)\n") in said.out
    gaps = jifen.ok("journal", "verify")["gaps"]
    assert [(gap["from_seq"], gap["to_seq"], gap["lost_from"]) for gap in gaps] == [(first, last, held + 1)]
    zh = jifen("journal", "verify", env={"LANG": "zh_CN.UTF-8"}).out
    assert f"第 {held + 1}–{last} 条记录已无处可寻（其中的销售单在小票上编号为 T1-{held + 1} 至 T1-{last}）" in zh
    assert "只在总账中，不在本店数据中" not in zh


@pytest.mark.parametrize("story", [0], indirect=True)
def test_entries_the_restored_ledger_still_holds_are_held_by_it(jifen: Jifen, story: Story) -> None:
    story.restore_ledger()
    jifen.ok("sync")
    said = jifen("journal", "verify")
    assert said.status == 0 and "held nowhere" not in said.out
    assert f"entries {story.backed_up + 1}–{story.synced} are held by the ledger only, not in this store" in said.out
    assert jifen.ok("journal", "verify")["gaps"][0]["lost_from"] is None
