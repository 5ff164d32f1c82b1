"""The letters of a cluster's logo placeholder: initials of the significant words, or the
acronym, at most four, Arabic names with Arabic letters."""

from __future__ import annotations

import pytest

from community.clusters.display import ARABIC_SEPARATOR, logo_initials


@pytest.mark.parametrize("name, acronym, expected", [
    ("Maroc Numeric Cluster", "", "MNC"),
    ("Hebron Leather and Shoe Cluster", "", "HLSC"),
    ("Hebron Leather and Shoe Cluster", "HLSC", "HLSC"),
    ("Cluster Marbre", "", "CM"),
    ("Pôle Européen de la Céramique", "", "PEC"),
    ("Cluster Mécatronique de la Côte d'Azur", "", "CMCA"),
    ("Techtera", "", "TE"),
    ("Olive Oil of the Sun Valley Cluster", "", "OOSV"),
    ("Anything at all", "int@", "INT"),
    ("Euro Mediterranean Renewable Energy Cluster Initiative", "ERECI", "EMRE"),
    ("", "", "?"),
])
def test_logo_initials_of_latin_names(name, acronym, expected):
    assert logo_initials(name, acronym) == expected


@pytest.mark.parametrize("name, expected", [
    ("عنقود الصناعات الغذائية", ["ع", "ص", "غ"]),
    ("تجمع الجلود والأحذية في الخليل", ["ت", "ج", "ا", "خ"]),
])
def test_logo_initials_of_arabic_names_are_arabic_letters(name, expected):
    assert logo_initials(name).split(ARABIC_SEPARATOR) == expected


@pytest.mark.parametrize("name", ["Maroc Numeric Cluster", "Cluster des Industries Culturelles "
                                  "et Créatives de la Région Sud", "عنقود تكنولوجيا المعلومات "
                                  "والاتصالات في مدينة صفاقس التونسية"])
def test_logo_initials_are_at_most_four_letters(name):
    assert len(logo_initials(name).replace(ARABIC_SEPARATOR, "")) <= 4


def test_cluster_card_shows_the_initials_placeholder(client, member):
    from tests.factories import make_cluster

    make_cluster(member, "Hebron Leather and Shoe Cluster", country="PS")
    html = client.get("/clusters").get_data(as_text=True)
    assert 'cluster-logo-placeholder" aria-hidden="true" dir="auto">HLSC</span>' in html
