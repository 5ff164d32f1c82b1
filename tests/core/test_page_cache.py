"""The visitors' page cache: what is served from it, to whom, in which language and encoding,
and what never goes into it."""

from __future__ import annotations

import gzip
import re
from types import SimpleNamespace

import brotli
import pytest
from flask import session
from werkzeug.security import safe_join

from community import page_cache, static_files
from community.page_cache import CACHED_ENDPOINTS, Entry, Store, choose_encoding
from tests.factories import cluster_forum, make_category, make_cluster, make_thread


@pytest.fixture
def config_overrides():
    return {"PAGE_CACHE_ENABLED": True}


@pytest.fixture
def thread(admin, member):
    return make_thread(member, make_category(admin, "General"), "Olive oil exports",
                       "Who ships to **Lyon**?")


def visit(app, path: str, method: str = "GET", cookies: dict | None = None, **headers):
    """A request from a new visitor: a client with no cookies but `cookies`."""
    client = app.test_client()
    for name, value in (cookies or {}).items():
        client.set_cookie(name, value)
    return client.open(path, method=method, headers=headers)


def test_second_visitor_request_is_served_from_the_cache(app, thread, count_queries):
    path = f"/threads/{thread.id}"
    first = visit(app, path)
    with count_queries() as queries:
        second = visit(app, path)
    assert (first.headers["X-Cache"], second.headers["X-Cache"]) == ("miss", "hit")
    assert queries.count == 0, queries.statements
    assert second.data == first.data and "Olive oil exports" in second.get_data(as_text=True)


def visitor_pages(member, thread) -> dict[str, str]:
    cluster = make_cluster(member, "Agrinov")
    cluster_forum(cluster)  # its first reader would make it: a write, so a miss again
    return {
        "home.index": "/", "forums.index": "/forums",
        "forums.category": f"/forums/{thread.category.slug}",
        "forums.cluster_forum": f"/forums/c/{cluster.slug}",
        "forums.thread": f"/threads/{thread.id}", "clusters.directory": "/clusters",
        "clusters.show": f"/clusters/{cluster.slug}",
        "clusters.partners": f"/clusters/{cluster.slug}/partners",
        "clusters.members": f"/clusters/{cluster.slug}/members",
        "profiles.directory": "/members", "profiles.show": f"/u/{member.username}",
    }


@pytest.mark.parametrize("csrf", [False, True])
def test_every_visitor_page_is_stored_and_sets_no_cookie(app, member, thread, csrf):
    app.config["WTF_CSRF_ENABLED"] = csrf
    pages = visitor_pages(member, thread)
    assert set(pages) == CACHED_ENDPOINTS
    for path in pages.values():
        first = visit(app, path)
        assert first.status_code == 200 and "Set-Cookie" not in first.headers, path
        assert visit(app, path).headers.get("X-Cache") == "hit", path


def test_visitor_pages_carry_no_csrf_token(app, thread):
    app.config["WTF_CSRF_ENABLED"] = True
    page = visit(app, f"/threads/{thread.id}").get_data(as_text=True)
    assert "csrf" not in page


def test_search_results_are_not_cached(app, thread):
    visit(app, "/search?q=olive")
    assert "X-Cache" not in visit(app, "/search?q=olive").headers


def test_signed_in_member_never_gets_a_cached_page(app, client, auth, member, thread):
    visit(app, f"/threads/{thread.id}")
    auth.login(member)
    response = client.get(f"/threads/{thread.id}")
    assert "X-Cache" not in response.headers
    assert 'id="reply-form"' in response.get_data(as_text=True)


def test_signed_in_member_never_fills_the_cache(app, client, auth, member, thread):
    auth.login(member)
    client.get(f"/threads/{thread.id}")
    client.get(f"/threads/{thread.id}")
    page = visit(app, f"/threads/{thread.id}")
    assert page.headers["X-Cache"] == "miss" and 'id="reply-form"' not in page.text


@pytest.mark.parametrize(("cookies", "headers"), [
    ({}, {"Authorization": "Bearer nothing"}),
    ({"remember_token": "1|abc"}, {}),
    ({"session": "anything"}, {}),
])
def test_credentials_of_any_kind_skip_the_cache(app, thread, cookies, headers):
    visit(app, f"/threads/{thread.id}")
    response = visit(app, f"/threads/{thread.id}", cookies=cookies, **headers)
    assert "X-Cache" not in response.headers


def test_visitor_with_a_flash_message_sees_it(app, client, auth, member, thread):
    visit(app, "/")
    auth.login(member)
    page = client.post("/logout", follow_redirects=True)
    assert "X-Cache" not in page.headers and "You are signed out" in page.text


def test_french_visitor_never_gets_the_english_page(app, thread):
    visit(app, "/", **{"Accept-Language": "en"})
    french = visit(app, "/", **{"Accept-Language": "fr-FR,fr;q=0.9"})
    assert french.headers["X-Cache"] == "miss" and '<html lang="fr"' in french.text
    again = visit(app, "/", **{"Accept-Language": "fr-CA"})
    assert again.headers["X-Cache"] == "hit" and '<html lang="fr"' in again.text
    assert "Accept-Language" in again.headers["Vary"]


def test_switcher_cookie_beats_accept_language_in_the_cache(app, thread):
    visit(app, "/", **{"Accept-Language": "en"})
    arabic = visit(app, "/", cookies={"locale": "ar"}, **{"Accept-Language": "en"})
    assert arabic.headers["X-Cache"] == "miss" and '<html lang="ar" dir="rtl">' in arabic.text


def test_answer_that_touched_the_session_is_not_stored(app, thread):
    @app.before_request
    def remember_visit():
        session["seen"] = True

    assert "Set-Cookie" in visit(app, "/").headers
    assert "X-Cache" not in visit(app, "/").headers


def test_answer_that_set_a_cookie_is_not_stored(app, thread):
    @app.after_request
    def set_cookie(response):
        response.set_cookie("tracking", "1")
        return response

    first, second = visit(app, "/"), visit(app, "/")
    assert "X-Cache" not in first.headers and "X-Cache" not in second.headers


def test_page_that_opts_out_is_not_stored(app, thread):
    app.before_request(page_cache.skip_page_cache)
    visit(app, "/")
    assert "X-Cache" not in visit(app, "/").headers


def test_missing_page_is_not_stored(app):
    visit(app, "/threads/999")
    response = visit(app, "/threads/999")
    assert response.status_code == 404 and "X-Cache" not in response.headers


def decoded(response) -> bytes:
    """The page, its `<time>` elements left out ("1 s ago" in one render, "2 s ago" in the
    next: each encoding is rendered on its own)."""
    encoding = response.headers.get("Content-Encoding")
    data = response.data
    if encoding == "br":
        data = brotli.decompress(data)
    elif encoding == "gzip":
        data = gzip.decompress(data)
    return re.sub(rb"<time [^>]*>[^<]*</time>", b"", data)


@pytest.mark.parametrize(("accept", "encoding"), [
    ("gzip, deflate, br", "br"), ("gzip", "gzip"), ("", None), ("identity", None),
    ("br;q=0.5, gzip", "gzip"), ("*", "br"), ("br;q=0", None),
])
def test_each_encoding_is_stored_and_served_as_its_own(app, thread, accept, encoding):
    plain = decoded(visit(app, f"/threads/{thread.id}", **{"Accept-Encoding": "identity"}))
    visit(app, f"/threads/{thread.id}", **{"Accept-Encoding": accept})
    hit = visit(app, f"/threads/{thread.id}", **{"Accept-Encoding": accept})
    assert hit.headers["X-Cache"] == "hit"
    assert hit.headers.get("Content-Encoding") == encoding
    assert decoded(hit) == plain and int(hit.headers["Content-Length"]) == len(hit.data)
    assert "Accept-Encoding" in hit.headers["Vary"] and "Date" not in hit.headers


def test_gzip_client_never_gets_brotli_stored_by_another(app, thread):
    visit(app, "/", **{"Accept-Encoding": "br"})
    response = visit(app, "/", **{"Accept-Encoding": "gzip"})
    assert response.headers["X-Cache"] == "miss" and response.headers["Content-Encoding"] == "gzip"


def test_head_is_served_from_the_cache_without_a_body(app, thread):
    full = visit(app, f"/threads/{thread.id}")
    head = visit(app, f"/threads/{thread.id}", method="HEAD")
    assert head.headers["X-Cache"] == "hit" and head.data == b""
    assert head.headers["Content-Length"] == full.headers["Content-Length"]


def test_head_does_not_fill_the_cache(app, thread):
    visit(app, f"/threads/{thread.id}", method="HEAD")
    assert visit(app, f"/threads/{thread.id}").headers["X-Cache"] == "miss"


def test_entry_expires_after_the_ttl(app, thread, monkeypatch):
    visit(app, "/")
    later = page_cache.time.monotonic() + app.config["PAGE_CACHE_TTL"] + 1
    monkeypatch.setattr(page_cache, "time", SimpleNamespace(monotonic=lambda: later))
    assert visit(app, "/").headers["X-Cache"] == "miss"


def test_changed_stylesheet_empties_the_cache_at_the_next_render(app, thread, monkeypatch):
    visit(app, "/")
    stylesheet = safe_join(app.static_folder, "css/app.css")
    monkeypatch.setitem(static_files._digests, stylesheet, (0, 0, "00000000"))  # edited since
    visit(app, "/forums")  # links the stylesheet under its new name
    assert visit(app, "/").headers["X-Cache"] == "miss"


def test_debug_mode_serves_every_page_fresh(app, thread):
    app.config["DEBUG"] = True
    visit(app, "/")
    assert "X-Cache" not in visit(app, "/").headers


def test_disabled_cache_serves_every_page_fresh(app, thread):
    app.config["PAGE_CACHE_ENABLED"] = False
    visit(app, "/")
    assert "X-Cache" not in visit(app, "/").headers


def entry(size: int, generation: int = 1) -> Entry:
    return Entry(generation, expires=100.0, status="200 OK", headers=[], body=b"x" * size)


def test_store_drops_the_least_recently_used_beyond_its_size():
    store = Store(max_bytes=8000)
    for name in "abcdefgh":
        store.put((name,), entry(1000))
    store.get(("a",), 1, now=0.0)
    store.put(("i",), entry(1000))
    kept = [name for name in "abcdefghi" if store.get((name,), 1, now=0.0) is not None]
    assert kept == list("acdefghi") and store.bytes == 8000


def test_store_refuses_an_entry_too_big_to_share_the_space():
    store = Store(max_bytes=8000)
    store.put(("big",), entry(1001))
    assert len(store) == 0


def test_store_misses_an_entry_of_an_older_generation():
    store = Store(max_bytes=8000)
    store.put(("a",), entry(10, generation=1))
    assert store.get(("a",), 2, now=0.0) is None and len(store) == 0


@pytest.mark.parametrize(("header", "chosen"), [
    ("gzip, deflate, br, zstd", "br"), ("gzip", "gzip"), ("deflate", "identity"),
    ("br;q=0.1, gzip;q=0.9", "gzip"), ("*;q=0.5", "br"), ("gzip;q=0, *", "br"),
    ("br;q=bad, gzip", "gzip"), ("", "identity"),
])
def test_choose_encoding(header, chosen):
    assert choose_encoding(header, ("br", "gzip")) == chosen

