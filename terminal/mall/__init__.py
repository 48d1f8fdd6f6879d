"""The points mall (积分商城): what members can take for points, and the rules of taking it.

Pure parts shared with the ledger (through sync.protocol): the catalog item and its checks, and
the signed coupon code. The services that change the store are in terminal.services.mall and
terminal.services.coupons.
"""
