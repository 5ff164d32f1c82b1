"""Names, titles and quoted user text keep their own order inside translated sentences: the
`isolate` helpers, and the pages that carry them (issue 11, item 14)."""

from __future__ import annotations

from flask import render_template_string
from markupsafe import Markup

from community.i18n import format_isolated, isolate, isolate_plain
from tests.factories import make_category, make_cluster, make_thread

ARABIC = {"Accept-Language": "ar"}


def test_isolate_escapes_and_wraps():
    assert isolate("<b>int@j</b>") == "<bdi>&lt;b&gt;int@j&lt;/b&gt;</bdi>"


def test_isolate_with_a_direction_sets_it():
    assert isolate("amina@example.org", "ltr") == '<bdi dir="ltr">amina@example.org</bdi>'


def test_isolate_plain_uses_unicode_isolates():
    assert isolate_plain("int@j") == "\u2068int@j\u2069"


def test_format_isolated_escapes_the_sentence_and_the_value_but_not_markup():
    html = format_isolated("<%(a)s> & %(b)s", a="<i>x</i>", b=Markup("<em>y</em>"))
    assert html == "&lt;<bdi>&lt;i&gt;x&lt;/i&gt;</bdi>&gt; &amp; <em>y</em>"


def test_translated_template_sentence_isolates_an_escaped_value(app):
    with app.test_request_context(headers={"Accept-Language": "fr"}):
        html = render_template_string('{{ _("Members of %(name)s", name=v|isolate) }}',
                                      v="<Cluster & Co>")
    assert html == "Membres du cluster <bdi>&lt;Cluster &amp; Co&gt;</bdi>"


def test_directory_card_isolates_name_with_its_acronym(client, member):
    make_cluster(member, "Egyptian Renewable Energy Cluster Initiative", country="EG",
                 acronym="ERECI")
    html = client.get("/clusters", headers=ARABIC).get_data(as_text=True)
    assert ('dir="auto">Egyptian Renewable Energy Cluster Initiative</a> '
            '<small class="text-muted" dir="auto">(ERECI)</small></bdi>') in html


def test_logo_placeholder_is_isolated_without_the_acronym_symbols(client, member):
    make_cluster(member, "ICT Association of Jordan", country="JO", acronym="int@")
    html = client.get("/clusters/ict-association-of-jordan", headers=ARABIC).get_data(
        as_text=True)
    assert 'aria-hidden="true" dir="auto">INT</span>' in html


def test_partners_reasons_isolate_the_quoted_needs(client, member, other_member):
    make_cluster(member, "Huile Nord-Ouest", country="TN", sectors=["olive-oil"],
                 seeks=[{"text": "Distribution partner in the EU for olive oil",
                         "tags": ["olive oil", "distribution"]}])
    make_cluster(other_member, "Andalusian Olive Oil", country="ES", sectors=["olive-oil"],
                 offers=[{"text": "Olive oil distribution network in the EU",
                          "tags": ["olive oil", "distribution"]}])
    html = client.get("/clusters/huile-nord-ouest/partners", headers=ARABIC).get_data(
        as_text=True)
    assert "<bdi>Olive oil distribution network in the EU</bdi>" in html
    assert "<bdi>Distribution partner in the EU for olive oil</bdi>" in html
    assert "<bdi>زيت الزيتون</bdi>" in html  # the shared sector, by its Arabic name


def test_partners_api_gives_plain_text_reasons(anon_api, member, other_member):
    make_cluster(member, "Huile Nord-Ouest", country="TN", sectors=["olive-oil"])
    make_cluster(other_member, "Andalusian Olive Oil", country="ES", sectors=["olive-oil"])
    items = anon_api.get("/clusters/huile-nord-ouest/partners").json["items"]
    assert items[0]["reasons"] == ["Shared sector: Olive oil"]


def test_profile_shows_the_username_left_to_right(client, member):
    html = client.get(f"/u/{member.username}", headers=ARABIC).get_data(as_text=True)
    assert f'<span dir="ltr">@{member.username}</span>' in html


def test_forum_post_author_name_is_isolated(client, member, admin):
    thread = make_thread(member, make_category(admin), "Hello", "First post")
    html = client.get(f"/threads/{thread.id}", headers=ARABIC).get_data(as_text=True)
    assert f'dir="auto">{member.display_name}</a>' in html
