"""Sync between terminals and the central ledger: the wire protocol and the client."""
