"""Search ranks and counts only the newest matches (COUNT_LIMIT of them), whatever the word:
the newest come back, read access still holds, the total says it stopped, rare words still
reach old posts."""

import pytest
import sqlalchemy as sa

from community.extensions import db
from community.models import Post
from community.search import services as search_services
from tests.factories import cluster_forum, make_post, make_thread

LIMIT = 3


@pytest.fixture(autouse=True)
def small_bound(monkeypatch):
    monkeypatch.setattr(search_services, "COUNT_LIMIT", LIMIT)


def posts_with(author, category, bodies: list[str]) -> list[int]:
    """Ids of posts with these bodies, oldest first, in one new thread."""
    thread = make_thread(author, category, "Topic", bodies[0])
    ids = [db.session.scalar(sa.select(Post.id).where(Post.thread_id == thread.id))]
    return ids + [make_post(author, thread, body).id for body in bodies[1:]]


def search(client, q, **params):
    query = "&".join(f"{k}={v}" for k, v in {"q": q, "type": "posts", **params}.items())
    response = client.get(f"/search?{query}")
    assert response.status_code == 200, response.json
    return response.json


def test_search_common_term_returns_the_newest_matches(anon_api, member, category):
    ids = posts_with(member, category, [f"needle {n}" for n in range(6)])
    result = search(anon_api, "needle")
    assert {item["id"] for item in result["items"]} == set(ids[-LIMIT:])
    assert result["total"] == LIMIT and result["pages"] == 1


def test_search_bound_skips_what_the_visitor_may_not_read(anon_api, api_as, member, category,
                                                         closed_cluster):
    public = posts_with(member, category, [f"needle public {n}" for n in range(LIMIT)])
    secret = posts_with(member, cluster_forum(closed_cluster),
                        [f"needle secret {n}" for n in range(LIMIT + 2)])
    visitor = search(anon_api, "needle")
    assert {item["id"] for item in visitor["items"]} == set(public)
    assert {item["id"] for item in search(api_as(member), "needle")["items"]} == \
        set(secret[-LIMIT:])


def test_search_total_capped_at_the_bound(anon_api, member, category):
    posts_with(member, category, [f"needle {n}" for n in range(LIMIT + 3)])
    result = search(anon_api, "needle", per_page=2)
    assert result["total"] == LIMIT and result["pages"] == 2
    assert search(anon_api, "needle", per_page=2, page=3)["items"] == []


@pytest.mark.parametrize("language, wording", [("en", "More than 3 results"),
                                               ("fr", "Plus de 3 résultats"),
                                               ("ar", "أكثر من 3 نتيجة")])
def test_search_page_says_the_count_stopped(client, member, category, language, wording):
    posts_with(member, category, [f"needle {n}" for n in range(LIMIT + 1)])
    html = client.get("/search?q=needle&type=posts",
                      headers={"Accept-Language": language}).get_data(as_text=True)
    assert wording in html


def test_search_page_counts_exactly_below_the_bound(client, member, category):
    posts_with(member, category, [f"needle {n}" for n in range(LIMIT)])
    html = client.get("/search?q=needle&type=posts").get_data(as_text=True)
    assert "3 results" in html and "More than" not in html


def test_search_rare_term_still_finds_an_old_post(anon_api, member, category):
    [old] = posts_with(member, category, ["needle with a rare saffron"])
    posts_with(member, category, [f"needle {n}" for n in range(LIMIT + 2)])
    assert old not in {item["id"] for item in search(anon_api, "needle")["items"]}
    assert [item["id"] for item in search(anon_api, "saffron")["items"]] == [old]
    assert [item["id"] for item in search(anon_api, "needle saffron")["items"]] == [old]


def test_search_short_term_is_a_whole_word(anon_api, member, category):
    [word] = posts_with(member, category, ["la maison de ma mère"])
    posts_with(member, category, ["une maison"])
    assert [item["id"] for item in search(anon_api, "ma")["items"]] == [word]
    assert len(search(anon_api, "mai")["items"]) == 2
