"""What a request body must be sent as: JSON in UTF-8, uncompressed. Anything else is refused with 415 saying so,
before the body is read: parsed regardless, text/plain JSON earned a 422 about dictionaries and a gzip or GBK body
a bare 400."""

from starlette.datastructures import Headers

UNSUPPORTED = "unsupported_media_type"
AS_JSON = "send the body as application/json"
UNCOMPRESSED = "send the body as application/json, uncompressed: the ledger takes no Content-Encoding"
IN_UTF8 = "send the body as application/json in UTF-8 (charset=utf-8, or no charset)"


def media_refusal(headers: Headers) -> str | None:
    """Why a request body of these headers is refused (the 415's message), or None."""
    encoding = headers.get("content-encoding", "").strip().lower()
    if encoding not in ("", "identity"):
        return UNCOMPRESSED
    kind, *params = headers.get("content-type", "").split(";")
    if kind.strip().lower() != "application/json":
        return AS_JSON
    charsets = [value.strip().strip('"').lower() for name, _, value in (p.partition("=") for p in params)
                if name.strip().lower() == "charset"]
    if any(charset not in ("utf-8", "utf8") for charset in charsets):
        return IN_UTF8
    return None
