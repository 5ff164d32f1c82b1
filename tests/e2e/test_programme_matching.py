"""A coordinator opens the suggested pairs of a programme, confirms one, and sees it leave the
suggestions; the page in English and Arabic on a desktop and a phone, in French on a phone."""

from __future__ import annotations

from pathlib import Path

from community.extensions import db
from community.models import User
from tests.e2e.conftest import PHONE, sign_in
from tests.factories import enrol, make_programme, make_user

WIDE = {"width": 1366, "height": 800}
SHOTS = Path("/tmp/shots/prog-match")


def programme_with_people(live_app, admin_id: int) -> str:
    """The README's example (mentors Ana and Bruno, mentees Xavier and Yasmine), and a mentee
    no mentor can talk with."""
    with live_app.app_context():
        programme = make_programme(db.session.get(User, admin_id))
        enrol(programme, make_user("ana", display_name="Ana Puig", country="ES"), "mentor",
              languages=["fr", "en"], expertise=["export to the EU"])
        enrol(programme, make_user("bruno", display_name="Bruno Martin", country="FR"),
              "mentor", languages=["fr"])
        enrol(programme, make_user("xavier", display_name="Xavier Alami", country="MA"),
              "mentee", languages=["fr", "en"], goals="Export to the EU.")
        enrol(programme, make_user("yasmine", display_name="ياسمين الطرابلسي", country="TN"),
              "mentee", languages=["en"])
        enrol(programme, make_user("zaid", display_name="Zaid Haddad", country="JO"),
              "mentee", languages=["ar"])
        slug = programme.slug
        db.session.remove()
    return slug


def shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_coordinator_confirms_a_suggested_pair(open_page, live_app, live_server, browser_user,
                                               check_accessibility):
    coordinator = browser_user("laura", role="admin", display_name="Laura Puig", country="ES")
    slug = programme_with_people(live_app, coordinator.id)
    page = open_page(viewport=WIDE)
    sign_in(page, coordinator)
    page.goto(f"{live_server}/programmes/{slug}")
    shoot(page, "programme-en-1366")
    with page.expect_navigation():
        page.locator(".programme-suggestions-link a").click()
    assert page.locator(".suggestion").count() == 2
    assert page.locator(".unpaired-list li").count() == 1
    shoot(page, "suggestions-en-1366")
    check_accessibility(page, "suggestions (en)")
    with page.expect_navigation():
        page.locator(".suggestion", has_text="Xavier Alami").get_by_role("button").click()
    assert page.locator(".alert-success").count() == 1
    assert page.locator(".suggestion").count() == 1
    page.set_viewport_size(PHONE)
    shoot(page, "suggestions-en-390")

    arabic = open_page(locale="ar", viewport=WIDE)
    sign_in(arabic, coordinator)
    arabic.goto(f"{live_server}/programmes/{slug}")
    shoot(arabic, "programme-ar-1366")
    arabic.goto(f"{live_server}/programmes/{slug}/suggestions")
    assert arabic.locator("html[dir=rtl] .suggestion").count() == 1
    shoot(arabic, "suggestions-ar-1366")
    arabic.set_viewport_size(PHONE)
    shoot(arabic, "suggestions-ar-390")
    check_accessibility(arabic, "suggestions (ar)")

    french = open_page(locale="fr", viewport=PHONE)  # the longest wording
    sign_in(french, coordinator)
    french.goto(f"{live_server}/programmes/{slug}/suggestions")
    shoot(french, "suggestions-fr-390")
