"""The `jifen` command line: everything a cashier or owner can do, on the same service functions."""
