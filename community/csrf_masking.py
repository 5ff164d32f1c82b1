"""The CSRF token masked afresh in every page (BREACH): pages are compressed and reflect what a
visitor typed (a search, the path), so a constant secret beside them could be read back from
the compressed sizes. Each copy of the token in an HTML answer is XORed with a random pad (sent
with it); a masked token coming back is unmasked before Flask-WTF checks it."""

from __future__ import annotations

import base64
import binascii
import secrets

from flask import Flask, Response, g, request
from werkzeug.datastructures import ImmutableMultiDict

PREFIX = "m~"  # never the start of a Flask-WTF token (URL-safe base64 of JSON)
FIELD = "csrf_token"
HEADERS = ("HTTP_X_CSRFTOKEN", "HTTP_X_CSRF_TOKEN")


def mask(token: str) -> str:
    raw = token.encode()
    pad = secrets.token_bytes(len(raw))
    masked = bytes(a ^ b for a, b in zip(raw, pad, strict=True))
    return PREFIX + base64.urlsafe_b64encode(pad + masked).decode()


def unmask(value: str) -> str:
    """The token behind a masked value; a value that is not masked as it came (Flask-WTF
    then accepts or refuses it)."""
    if not value.startswith(PREFIX):
        return value
    try:
        data = base64.urlsafe_b64decode(value[len(PREFIX):].encode())
    except (binascii.Error, ValueError):
        return ""
    half = len(data) // 2
    if len(data) % 2:
        return ""
    token = bytes(a ^ b for a, b in zip(data[:half], data[half:], strict=True))
    return token.decode("ascii", "replace")


def _unmask_request() -> None:
    for key in HEADERS:
        if key in request.environ:
            request.environ[key] = unmask(request.environ[key])
    if request.method in ("POST", "PUT", "PATCH", "DELETE") and FIELD in request.form:
        form = request.form.copy()
        form.setlist(FIELD, [unmask(value) for value in form.getlist(FIELD)])
        request.form = ImmutableMultiDict(form)


def _mask_page(response: Response) -> Response:
    token = g.get(FIELD)
    if (not token or response.direct_passthrough or response.is_streamed
            or response.mimetype != "text/html"):
        return response
    parts = response.get_data(as_text=True).split(token)
    if len(parts) > 1:
        response.set_data("".join(
            part if number == 0 else mask(token) + part for number, part in enumerate(parts)))
    return response


def register_unmasking(app: Flask) -> None:
    """Before CSRFProtect is set up, so its check sees the unmasked token."""
    app.before_request(_unmask_request)


def register_masking(app: Flask) -> None:
    """After compression is set up: the last registered answer hook runs first, so pages are
    masked before they are compressed."""
    app.after_request(_mask_page)
