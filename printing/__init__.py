"""Receipts and reports on ESC/POS printers: layout with CJK widths, rendering to text, PNG and
ESC/POS bytes, printer connections chosen by URL, and a print queue that never loses or blocks a sale.

The flow is one way: the store gives data (``sources``), builders make a ``Document`` (``receipts``,
``reports``, ``cards``), ``layout`` fits it to a profile's columns, and a renderer turns the lines into
text, a PNG or bytes that a ``Connection`` sends. No Qt here; python-escpos is imported only through
``escpos_lib``.
"""
