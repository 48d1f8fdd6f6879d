"""`jifen code claim OFFER --member PHONE|ID|CODE`: claim a partner's redemption code for points (online only)."""

from argparse import Namespace

from terminal.cli import auth
from terminal.cli.registry import CommandLine, Context, Output
from terminal.cli.text import n_points
from terminal.lang import say


def code_claim(args: Namespace, ctx: Context) -> Output:
    from sync.mall import claim_code
    from sync.relay import syncer_for
    from sync.link_files import read_ca

    till = ctx.till()
    by = auth.cashier(till, args)
    if args.ca is not None:
        read_ca(args.ca)
    client = syncer_for(till, args.ca).client
    data = claim_code(till, client, by, args.offer, args.member)
    member, points = data["member"], data["points"]
    assert isinstance(member, dict) and isinstance(points, int)
    return Output(data, say(f"Claimed a code of {data['offer']} for {n_points(points)}: {data['code']}\n"
                            f"  Member {member['id']}: balance {n_points(member['balance'])}",
                            f"已领取 {data['offer']} 的兑换码（使用 {data['points']:,} 积分）：{data['code']}\n"
                            f"  会员 {member['id']}：积分余额 {member['balance']:,}"))


def register(cli: CommandLine) -> None:
    """Adds to the ``code`` group ui.codes_cli made (registered after it)."""
    p = cli.command("code claim", "claim a partner's redemption code (兑换码) for a member's points; needs the ledger online",
                    code_claim)
    p.add_argument("offer", metavar="OFFER")
    p.add_argument("--member", required=True, metavar="PHONE|ID|CODE")
    p.add_argument("--ca", metavar="FILE", help="trust this certificate authority")
