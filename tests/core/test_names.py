"""Country, language and interface words in the three languages (issue 11, item 15)."""

from __future__ import annotations

import pytest

from tests.factories import bulk_users, make_cluster, make_user


@pytest.mark.parametrize(("locale", "name"), [("en", "Palestine"), ("fr", "Palestine"),
                                              ("ar", "فلسطين")])
def test_palestine_is_named_palestine(client, locale, name):
    user = make_user("rami", country="PS")
    html = client.get(f"/u/{user.username}",
                      headers={"Accept-Language": locale}).get_data(as_text=True)
    assert name in html and "Palestinian" not in html and "الأراضي" not in html


def test_tamazight_is_translated_in_arabic(client):
    user = make_user("idir", languages=["amz"])
    html = client.get(f"/u/{user.username}",
                      headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert 'lang="amz">الأمازيغية</li>' in html


@pytest.mark.parametrize(("locale", "words"), [("fr", ("Précédent", "Suivant", "Pages")),
                                               ("ar", ("السابق", "التالي", "الصفحات"))])
def test_members_pagination_is_translated(client, locale, words):
    bulk_users("member", 0, 21)
    html = client.get("/members?page=2",
                      headers={"Accept-Language": locale}).get_data(as_text=True)
    assert all(word in html for word in words) and "Previous" not in html


def test_home_names_the_country_of_the_newest_clusters(client, member):
    make_cluster(member, "Egyptian Renewable Energy Cluster Initiative", country="EG")
    html = client.get("/", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert '<span class="small text-muted">مصر</span>' in html
