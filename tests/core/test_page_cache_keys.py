"""What a visitor chooses cannot flush the visitors' page cache: only the query arguments a
page reads and only the site's own hosts are stored; and where the cache is on at all."""

from __future__ import annotations

import pytest

from community.page_cache import canonical_query, site_hosts
from config import ProductionConfig
from tests.factories import make_category, make_cluster, make_thread


@pytest.fixture
def config_overrides():
    return {"PAGE_CACHE_ENABLED": True}


@pytest.fixture
def thread(admin, member):
    return make_thread(member, make_category(admin, "General"), "Olive oil exports",
                       "Who ships to **Lyon**?")


def visit(app, path: str, host: str = "localhost"):
    return app.test_client().get(path, base_url=f"http://{host}")


def stored(app) -> int:
    return len(app.extensions["page_cache"].store)


def test_junk_query_arguments_are_served_uncached(app, thread):
    visit(app, "/")
    before = stored(app)
    for junk in ("/?utm_source=1", "/?page=1&page=2", f"/threads/{thread.id}?x=y"):
        assert "X-Cache" not in visit(app, junk).headers, junk
        assert "X-Cache" not in visit(app, junk).headers, junk
    assert stored(app) == before


def test_argument_the_page_does_not_read_is_not_stored(app, thread):
    path = f"/threads/{thread.id}?state=active"  # the members page reads `state`, not this one
    visit(app, path)
    assert "X-Cache" not in visit(app, path).headers and stored(app) == 0


@pytest.mark.parametrize("page", ["abc", "02", "0", "-1", "1234567"])
def test_page_that_is_no_plain_number_is_served_uncached(app, thread, page):
    visit(app, f"/threads/{thread.id}?page={page}")
    assert "X-Cache" not in visit(app, f"/threads/{thread.id}?page={page}").headers


def test_page_number_is_a_page_of_its_own(app, thread):
    visit(app, f"/threads/{thread.id}")
    assert visit(app, f"/threads/{thread.id}?page=2").headers["X-Cache"] == "miss"
    assert visit(app, f"/threads/{thread.id}?page=2").headers["X-Cache"] == "hit"


def test_directory_filters_share_an_entry_in_any_order(app, member):
    make_cluster(member, "Agrinov")
    assert visit(app, "/clusters?country=FR&shore=north").headers["X-Cache"] == "miss"
    assert visit(app, "/clusters?shore=north&country=FR").headers["X-Cache"] == "hit"


@pytest.mark.parametrize("path", ["/clusters?q=olive", "/members?q=amina"])
def test_directory_search_is_not_stored(app, member, path):
    visit(app, path)
    assert "X-Cache" not in visit(app, path).headers


def test_empty_directory_search_is_stored(app, member):
    visit(app, "/members?q=&country=")
    assert visit(app, "/members?q=&country=").headers["X-Cache"] == "hit"


def test_other_hosts_are_served_uncached(app, thread):
    assert visit(app, "/").headers["X-Cache"] == "miss"
    for _ in range(2):
        assert "X-Cache" not in visit(app, "/", host="evil.example").headers
    assert stored(app) == 1


def test_without_configured_hosts_only_the_first_host_stored_is_cached(app, thread):
    app.extensions["page_cache"].hosts = frozenset()
    visit(app, "/", host="community.example")
    assert visit(app, "/", host="community.example").headers["X-Cache"] == "hit"
    visit(app, "/", host="evil.example")
    assert "X-Cache" not in visit(app, "/", host="evil.example").headers


@pytest.mark.parametrize(("settings", "hosts"), [
    ({"PAGE_CACHE_HOSTS": ("A.example", "b.example")}, {"a.example", "b.example"}),
    ({"SERVER_NAME": "site.example:8000", "SITE_URL": "https://x.example"},
     {"site.example:8000"}),
    ({"SITE_URL": "https://community.example.org"}, {"community.example.org"}),
    ({}, set()),
])
def test_site_hosts(settings, hosts):
    assert site_hosts(settings) == hosts


@pytest.mark.parametrize(("query", "canonical"), [
    ("", ""), ("page=3", "page=3"), ("shore=north&country=FR", "country=FR&shore=north"),
    ("q=&country=", "country=&q="), ("country=F%52", "country=FR"),
    ("utm_source=x", None), ("page=1&page=2", None), ("page=01", None), ("page", None),
])
def test_canonical_query(query, canonical):
    assert canonical_query(query) == canonical


@pytest.fixture
def production(monkeypatch):
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", "x" * 64)
    monkeypatch.setattr(ProductionConfig, "REDIS_URL", None)
    monkeypatch.setattr(ProductionConfig, "SOCKETIO_MESSAGE_QUEUE", None)
    monkeypatch.delenv("PAGE_CACHE_ENABLED", raising=False)
    return monkeypatch


def test_production_without_a_shared_redis_turns_the_cache_off(production):
    assert ProductionConfig().PAGE_CACHE_ENABLED is False


@pytest.mark.parametrize("setting", ["REDIS_URL", "SOCKETIO_MESSAGE_QUEUE"])
def test_production_with_a_shared_redis_keeps_the_cache(production, setting):
    production.setattr(ProductionConfig, setting, "redis://127.0.0.1:6379/0")
    assert ProductionConfig().PAGE_CACHE_ENABLED is True


def test_production_cache_can_be_switched_on_for_a_single_process(production):
    production.setenv("PAGE_CACHE_ENABLED", "1")
    assert ProductionConfig().PAGE_CACHE_ENABLED is True
