"""The central ledger: the book of record for every member's points across stores and merchants."""
