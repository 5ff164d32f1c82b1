"""The member directory page `/members`."""

from __future__ import annotations

import pytest

from community.extensions import db
from community.models import Cluster, utcnow
from tests.factories import add_member, bulk_users, make_cluster, make_user


@pytest.fixture
def people(app):
    """Four members with different countries, languages, expertise and clusters."""
    amina = make_user("amina", display_name="Amina Benali", country="MA",
                      headline="Textile designer", languages=["ar", "fr"],
                      expertise=["textiles", "design"])
    karim = make_user("karim", display_name="Karim Haddad", country="JO",
                      headline="Solar engineer", languages=["ar", "en"], expertise=["solar"])
    laura = make_user("laura", display_name="Laura Puig", country="ES",
                      headline="Cluster manager", languages=["ca", "es"], expertise=["design"])
    pierre = make_user("pierre_d", display_name="Pierre Dubois", country="FR")
    cluster = make_cluster(amina, "MedTech")
    add_member(cluster, pierre, state="requested")
    return {"amina": amina, "karim": karim, "laura": laura, "pierre": pierre}


def names(response) -> list[str]:
    html = response.get_data(as_text=True)
    return [name for name in ("Amina Benali", "Karim Haddad", "Laura Puig", "Pierre Dubois")
            if name in html]


def test_directory_lists_members_with_cards(client, people):
    response = client.get("/members")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert names(response) == ["Amina Benali", "Karim Haddad", "Laura Puig", "Pierre Dubois"]
    assert "Textile designer" in html
    assert "fi fi-jo" in html  # Jordan's flag
    assert 'href="/u/karim"' in html
    assert '<label class="form-label" for="filter-q">' in html


@pytest.mark.parametrize(("query", "expected"), [
    ("q=karim", ["Karim Haddad"]),
    ("q=BENALI", ["Amina Benali"]),
    ("q=solar+engineer", ["Karim Haddad"]),
    ("q=pierre_", ["Pierre Dubois"]),
    ("q=%25", []),
    ("country=ES", ["Laura Puig"]),
    ("language=ar", ["Amina Benali", "Karim Haddad"]),
    ("expertise=Design", ["Amina Benali", "Laura Puig"]),
    ("cluster=medtech", ["Amina Benali"]),
    ("language=ar&expertise=design", ["Amina Benali"]),
    ("cluster=nope", []),
])
def test_directory_filters(client, people, query, expected):
    assert names(client.get(f"/members?{query}")) == expected


def test_directory_no_match_shows_empty_state(client, people):
    html = client.get("/members?q=zzzz").get_data(as_text=True)
    assert "No members match" in html


def test_directory_hides_deleted_and_suspended(client, people):
    people["karim"].status = "deleted"
    people["laura"].status = "suspended"
    db.session.commit()
    assert names(client.get("/members")) == ["Amina Benali", "Pierre Dubois"]


def test_directory_shows_member_after_suspension_ends(client, people):
    from datetime import timedelta

    people["laura"].status = "suspended"
    people["laura"].suspended_until = utcnow() - timedelta(hours=1)
    db.session.commit()
    assert "Laura Puig" in names(client.get("/members"))


def test_directory_paginates_20_per_page(client):
    bulk_users("member", 0, 25)
    first = client.get("/members").get_data(as_text=True)
    second = client.get("/members?page=2").get_data(as_text=True)
    assert "Member 000" in first and "Member 019" in first and "Member 020" not in first
    assert "Member 020" in second and "Member 024" in second and "Member 000" not in second
    assert "25 members found" in first
    assert 'rel="next"' in first


def test_directory_pagination_keeps_filters(client):
    bulk_users("tunis", 0, 22, country="TN")
    html = client.get("/members?country=TN").get_data(as_text=True)
    assert "country=TN" in html.split('rel="next"')[0].rsplit("href=", 1)[1]


def test_directory_bad_page_number_is_not_an_error(client, people):
    assert client.get("/members?page=abc").status_code == 200
    assert client.get("/members?page=999").status_code == 200


def test_directory_negative_page_number_shows_the_first_page(client, people):
    response = client.get("/members?page=-5")
    assert response.status_code == 200
    assert "Amina Benali" in names(response)


def test_directory_huge_page_number_shows_an_empty_page(client, people):
    # Flask-SQLAlchemy read this page unbounded: the OFFSET overflowed SQLite's integer (a 500).
    response = client.get("/members?page=99999999999999999999")
    assert response.status_code == 200
    assert "Amina Benali" not in names(response)


def populate(start: int, stop: int) -> None:
    cluster = db.session.scalar(db.select(Cluster).where(Cluster.slug == "agri"))
    cluster = cluster or make_cluster(make_user("farmer"), "Agri")
    bulk_users("bulk", start, stop, cluster, languages=["ar"], expertise=["food", "iot"])


def queries_for(client, count_queries, path: str) -> int:
    client.get(path)  # warm up caches (locale data, first connection)
    with count_queries() as counter:
        assert client.get(path).status_code == 200
    return counter.count


@pytest.mark.parametrize("path", ["/members", "/members?language=ar&cluster=agri",
                                  "/members?q=bulk+food&country=MA", "/u/bulk001"])
def test_query_count_does_not_grow_with_members(app, client, count_queries, path):
    populate(0, 10)
    few = queries_for(client, count_queries, path)
    populate(10, 60)
    many = queries_for(client, count_queries, path)
    assert few == many
    assert many <= 6
