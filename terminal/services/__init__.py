"""Services: one function per thing a cashier or owner does, each over a unit of work."""
