"""Sectors are codes of a fixed taxonomy: the API takes and returns codes, pages show their
names in the reader's language, and the migration maps the old free-text sectors to codes."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from community.extensions import db
from community.models import Cluster
from community.sectors import SECTOR_CODES
from tests.factories import make_cluster

MIGRATION = (Path(__file__).resolve().parents[2] / "migrations" / "versions"
             / "b3d9f2a61c70_sector_codes_and_content_languages.py")
NEW_CLUSTER = {"name": "Cluster Marbre", "country": "TN", "description": "Marble quarries."}
# The demo clusters' sectors as they were typed before the taxonomy, and their codes.
DEMO_SECTORS = {
    "ICT": "ict", "Digital": "ict", "Technical textiles": "textiles", "Textile": "textiles",
    "Electronics": "electronics", "Mechatronics": "mechatronics", "Mechanics": "mechanics",
    "Agri-food": "agrifood", "Renewable energy": "renewable-energy", "Energy": "energy",
    "Furniture": "furniture", "Woodworking": "furniture", "Leather": "leather-footwear",
    "Footwear": "leather-footwear", "Automotive": "automotive", "Olive oil": "olive-oil",
    "Marble": "marble-stone", "Stone": "marble-stone", "Industry 4.0": "advanced-manufacturing",
    "Design": "design",
}


def migration():
    spec = importlib.util.spec_from_file_location("sector_migration", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_propose_cluster_with_sector_codes_returns_them(api_as, member):
    response = api_as(member).post("/clusters", json={**NEW_CLUSTER,
                                                      "sectors": ["marble-stone", "design"]})
    assert response.status_code == 201 and response.json["sectors"] == ["marble-stone", "design"]


def test_propose_cluster_with_unknown_sector_is_422_and_stores_nothing(api_as, member):
    response = api_as(member).post("/clusters", json={**NEW_CLUSTER,
                                                      "sectors": ["marble-stone", "Marble"]})
    assert response.status_code == 422 and "sectors" in response.json["error"]["fields"]
    assert db.session.scalar(db.select(db.func.count(Cluster.id))) == 0


def test_patch_cluster_with_unknown_sector_is_422_and_changes_nothing(api_as, member):
    make_cluster(member, sectors=["ict"])
    response = api_as(member).patch("/clusters/maroc-numeric-cluster",
                                    json={"sectors": ["software"]})
    assert response.status_code == 422 and "sectors" in response.json["error"]["fields"]
    assert api_as(member).get("/clusters/maroc-numeric-cluster").json["sectors"] == ["ict"]


@pytest.mark.parametrize(("locale", "name"), [("fr", "Marbre et pierre"),
                                              ("ar", "الرخام والحجر")])
def test_cluster_page_shows_the_sector_name_in_the_reader_language(client, member, locale,
                                                                    name):
    make_cluster(member, "Cluster Marbre", country="TN", sectors=["marble-stone"])
    html = client.get("/clusters/cluster-marbre",
                      headers={"Accept-Language": locale}).get_data(as_text=True)
    assert f'dir="auto">{name}</span>' in html


def test_directory_sector_filter_lists_translated_names(client, member):
    make_cluster(member, "Techtera", country="FR", sectors=["textiles"])
    html = client.get("/clusters?sector=textiles",
                      headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert '<option value="textiles" selected>Textile et habillement (1)</option>' in html


def test_cluster_form_offers_every_sector_as_a_checkbox(client, auth, member):
    auth.login(member)
    html = client.get("/clusters/new").get_data(as_text=True)
    assert all(f'type="checkbox" value="{code}"' in html for code in SECTOR_CODES)


def test_migration_maps_the_demo_sectors_to_codes():
    sector_code = migration().sector_code
    assert {text: sector_code(text) for text in DEMO_SECTORS} == DEMO_SECTORS


@pytest.mark.parametrize(("text", "code"), [("MÉCATRONIQUE", "mechatronics"),
                                            ("agro-alimentaire", "agrifood"),
                                            ("Huile d'olive", "olive-oil"),
                                            ("Big data", "other")])
def test_migration_maps_spellings_and_unknown_sectors(text, code):
    assert migration().sector_code(text) == code


@pytest.mark.parametrize("words", ["habillement", "النسيج"])
def test_search_finds_a_cluster_by_its_sector_name_in_any_language(anon_api, member, words):
    make_cluster(member, "Techtera", country="FR", sectors=["textiles"])
    found = anon_api.get("/search", query_string={"q": words, "type": "clusters"}).json
    assert [item["slug"] for item in found["items"]] == ["techtera"]


def test_edit_form_checks_the_cluster_sectors(client, auth, member):
    make_cluster(member, sectors=["ict", "design"])
    auth.login(member)
    html = client.get("/clusters/maroc-numeric-cluster/edit").get_data(as_text=True)
    checked = re.findall(r'<input checked [^>]*name="sectors"[^>]*value="([a-z0-9-]+)"', html)
    assert sorted(checked) == ["design", "ict"]


def test_propose_form_without_a_sector_says_so(client, auth, member):
    auth.login(member)
    response = client.post("/clusters/new", data={**NEW_CLUSTER, "sectors": []})
    assert response.status_code == 200 and "Must not be empty." in response.get_data(as_text=True)
