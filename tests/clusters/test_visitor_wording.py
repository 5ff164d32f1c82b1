"""A cluster's page and partners page as visitors, outsiders and members see them: who is
"you", the sign-in-to-join button, and only clusters that actually match."""

from __future__ import annotations

from tests.factories import add_member, make_cluster, make_user

PAGE = "/clusters/huile-nord-ouest"


def olive_clusters(manager, other):
    """A Tunisian cluster that seeks what an Andalusian one offers, and an unrelated one."""
    tunisian = make_cluster(manager, "Huile Nord-Ouest", country="TN", sectors=["olive-oil"],
                 seeks=[{"text": "Distribution partner in the EU for olive oil",
                         "tags": ["olive oil", "distribution"]}])
    make_cluster(other, "Andalusian Olive Oil", country="ES", sectors=["olive-oil"],
                 offers=[{"text": "Olive oil distribution network in the EU",
                          "tags": ["olive oil", "distribution"]}])
    make_cluster(other, "Furniture Spain", country="ES", sectors=["furniture"])
    return tunisian


def test_cluster_page_offers_visitors_sign_in_to_join(client, member):
    make_cluster(member, "Huile Nord-Ouest", country="TN")
    html = client.get(PAGE).get_data(as_text=True)
    assert f'href="/login?next={PAGE}">Sign in to join</a>' in html


def test_cluster_page_offers_signed_in_outsiders_ask_to_join(client, auth, member,
                                                            other_member):
    make_cluster(member, "Huile Nord-Ouest", country="TN")
    auth.login(other_member)
    html = client.get(PAGE).get_data(as_text=True)
    assert "Ask to join" in html and "Sign in to join" not in html


def test_cluster_page_says_your_need_to_a_member(client, auth, member, other_member):
    olive_clusters(member, other_member)
    auth.login(member)
    html = client.get(PAGE).get_data(as_text=True)
    assert "matching your need" in html


def test_cluster_page_names_the_cluster_for_outsiders(client, auth, member, other_member):
    olive_clusters(member, other_member)
    auth.login(other_member)
    html = client.get(PAGE).get_data(as_text=True)
    assert "your need" not in html
    assert "matching the need “<bdi>Distribution partner in the EU for olive oil</bdi>” of" in html


def test_partners_page_names_the_cluster_for_visitors(client, member, other_member):
    olive_clusters(member, other_member)
    html = client.get(f"{PAGE}/partners").get_data(as_text=True)
    assert "your" not in html.split("<main", 1)[1].lower().split("</main>")[0]


def test_partners_page_lists_only_clusters_that_match(client, member, other_member):
    olive_clusters(member, other_member)
    html = client.get(f"{PAGE}/partners").get_data(as_text=True)
    assert "Andalusian Olive Oil" in html and "Furniture Spain" not in html


def test_partners_page_without_any_match_says_so(client, member, other_member):
    make_cluster(member, "Huile Nord-Ouest", country="TN", sectors=["olive-oil"])
    make_cluster(other_member, "Furniture Spain", country="ES", sectors=["furniture"])
    html = client.get(f"{PAGE}/partners").get_data(as_text=True)
    assert "No cluster of the other shore shares a need or a sector" in html


def test_partners_api_names_the_cluster_for_visitors(anon_api, member, other_member):
    olive_clusters(member, other_member)
    reasons = anon_api.get(f"{PAGE}/partners").json["items"][0]["reasons"]
    assert reasons[0].endswith("of Huile Nord-Ouest")


def test_cluster_page_says_your_need_to_a_plain_member(client, auth, member, other_member):
    cluster = olive_clusters(member, other_member)
    reader = make_user("leila")
    add_member(cluster, reader)
    auth.login(reader)
    assert "matching your need" in client.get(PAGE).get_data(as_text=True)
