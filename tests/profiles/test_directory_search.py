"""The member directory searches as the site search does, lists and counts only confirmed
members in good standing, offers only the countries that have some, and says each headline
once in search results."""

from __future__ import annotations

import pytest

from tests.factories import make_user


@pytest.fixture
def people(app):
    make_user("helene", display_name="Hélène Ménard", country="FR",
              headline="Ingénieure en mécatronique")
    make_user("ahmad", display_name="أحمد الإدريسي", country="MA", headline="مهندس الطاقة")
    make_user("sami", display_name="Sami Trabelsi", country="TN", headline="Exports manager")
    make_user("ghost", display_name="Ghost Unconfirmed", country="AQ", confirmed=False,
              headline="Exports manager")


def listed(response) -> list[str]:
    html = response.get_data(as_text=True)
    return [name for name in ("Hélène Ménard", "أحمد الإدريسي", "Sami Trabelsi",
                              "Ghost Unconfirmed") if name in html]


@pytest.mark.parametrize(("q", "expected"), [
    ("helene", ["Hélène Ménard"]),
    ("MENARD", ["Hélène Ménard"]),
    ("mecatronique", ["Hélène Ménard"]),
    ("احمد", ["أحمد الإدريسي"]),
    ("ادريسي", ["أحمد الإدريسي"]),
    ("export", ["Sami Trabelsi"]),
])
def test_directory_search_ignores_accents_case_and_variants(client, people, q, expected):
    assert listed(client.get("/members", query_string={"q": q})) == expected


def test_api_directory_search_ignores_accents(client, people):
    response = client.get("/api/v1/users?q=ingenieure")
    assert [item["username"] for item in response.json["items"]] == ["helene"]


def test_directory_does_not_list_unconfirmed_accounts(client, people):
    html = client.get("/members").get_data(as_text=True)
    assert "Ghost Unconfirmed" not in html
    assert "3 members found" in html


def test_api_directory_does_not_list_unconfirmed_accounts(client, people):
    response = client.get("/api/v1/users")
    assert "ghost" not in [item["username"] for item in response.json["items"]]
    assert response.json["total"] == 3


def test_site_search_does_not_list_unconfirmed_accounts(client, people):
    response = client.get("/api/v1/search?q=ghost&type=users")
    assert response.json["total"] == 0


def test_country_filter_offers_only_countries_of_listed_members(client, people):
    html = client.get("/members").get_data(as_text=True)
    offered = html.split('id="filter-country"')[1].split("</select>")[0]
    assert offered.count("<option") == 4  # "Any country", France, Morocco, Tunisia
    assert ">France (1)</option>" in offered and ">Tunisia (1)</option>" in offered
    assert "Antarctica" not in offered  # only the unconfirmed account lives there


def test_country_filter_counts_follow_the_other_filters(client, people):
    html = client.get("/members?q=export").get_data(as_text=True)
    offered = html.split('id="filter-country"')[1].split("</select>")[0]
    assert ">Tunisia (1)</option>" in offered and "France" not in offered


def test_country_filter_keeps_a_chosen_country_without_members(client, people):
    html = client.get("/members?country=ES").get_data(as_text=True)
    assert '<option value="ES" selected>Spain (0)</option>' in html


def test_directory_empty_search_shows_what_to_try(client, people):
    html = client.get("/members?q=zzzz&country=FR").get_data(as_text=True)
    assert "Use fewer words" in html
    assert 'href="/members?q=zzzz">Search without the other filters' in html
    assert 'href="/search?q=zzzz">' in html


def test_member_search_result_says_the_headline_once(client, app):
    make_user("nadia", display_name="Nadia K", headline="Olive grower", bio="Olive grower")
    [item] = client.get("/api/v1/search?q=nadia&type=users").json["items"]
    assert item["snippet_html"].count("Olive grower") == 1
