"""The clusters directory searches as the site search does (accents, case, Arabic variants,
stems), says what to try when nothing matches, and cluster lists sort by folded name."""

from __future__ import annotations

import pytest

from tests.factories import make_cluster


@pytest.fixture
def directory(member):
    make_cluster(member, "Mécatronique Sud", country="TN", sectors=["automotive"])
    make_cluster(member, "مجمع الصناعات الغذائية", country="MA", sectors=["agrifood"],
                 description="تصدير الزيوت")
    make_cluster(member, "Oléiculture Provence", country="FR", sectors=["olive-oil"],
                 description="Huiles d'olive et exports")


def listed(response) -> list[str]:
    html = response.get_data(as_text=True)
    return [name for name in ("Mécatronique Sud", "مجمع الصناعات الغذائية",
                              "Oléiculture Provence") if name in html]


@pytest.mark.parametrize(("q", "expected"), [
    ("mecatronique", ["Mécatronique Sud"]),
    ("MÉCATRONIQUE", ["Mécatronique Sud"]),
    ("oleiculture", ["Oléiculture Provence"]),
    ("الصناعات", ["مجمع الصناعات الغذائية"]),
    ("الصناعآت", ["مجمع الصناعات الغذائية"]),  # a letter variant
    ("الغذائيّة", ["مجمع الصناعات الغذائية"]),  # a diacritic
    ("صناعات", ["مجمع الصناعات الغذائية"]),  # without the article
    ("huile", ["Oléiculture Provence"]),  # a French stem
    ("export", ["Oléiculture Provence"]),  # an English stem
])
def test_directory_page_search_ignores_accents_case_and_variants(client, directory, q,
                                                                   expected):
    assert listed(client.get("/clusters", query_string={"q": q})) == expected


def test_directory_api_search_ignores_accents(client, directory):
    response = client.get("/api/v1/clusters?q=mecatronique")
    assert [item["name"] for item in response.json["items"]] == ["Mécatronique Sud"]
    assert response.json["total"] == 1


def test_directory_search_counts_facets_of_matches_only(client, directory):
    html = client.get("/clusters?q=mecatronique").get_data(as_text=True)
    assert ">Automotive (1)</option>" in html and "Agrifood" not in html


def test_directory_search_of_punctuation_finds_nothing(client, directory):
    assert listed(client.get("/clusters?q=%25")) == []


def test_directory_empty_search_shows_what_to_try(client, directory):
    html = client.get("/clusters?q=zzzz&country=FR").get_data(as_text=True)
    assert "Check the spelling of your words." in html
    assert 'href="/clusters?q=zzzz">Search without the other filters' in html
    assert 'href="/search?q=zzzz">Search posts, threads, members and clusters' in html


def test_directory_empty_search_hints_in_arabic(client, directory):
    html = client.get("/clusters?q=zzzz", headers={"Accept-Language": "ar"}).get_data(
        as_text=True)
    assert "تحقّق من تهجئة كلماتك." in html


def test_directory_empty_filters_offer_to_clear_them(client, directory):
    html = client.get("/clusters?country=ES").get_data(as_text=True)
    assert 'href="/clusters">Clear the filters' in html
    assert "Check the spelling" not in html


def test_directory_sorts_by_name_regardless_of_case_and_accents(client, member):
    for name in ("zeta Lab", "Énergie Verte", "alpha Hub", "Beta Park"):
        make_cluster(member, name)
    response = client.get("/api/v1/clusters")
    assert [item["name"] for item in response.json["items"]] == [
        "alpha Hub", "Beta Park", "Énergie Verte", "zeta Lab"]


def test_cluster_forums_sort_regardless_of_case(client, member):
    for name in ("zeta Lab", "Énergie Verte", "alpha Hub", "Beta Park"):
        make_cluster(member, name)
    html = client.get("/forums").get_data(as_text=True)
    positions = [html.index(name) for name in ("alpha Hub", "Beta Park", "Énergie Verte",
                                               "zeta Lab")]
    assert positions == sorted(positions)
