"""The pages visitors read, answered from memory (Discourse's anonymous cache): a WSGI
middleware in front of Flask serves a visitor the bytes an earlier visitor's request produced.

A visitor's request is a GET or HEAD with no session cookie, no remember cookie and no
`Authorization` header. Entries are kept per scheme, host, path and query, interface language
(the switcher's cookie, else `Accept-Language`) and content encoding (the one Flask-Compress
would choose; the page is compressed once per encoding, when stored). An entry lives at most
`PAGE_CACHE_TTL` seconds and only until a commit changes what visitors see
(`community/content_changes.py`). Only a 200 answer of a page in `CACHED_ENDPOINTS` to a
visitor, which touched no session and set no cookie, is stored; visitor pages carry no CSRF
token (`templates/base.html`), so nothing in them belongs to one visitor.

What a visitor chooses cannot flush the cache: a request is cached only with the query
arguments its page reads (`QUERY_ARGS`, keyed in a canonical order) and only for the site's
own hosts (`PAGE_CACHE_HOSTS`, else `SERVER_NAME`, else the host of `SITE_URL`, else the first
host whose page this process stored); any other request is served by the app, uncached."""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from flask import Flask, Response, g, request, session
from flask_login import current_user
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header, parse_cookie

from community.content_changes import Generation, install_change_hooks
from community.i18n import LANGUAGES, LOCALE_COOKIE
from config import shared_redis_url

# Search is left out: each query is a page of its own, so an entry is rarely read twice and
# would push out the pages that are.
CACHED_ENDPOINTS = frozenset({
    "home.index", "forums.index", "forums.category", "forums.cluster_forum", "forums.thread",
    "clusters.directory", "clusters.show", "clusters.partners", "clusters.members",
    "profiles.directory", "profiles.show",
})
# The query arguments each cached page reads; a request carrying any other is never stored.
# A directory's `q` is left out (a search, like /search); `page` must be a plain number.
_FILTERS = {"clusters.directory": ("q", "country", "shore", "sector", "label"),
            "profiles.directory": ("q", "country", "language", "expertise", "cluster")}
QUERY_ARGS = {endpoint: frozenset({"page", *_FILTERS.get(endpoint, ())})
              for endpoint in CACHED_ENDPOINTS} | {
    "home.index": frozenset(), "forums.index": frozenset(), "clusters.show": frozenset(),
    "clusters.members": frozenset({"page", "state"})}
ANY_QUERY_ARG = frozenset().union(*QUERY_ARGS.values())
SEARCH_ARG = "q"
PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,5}")
STORABLE = "community.page_cache.storable"  # in the WSGI environ, set by the app's last hook
HIT = ("X-Cache", "hit")
MISS = ("X-Cache", "miss")
MEMO_SIZE = 512  # distinct Accept-Language / Accept-Encoding headers remembered


@dataclass(frozen=True, slots=True)
class Entry:
    generation: int
    expires: float
    status: str
    headers: list[tuple[str, str]]
    body: bytes

    @property
    def size(self) -> int:
        return len(self.body) + sum(len(name) + len(value) for name, value in self.headers)


class Store:
    """Entries by key, the least recently used dropped first beyond `max_bytes`."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.bytes = 0
        self._entries: OrderedDict[tuple, Entry] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: tuple, generation: int, now: float) -> Entry | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry.generation != generation or entry.expires <= now:
                self._drop(key)
                return None
            self._entries.move_to_end(key)
            return entry

    def put(self, key: tuple, entry: Entry) -> None:
        if entry.size > self.max_bytes // 8:  # one huge page must not push out all the others
            return
        with self._lock:
            if key in self._entries:
                self._drop(key)
            self._entries[key] = entry
            self.bytes += entry.size
            while self.bytes > self.max_bytes:
                self._drop(next(iter(self._entries)))

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.bytes = 0

    def _drop(self, key: tuple) -> None:
        self.bytes -= self._entries.pop(key).size


def choose_encoding(header: str, algorithms: tuple[str, ...]) -> str:
    """The encoding of the answer: the client's most wanted of `algorithms` (the server's
    order breaks ties, `*` stands for any), else `identity`."""
    wanted: dict[str, float] = {}
    for part in header.lower().split(","):
        name, _, parameters = part.partition(";")
        quality = 1.0
        parameters = parameters.strip()
        if parameters.startswith("q="):
            try:
                quality = float(parameters[2:])
            except ValueError:
                quality = 0.0
        wanted[name.strip()] = quality
    best, best_quality = "identity", 0.0
    for algorithm in algorithms:
        quality = wanted.get(algorithm, wanted.get("*", 0.0))
        if quality > best_quality:
            best, best_quality = algorithm, quality
    return best


def _memo(cache: dict, key: str, compute: Callable[[str], str]) -> str:
    value = cache.get(key)
    if value is None:
        if len(cache) >= MEMO_SIZE:  # headers are client-chosen: keep the memo bounded
            cache.clear()
        value = cache[key] = compute(key)
    return value


class PageCache:
    """The WSGI middleware; `app.extensions["page_cache"]`."""

    def __init__(self, app: Flask, wsgi_app: Callable) -> None:
        self.app = app
        self.wsgi_app = wsgi_app
        self.config = app.config
        self.store = Store(app.config["PAGE_CACHE_MAX_BYTES"])
        shared = shared_redis_url(app.config["REDIS_URL"], app.config["SOCKETIO_MESSAGE_QUEUE"])
        self.generation = Generation(shared if app.config["PAGE_CACHE_ENABLED"] else None,
                                     app.config["PAGE_CACHE_CHANNEL"])
        self.hosts = site_hosts(app.config)  # empty: the first host stored is the only one
        self.algorithms = tuple(app.config.get("COMPRESS_ALGORITHM") or ("br", "gzip"))
        self._paths: tuple[frozenset[str], tuple[str, ...]] | None = None
        self._languages: dict[str, str] = {}
        self._encodings: dict[str, str] = {}

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        # Off in debug mode too: there templates are read again whenever they change.
        serving = self.config["PAGE_CACHE_ENABLED"] and not self.config["DEBUG"]
        key = self.visitor_key(environ) if serving else None
        generation = self.generation.current() if key is not None else None
        if generation is None:
            return self.wsgi_app(environ, start_response)
        entry = self.store.get(key, generation, time.monotonic())
        if entry is not None:
            start_response(entry.status, [*entry.headers, HIT])
            return [] if environ["REQUEST_METHOD"] == "HEAD" else [entry.body]
        if environ["REQUEST_METHOD"] != "GET":
            return self.wsgi_app(environ, start_response)
        return self._fill(key, generation, environ, start_response)

    def visitor_key(self, environ: dict) -> tuple | None:
        """What tells two visitors' pages apart, or None when this is not a visitor's read."""
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD") \
                or "HTTP_AUTHORIZATION" in environ:
            return None
        path = environ.get("PATH_INFO") or "/"
        exact, prefixes = self._paths or self._cached_paths()
        if path not in exact and not path.startswith(prefixes):
            return None
        host = (environ.get("HTTP_HOST") or "").lower()
        query = canonical_query(environ.get("QUERY_STRING", ""))
        if query is None or (self.hosts and host not in self.hosts):
            return None
        chosen = None
        if cookie_header := environ.get("HTTP_COOKIE"):
            cookies = parse_cookie(cookie_header)
            if self.config["SESSION_COOKIE_NAME"] in cookies or \
                    self.config.get("REMEMBER_COOKIE_NAME", "remember_token") in cookies:
                return None
            chosen = cookies.get(LOCALE_COOKIE)
        locale = chosen if chosen in LANGUAGES else _memo(
            self._languages, environ.get("HTTP_ACCEPT_LANGUAGE", ""), negotiate_language)
        encoding = _memo(self._encodings, environ.get("HTTP_ACCEPT_ENCODING", ""),
                         lambda header: choose_encoding(header, self.algorithms))
        return (environ.get("wsgi.url_scheme"), host, environ.get("SCRIPT_NAME", ""), path,
                query, locale, encoding)

    def _cached_paths(self) -> tuple[frozenset[str], tuple[str, ...]]:
        """The paths of the cached pages, from their routes: exact ones and the fixed start of
        the others (`/threads/`), so other requests skip the cache at once."""
        exact, prefixes = set(), set()
        for rule in self.app.url_map.iter_rules():
            if rule.endpoint in CACHED_ENDPOINTS:
                start = rule.rule.split("<", 1)[0]
                (prefixes if start != rule.rule else exact).add(start)
        self._paths = (frozenset(exact), tuple(sorted(prefixes)))
        return self._paths

    def _fill(self, key: tuple, generation: int, environ: dict,
              start_response: Callable) -> Iterable[bytes]:
        """Run the app for this visitor, with the encoding of the key, and keep the answer if
        it may be shared."""
        encoding = key[-1]
        environ["HTTP_ACCEPT_ENCODING"] = encoding  # Flask-Compress then encodes as keyed
        answer: list = []

        def capture(status: str, headers: list[tuple[str, str]], exc_info=None):
            storable = (exc_info is None and environ.get(STORABLE) is True
                        and status.startswith("200 ")
                        and not any(name.lower() == "set-cookie" for name, _ in headers))
            if storable:  # the server dates each answer: a stored Date would lie
                answer[:] = [status, [(name, value) for name, value in headers
                                      if name.lower() != "date"]]
                headers = [*headers, MISS]
            return start_response(status, headers, exc_info)

        body = self.wsgi_app(environ, capture)
        if not answer:
            return body
        try:
            data = b"".join(body)
        finally:
            if hasattr(body, "close"):
                body.close()
        if not self.hosts:  # nothing configured: the first host stored is the site's
            self.hosts = frozenset({key[1]})
        if key[1] in self.hosts:
            expires = time.monotonic() + self.config["PAGE_CACHE_TTL"]
            self.store.put(key, Entry(generation, expires, answer[0], answer[1], data))
        return [data]


def site_hosts(config: Any) -> frozenset[str]:
    """The hosts whose pages are stored: configured, else the one of SERVER_NAME or SITE_URL."""
    if config.get("PAGE_CACHE_HOSTS"):
        return frozenset(host.lower() for host in config["PAGE_CACHE_HOSTS"])
    host = config.get("SERVER_NAME") or urlsplit(config.get("SITE_URL") or "").netloc
    return frozenset({host.lower()}) if host else frozenset()


def canonical_query(query: str) -> str | None:
    """The query string in one spelling (arguments sorted), or None when no cached page could
    store it: an argument no cached page reads, one given twice, a `page` that is no plain
    number. Visitors can then not make endless keys for one page."""
    if not query:
        return ""
    try:
        pairs = parse_qsl(query, keep_blank_values=True, strict_parsing=True,
                          max_num_fields=len(ANY_QUERY_ARG))
    except ValueError:
        return None
    names = [name for name, _ in pairs]
    if len(set(names)) != len(names) or not ANY_QUERY_ARG.issuperset(names):
        return None
    if any(name == "page" and not PAGE_NUMBER.fullmatch(value) for name, value in pairs):
        return None
    return urlencode(sorted(pairs))


def negotiate_language(header: str) -> str:
    """What `community.i18n.select_locale` picks for a visitor with no cookie."""
    return parse_accept_header(header, LanguageAccept).best_match(LANGUAGES) or "en"


def _mark_storable(response: Response) -> Response:
    """The last answer hook: tell the middleware whether this answer may be shared."""
    if (request.method == "GET" and response.status_code == 200
            and request.endpoint in CACHED_ENDPOINTS and not g.get("page_cache_skip")
            and QUERY_ARGS[request.endpoint].issuperset(request.args)
            and not request.args.get(SEARCH_ARG)
            and current_user.is_anonymous and not session.modified):
        # `is_anonymous`, not `is_authenticated`: the latter reads the member's row again once
        # the action's commit has expired it, a query on every signed-in page
        request.environ[STORABLE] = True
    return response


def member_form(form_class: Callable[[], Any]) -> Any:
    """`form_class()` for a signed-in member, None for a visitor, on a page visitors share:
    making a form puts a CSRF token in the session, and an answer that sets the session cookie
    is never shared."""
    return form_class() if current_user.is_authenticated else None


def skip_page_cache() -> None:
    """Keep this answer out of the cache (a page showing something of this visitor's)."""
    g.page_cache_skip = True


def register_page_cache(app: Flask) -> None:
    """Wrap the Flask app itself, before ProxyFix and Socket.IO wrap it, so the middleware sees
    the scheme and host ProxyFix settles. Its hook is registered first, so it runs last."""
    cache = PageCache(app, app.wsgi_app)
    app.wsgi_app = cache
    app.extensions["page_cache"] = cache
    app.extensions["content_generation"] = cache.generation
    app.after_request(_mark_storable)
    install_change_hooks()
