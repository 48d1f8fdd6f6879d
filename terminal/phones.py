"""A phone number as receipts, screens and the ledger's reports show it: 138****8000."""


def mask_phone(phone: str) -> str:
    return phone[:3] + "****" + phone[-4:] if len(phone) >= 7 else phone
