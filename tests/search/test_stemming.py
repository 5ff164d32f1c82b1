"""English and French stems, indexed and queried the same way on both databases: "exports"
finds "export", "huiles" finds "huile", without matching unrelated words."""

from __future__ import annotations

import pytest

from community.extensions import db
from community.models import SearchEntry
from community.search.normalise import latin_stems, with_stems
from tests.factories import make_thread


@pytest.fixture
def stemmed_corpus(member, category):
    make_thread(member, category, "Export fund", "Support for the export of olive oil")
    make_thread(member, category, "Huile d'olive", "La huile de la coopérative de Meknès")
    make_thread(member, category, "Ports of the south", "Tanger Med is a port")


def titles(client, q, path="/api/v1/search", **params) -> list[str]:
    response = client.get(path, query_string={"q": q, "type": "threads", **params})
    assert response.status_code == 200
    return sorted(item["title"] for item in response.json["items"])


def test_latin_stems_are_english_and_french():
    assert latin_stems("exports") == ("export",)
    assert latin_stems("huiles") == ("huil",)
    assert latin_stems("oil") == ()  # short words are kept whole


def test_with_stems_appends_each_stem_once():
    assert with_stems("huiles huile exports") == "huiles huile exports huil export"


@pytest.mark.parametrize(("q", "expected"), [
    ("exports", ["Export fund"]),
    ("exported", ["Export fund"]),
    ("huiles", ["Huile d'olive"]),
    ("HUILES", ["Huile d'olive"]),
    ("ports", ["Ports of the south"]),
])
def test_api_search_finds_other_forms_of_a_word(client, stemmed_corpus, q, expected):
    assert titles(client, q) == expected


def test_api_search_stems_match_no_unrelated_word(client, stemmed_corpus):
    # "port" is a stem of "ports" but must not find "export", nor "huile" find "huis".
    assert titles(client, "port") == ["Ports of the south"]
    assert titles(client, "huis") == []
    assert titles(client, "exportations funds") == ["Export fund"]


def test_search_page_finds_stemmed_words(client, stemmed_corpus):
    html = client.get("/search?q=exports&type=threads").get_data(as_text=True)
    assert "Export fund" in html and "Huile d&#39;olive" not in html


def test_reindex_command_rebuilds_stems(runner, client, stemmed_corpus):
    db.session.execute(db.delete(SearchEntry))
    db.session.commit()
    assert titles(client, "huiles") == []
    assert runner.invoke(args=["search", "reindex"]).exit_code == 0
    assert titles(client, "huiles") == ["Huile d'olive"]
