"""What a newcomer sees in the directories and the forums, in a real browser: the members
country filter lists only countries with listed members (an unconfirmed account is neither
listed nor counted), cluster forums sort without regard to case, a visitor is told who may
write in a cluster's public forum, and the home feed's excerpts are plain text."""

from __future__ import annotations

import pytest

from community.extensions import db
from tests.e2e.conftest import PHONE
from tests.factories import cluster_forum, make_cluster, make_post, make_thread, make_user


def _seed(live_app) -> None:
    with live_app.app_context():
        salma = make_user("salma", country="MA", display_name="Salma Benjelloun")
        make_user("ghost", country="FR", confirmed=False, display_name="Ghost Account")
        make_cluster(salma, "Beta Cluster", country="TN")
        alpha = make_cluster(salma, "alpha Cluster", country="MA")
        thread = make_thread(salma, cluster_forum(alpha), title="EU distribution",
                             body="Looking for **EU distribution** partners.")
        make_post(salma, thread, body="We offer **EU distribution** and _logistics_.")
        db.session.remove()


@pytest.mark.parametrize("locale", ["en", "ar"])
def test_directories_and_forums_as_a_newcomer_sees_them(
        open_page, live_app, live_server, check_accessibility, screenshot, locale):
    _seed(live_app)
    page = open_page(locale=locale, viewport=PHONE)

    page.goto(live_server + "/members")
    countries = page.locator("#filter-country option[value]:not([value=''])")
    assert countries.evaluate_all("options => options.map(o => o.value)") == ["MA"]
    assert page.get_by_text("Ghost Account").count() == 0

    page.goto(live_server + "/forums")
    names = page.locator("#cluster-forums ~ * a.fw-semibold").all_inner_texts()
    assert [n.strip() for n in names] == ["alpha Cluster", "Beta Cluster"]

    page.goto(live_server + "/forums/c/alpha-cluster")
    assert page.locator(".forum-rule").count() == 1
    sign_in = ".forum-rule + p a[href='/login?next=/forums/c/alpha-cluster']"
    assert page.locator(sign_in).count() == 1
    screenshot(page, f"cluster-forum-visitor-{locale}-390")

    page.goto(live_server + "/")
    excerpt = page.locator(".feed-excerpt").first.inner_text()
    assert "EU distribution" in excerpt and "**" not in excerpt and "_logistics_" not in excerpt
    check_accessibility(page, f"home feed ({locale})")
