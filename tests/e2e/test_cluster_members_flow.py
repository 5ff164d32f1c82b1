"""A manager on a phone invites a member found by part of a name, chosen with the keyboard from
the member picker, in English and in Arabic; the partners page keeps its top match's reasons
inside the card on a desktop and a phone."""

from __future__ import annotations

import pytest

from community.extensions import db
from tests.e2e.conftest import PHONE, sign_in
from tests.factories import make_cluster

WIDE = {"width": 1366, "height": 800}
LONG_WORD = "Distributionnetworkforextravirginoliveoilacrosstheeuropeanunionmarkets"
CANDIDATE = {"en-US": ("leila", "Leïla Ben Salah", "LEILA"),
             "ar": ("layla", "ليلى بن صالح", "ليلى")}


def overflowing(page, selector: str) -> bool:
    """True when the element, or the page itself, is wider than the space it is given."""
    return page.evaluate("""(selector) => {
        const box = document.querySelector(selector);
        const root = document.documentElement;
        return box.scrollWidth > box.clientWidth || root.scrollWidth > root.clientWidth;
    }""", selector)


@pytest.mark.parametrize("locale", ["en-US", "ar"])
def test_invite_by_part_of_a_name_and_partners_fit(locale, open_page, live_app, live_server,
                                                   browser_user, check_accessibility,
                                                   screenshot):
    manager = browser_user("salma", display_name="Salma Benjelloun", country="TN")
    username, display_name, typed = CANDIDATE[locale]
    browser_user(username, display_name=display_name, country="JO")
    with live_app.app_context():
        from community.models import User

        owner = db.session.get(User, manager.id)
        partner = browser_user("pablo", display_name="Pablo Ruiz", country="ES")
        make_cluster(owner, "Huile Nord-Ouest", country="TN", sectors=["olive-oil"],
                     seeks=[{"text": f"{LONG_WORD} partner", "tags": ["olive oil", "export"]}])
        make_cluster(db.session.get(User, partner.id), "Andalusian Olive Oil", country="ES",
                     sectors=["olive-oil"],
                     offers=[{"text": f"{LONG_WORD} partner", "tags": ["olive oil", "export"]}])
        db.session.remove()
    tag = "en" if locale == "en-US" else "ar"

    page = open_page(locale=locale, viewport=PHONE)
    sign_in(page, manager)
    page.goto(live_server + "/clusters/huile-nord-ouest/members")
    field = page.locator("input[name=username]")
    field.press_sequentially(typed, delay=40)
    option = page.locator("[role=option]", has_text=display_name)
    option.wait_for()
    assert field.get_attribute("aria-expanded") == "true"
    field.press("ArrowDown")
    assert field.get_attribute("aria-activedescendant") == option.get_attribute("id")
    screenshot(page, f"cluster-member-picker-{tag}-390")
    check_accessibility(page, f"member picker ({tag})")
    field.press("Enter")
    assert field.input_value() == username
    with page.expect_navigation():
        page.locator("form.member-picker [type=submit]").click()
    assert page.locator(".alert", has_text=username).count() == 1
    screenshot(page, f"cluster-members-{tag}-390")

    for viewport, width in ((WIDE, 1366), (PHONE, 390)):
        page.set_viewport_size(viewport)
        page.goto(live_server + "/clusters/huile-nord-ouest/partners")
        assert page.locator(".partner-cards .cluster-card").count() == 1
        assert not overflowing(page, ".partner-cards .cluster-card")
        screenshot(page, f"cluster-partners-{tag}-{width}")
    check_accessibility(page, f"partners ({tag})")
