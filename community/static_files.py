"""Static files under content-hashed names, cached by browsers for a year, and sent
precompressed (the .br and .gz files `make vendor` writes) to clients that accept them.

`url_for("static", filename="css/app.css")` gives `/static/css/app.3f2a1b9c.css`: the eight hex
digits are the start of the file's SHA-256, so a release that changes a file changes its
address and no browser keeps a stale copy. Templates need no change."""

from __future__ import annotations

import hashlib
import mimetypes
import os
import re

from flask import (
    Flask,
    Response,
    abort,
    current_app,
    has_app_context,
    request,
    send_from_directory,
)
from werkzeug.security import safe_join

DIGEST_LENGTH = 8
HASHED_NAME = re.compile(r"^(?P<stem>.+)\.(?P<digest>[0-9a-f]{8})(?P<suffix>\.[A-Za-z0-9]+)$")
ONE_YEAR = 365 * 24 * 3600
# (Content-Encoding, file suffix) in order of preference: brotli is the smaller.
PRECOMPRESSED = (("br", ".br"), ("gzip", ".gz"))

# path -> (mtime_ns, size, digest): a file is hashed again only once it has changed.
_digests: dict[str, tuple[int, int, str]] = {}


def file_digest(folder: str, filename: str) -> str | None:
    """The first hex digits of the SHA-256 of `folder/filename`, None if there is no such file
    (or the name leaves the folder)."""
    path = safe_join(folder, filename)
    if path is None:
        return None
    try:
        stat = os.stat(path)
    except OSError:
        return None
    if not os.path.isfile(path):
        return None
    known = _digests.get(path)
    if known and known[:2] == (stat.st_mtime_ns, stat.st_size):
        return known[2]
    with open(path, "rb") as file:
        digest = hashlib.file_digest(file, "sha256").hexdigest()[:DIGEST_LENGTH]
    _digests[path] = (stat.st_mtime_ns, stat.st_size, digest)
    if known and known[2] != digest:
        _pages_link_old_names()
    return digest


def _pages_link_old_names() -> None:
    """A file changed under a running process: stored visitor pages link its old name, which
    is now a 404 (`page_cache.py`)."""
    generation = current_app.extensions.get("content_generation") if has_app_context() else None
    if generation is not None:
        generation.bump()


def hashed_name(folder: str, filename: str) -> str:
    """`css/app.css` -> `css/app.<digest>.css`; the name unchanged for a missing file or one
    without an extension."""
    stem, dot, extension = filename.rpartition(".")
    if not dot or "/" in extension or not stem:
        return filename
    digest = file_digest(folder, filename)
    return f"{stem}.{digest}.{extension}" if digest else filename


def original_name(filename: str) -> tuple[str, str] | None:
    """`css/app.<digest>.css` -> (`css/app.css`, digest); None for a name with no digest."""
    match = HASHED_NAME.match(filename)
    if match is None:
        return None
    return match["stem"] + match["suffix"], match["digest"]


def add_digest(endpoint: str, values: dict) -> None:
    """`url_defaults` hook: every link to a static file carries its content digest."""
    if endpoint == "static" and isinstance(values.get("filename"), str):
        values["filename"] = hashed_name(current_app.static_folder, values["filename"])


def preferred_encoding() -> str | None:
    """The precompressed encoding the client accepts with the highest quality, brotli on a
    tie; None when it accepts neither."""
    accepted = request.accept_encodings
    ranked = [(accepted[name], -rank, name) for rank, (name, _suffix) in enumerate(PRECOMPRESSED)]
    quality, _rank, name = max(ranked)
    return name if quality > 0 else None


def send_static(filename: str, max_age: int | None) -> Response:
    """The file, or its precompressed twin when the client accepts it and the twin is not
    older than the file; a compressible file with no twin is left to Flask-Compress."""
    folder = current_app.static_folder
    mimetype = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    encoding = preferred_encoding()
    suffix = dict(PRECOMPRESSED).get(encoding or "")
    if suffix and is_fresh_twin(folder, filename, filename + suffix):
        response = send_from_directory(folder, filename + suffix, mimetype=mimetype,
                                       max_age=max_age)
        response.headers["Content-Encoding"] = encoding
    else:
        response = send_from_directory(folder, filename, mimetype=mimetype, max_age=max_age)
        compressible = current_app.config.get("COMPRESS_MIMETYPES", ())
        if response.status_code == 200 and mimetype in compressible:
            response.direct_passthrough = False
            response.make_sequence()  # a body in memory, so Flask-Compress compresses it
    response.vary.add("Accept-Encoding")
    return response


def is_fresh_twin(folder: str, filename: str, twin: str) -> bool:
    """True when the precompressed `twin` exists and was written after `filename` changed."""
    original, compressed = safe_join(folder, filename), safe_join(folder, twin)
    try:
        return os.stat(compressed).st_mtime_ns >= os.stat(original).st_mtime_ns
    except (OSError, TypeError):
        return False


def serve_static(filename: str) -> Response:
    """The static view: a hashed name is served for a year (`immutable`: not even a reload
    asks again); a plain name is revalidated on every use; a stale or unknown digest is 404."""
    folder = current_app.static_folder
    hashed = original_name(filename)
    if hashed and file_digest(folder, hashed[0]) == hashed[1]:
        response = send_static(hashed[0], ONE_YEAR)
        response.cache_control.immutable = True
        return response
    if hashed and file_digest(folder, filename) is None:
        abort(404)
    response = send_static(filename, None)
    response.cache_control.no_cache = True
    return response


def register_static_files(app: Flask) -> None:
    """Hashed names in every `url_for("static", ...)`, and the view that serves them."""
    app.url_defaults(add_digest)
    app.view_functions["static"] = serve_static
