"""The staff roles, as stored, and what the shop calls them in Chinese; the command line's grammar reads them
without loading the store (terminal.services.cashiers works with them)."""

ROLES = ("cashier", "manager", "owner")
ROLE_ZH = {"cashier": "收银员", "manager": "店长", "owner": "店主"}
