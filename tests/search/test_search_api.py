"""GET /api/v1/search on both databases: languages, ranking, snippets, visibility."""

import pytest

from community.extensions import db
from tests.factories import cluster_forum, make_cluster, make_post, make_thread, make_user

ARABIC_BODY = "نُرَحِّبُ بِكُمْ فِي مَدْرَسَةِ الإِبْتِكَارِ ثُمَّ المُسْتَشْفَى الجَدِيد"
FRENCH_BODY = "L'élève préfère l'été à Montréal, où l'énergie solaire se développe."


@pytest.fixture
def corpus(member, category):
    make_thread(member, category, "Innovation school", ARABIC_BODY)
    make_thread(member, category, "Énergie solaire", FRENCH_BODY)
    make_thread(member, category, "Water management", "Irrigation and WATER reuse in Morocco")


def search(client, q, **params):
    query = "&".join(f"{k}={v}" for k, v in {"q": q, **params}.items())
    response = client.get(f"/search?{query}")
    assert response.status_code == 200, response.json
    return response.json


@pytest.mark.parametrize("q", ["مدرسة", "مَدْرَسَةِ", "مدرسه", "المستشفى", "المستشفي",
                               "الابتكار", "الإبتكار", "الأبتكار"])
def test_search_arabic_regardless_of_diacritics_and_variants(anon_api, corpus, q):
    result = search(anon_api, q, type="posts")
    assert result["total"] == 1
    assert result["items"][0]["title"] == "Innovation school"


@pytest.mark.parametrize("q", ["eleve", "élève", "ÉLÈVE", "ete", "été", "energie", "Énergie",
                               "montreal"])
def test_search_french_regardless_of_accents_and_case(anon_api, corpus, q):
    result = search(anon_api, q, type="posts")
    assert [item["title"] for item in result["items"]] == ["Énergie solaire"]


def test_search_english_regardless_of_case(anon_api, corpus):
    assert search(anon_api, "water", type="posts")["total"] == 1
    assert search(anon_api, "WaTeR", type="threads")["items"][0]["title"] == "Water management"


def test_search_prefix_matches(anon_api, corpus):
    assert search(anon_api, "irrig", type="posts")["total"] == 1


def test_search_all_words_required(anon_api, corpus):
    assert search(anon_api, "water morocco", type="posts")["total"] == 1
    assert search(anon_api, "water montreal", type="posts")["total"] == 0


def test_search_result_shape_and_highlight(anon_api, corpus):
    [item] = search(anon_api, "ete", type="posts")["items"]
    assert set(item) == {"type", "id", "title", "snippet_html", "url"}
    assert item["type"] == "post" and item["url"] == f"/posts/{item['id']}"
    assert "<mark>été</mark>" in item["snippet_html"]


def test_search_arabic_highlight_keeps_original_text(anon_api, corpus):
    [item] = search(anon_api, "مدرسة", type="posts")["items"]
    assert "<mark>مَدْرَسَةِ</mark>" in item["snippet_html"]


def test_search_snippet_escapes_html(anon_api, member, category):
    make_thread(member, category, "Code", "Use `<script>alert(1)</script>` with care: needle")
    [item] = search(anon_api, "needle", type="posts")["items"]
    assert "<script>" not in item["snippet_html"]
    assert "&lt;script&gt;" in item["snippet_html"]


def test_search_threads_by_title(anon_api, corpus):
    [item] = search(anon_api, "solaire", type="threads")["items"]
    assert item["type"] == "thread" and item["url"] == f"/threads/{item['id']}"
    assert "<mark>solaire</mark>" in item["snippet_html"]


def test_search_ranks_title_matches_first(anon_api, member, category):
    make_thread(member, category, "Other topic", "We talk about olive oil here")
    make_thread(member, category, "Olive harvest", "Dates")
    items = search(anon_api, "olive")["items"]
    assert items[0]["type"] == "thread" and items[0]["title"] == "Olive harvest"


def test_search_users_and_clusters(anon_api, app):
    user = make_user("rachid", display_name="Rachid Benjelloun", headline="Énergie verte")
    make_cluster(user, "Solar Maroc", description="Énergie")
    make_cluster(user, "Solar Pending", status="pending")
    users = search(anon_api, "benjelloun", type="users")["items"]
    assert users == [{"type": "user", "username": "rachid", "title": "Rachid Benjelloun",
                      "snippet_html": "Rachid <mark>Benjelloun</mark> · Énergie verte",
                      "url": "/u/rachid"}]
    clusters = search(anon_api, "solar", type="clusters")["items"]
    assert [c["slug"] for c in clusters] == ["solar-maroc"]


def test_search_everything_without_type(anon_api, corpus):
    kinds = {item["type"] for item in search(anon_api, "water")["items"]}
    assert kinds == {"post", "thread"}


def test_search_never_returns_members_only_content(api_as, anon_api, member, other_member,
                                                  moderator, closed_cluster):
    make_thread(member, cluster_forum(closed_cluster), "Confidential budget", "secret plans")
    for client in (anon_api, api_as(other_member)):
        assert search(client, "confidential")["total"] == 0
        assert search(client, "secret", type="posts")["items"] == []
    assert search(api_as(member), "secret", type="posts")["total"] == 1
    assert search(api_as(moderator), "confidential", type="threads")["total"] == 1


def test_search_skips_deleted_and_hidden_posts(api_as, anon_api, member, category):
    thread = make_thread(member, category, "Topic", "first needle")
    post = make_post(member, thread, "second needle")
    first_id = search(anon_api, "needle", type="posts")["total"]
    assert first_id == 2
    api_as(member).delete(f"/posts/{post.id}")
    assert search(anon_api, "needle", type="posts")["total"] == 1
    db.session.get(type(post), post.id - 1).hidden = True
    db.session.commit()
    assert search(anon_api, "needle", type="posts")["total"] == 0


def test_search_sees_edits(api_as, anon_api, member, category):
    thread = make_thread(member, category, "Topic", "old words")
    post_id = api_as(member).get(f"/threads/{thread.id}").json["posts"][0]["id"]
    api_as(member).patch(f"/posts/{post_id}", json={"body": "brand new text"})
    assert search(anon_api, "old", type="posts")["total"] == 0
    assert search(anon_api, "brand", type="posts")["total"] == 1


def test_search_paginates(anon_api, member, category):
    thread = make_thread(member, category, "Topic", "needle 0")
    for n in range(1, 5):
        make_post(member, thread, f"needle {n}")
    page = search(anon_api, "needle", type="posts", per_page=2, page=3)
    assert page["total"] == 5 and page["pages"] == 3 and len(page["items"]) == 1


def test_search_empty_query_returns_nothing(anon_api, corpus):
    assert search(anon_api, "")["items"] == []
    assert search(anon_api, "!!!")["total"] == 0


def test_search_unknown_type_validation(anon_api):
    response = anon_api.get("/search?q=x&type=planets")
    assert response.status_code == 422 and "type" in response.json["error"]["fields"]


def test_search_too_long_validation(anon_api):
    assert anon_api.get("/search?q=" + "a" * 201).status_code == 422


def test_search_query_syntax_is_not_an_error(anon_api, corpus):
    for q in ['"', "water*", "NEAR(", "a:b", "water & | !", "'"]:
        assert anon_api.get(f"/search?q={q}").status_code == 200


def test_reindex_command_rebuilds_index(runner, anon_api, app, member, category):
    from community.models import SearchEntry
    make_thread(member, category, "Olive oil", "Cooperatives of the Souss")
    db.session.execute(db.delete(SearchEntry))
    db.session.commit()
    result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code == 0 and "Indexed" in result.output
    assert search(anon_api, "souss", type="posts")["total"] == 1
    assert search(anon_api, "amina", type="users")["items"][0]["username"] == "amina"


def test_new_and_edited_members_are_searchable(api_as, anon_api, member):
    assert search(anon_api, "benali", type="users")["items"][0]["username"] == "amina"
    api_as(member).patch("/me", json={"headline": "Ingénieure hydraulique"})
    [item] = search(anon_api, "ingenieure", type="users")["items"]
    assert "<mark>Ingénieure</mark>" in item["snippet_html"]


def test_proposed_cluster_searchable_once_approved(app, anon_api, member, moderator):
    from community.clusters.services import decide_cluster, propose_cluster, update_cluster
    with app.test_request_context():
        cluster = propose_cluster(member, name="Tanger Automotive", country="MA",
                                  sectors=["automotive"], description="Équipementiers du nord")
    assert search(anon_api, "tanger", type="clusters")["total"] == 0
    with app.test_request_context():
        decide_cluster(moderator, cluster, True)
    assert search(anon_api, "equipementiers", type="clusters")["items"][0]["slug"] == cluster.slug
    update_cluster(member, cluster, description="Câblage")
    assert search(anon_api, "cablage", type="clusters")["total"] == 1


def test_search_count_stops_at_limit(anon_api, member, category, monkeypatch):
    from community.search import services as search_services
    monkeypatch.setattr(search_services, "COUNT_LIMIT", 3)
    thread = make_thread(member, category, "Topic", "needle 0")
    for n in range(1, 5):
        make_post(member, thread, f"needle {n}")
    page = search(anon_api, "needle", type="posts", per_page=2)
    assert page["total"] == 3 and page["pages"] == 2 and len(page["items"]) == 2
    assert search(anon_api, "needle", type="posts", per_page=2, page=3)["items"] == []


@pytest.mark.parametrize("q", ["مستشفى", "المستشفى", "والمستشفى", "بالمستشفى"])
def test_search_arabic_with_or_without_attached_article(anon_api, member, category, q):
    make_thread(member, category, "صحة", "زرنا وَالمُسْتَشْفَى أمس")
    [item] = search(anon_api, q, type="posts")["items"]
    assert "<mark>وَالمُسْتَشْفَى</mark>" in item["snippet_html"]
