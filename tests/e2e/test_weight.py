"""Weight on slow links: the bytes a signed-in member's browser moves over the wire for the home,
thread, members and chat pages, on a first visit (empty cache) and a repeat visit (same
browser, warm cache). The thread page must stay within 200 KB first and 20 KB repeat."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from community.extensions import db
from community.models import User
from tests import factories
from tests.e2e.conftest import PHONE, sign_in

FIRST_VISIT_LIMIT = 200 * 1024
REPEAT_VISIT_LIMIT = 20 * 1024
BRAND = "rgb(11, 79, 108)"  # .bg-brand of static/css/app.css
WHITE = "rgb(255, 255, 255)"


class WireMeter:
    """Adds up Chromium's encodedDataLength (headers and body as they crossed the network,
    compressed) of every request that finished, through the DevTools protocol."""

    def __init__(self, page) -> None:
        self.page = page
        self.cdp = page.context.new_cdp_session(page)
        self.cdp.send("Network.enable")
        self.total = 0
        self.cdp.on("Network.loadingFinished", self._finished)

    def _finished(self, event: dict) -> None:
        self.total += int(event["encodedDataLength"])

    def visit(self, url: str, *, cold: bool) -> int:
        """The bytes moved by one visit to `url` (`cold`: the browser cache emptied first)."""
        if cold:
            self.cdp.send("Network.clearBrowserCache")
        self.total = 0
        self.page.goto(url, wait_until="load")
        # Scripts ask the API for what they show once the page has loaded.
        self.page.wait_for_load_state("networkidle")
        return self.total


def make_pages(live_app) -> dict[str, str]:
    """A cluster with its chat room and a forum thread with a few replies; the page paths."""
    with live_app.app_context():
        amina = db.session.scalar(db.select(User).where(User.username == "amina"))
        karim = db.session.scalar(db.select(User).where(User.username == "karim"))
        cluster = factories.make_cluster(amina, members=[karim])
        room = factories.cluster_room(cluster)
        factories.make_message(karim, room, "Bonjour à tous")
        category = factories.make_category(
            db.session.scalar(db.select(User).where(User.role == "admin")), "General")
        thread = factories.make_thread(amina, category, "Irrigation", "## Bilan\n\n**Débit**")
        for number in range(3):
            factories.make_post(karim, thread, f"Réponse {number} avec un peu de texte.")
        paths = {"home": "/", "thread": f"/threads/{thread.id}", "members": "/members",
                 "chat": f"/chat?room={room.id}"}
        db.session.remove()
    return paths


def test_pages_weigh_little_first_and_repeat(open_page, live_app, live_server, browser_user,
                                             capsys):
    """Each page visited with an empty cache, then again; the table of bytes is printed."""
    browser_user("laura", role="admin", display_name="Laura Puig")
    browser_user("amina", display_name="Amina Benali")
    karim = browser_user("karim", display_name="Karim Haddad", country="JO")
    paths = make_pages(live_app)
    page = open_page()
    page.log.allow(r"WebSocket is closed before the connection is established")
    sign_in(page, karim)
    meter = WireMeter(page)

    weights = {name: (meter.visit(live_server + path, cold=True),
                      meter.visit(live_server + path, cold=False))
               for name, path in paths.items()}
    with capsys.disabled():
        print("\npage      first KB  repeat KB")
        for name, (first, repeat) in weights.items():
            print(f"{name:<9} {first / 1024:8.1f}  {repeat / 1024:9.1f}")

    first, repeat = weights["thread"]
    assert first <= FIRST_VISIT_LIMIT, f"thread page, first visit: {first} bytes"
    assert repeat <= REPEAT_VISIT_LIMIT, f"thread page, repeat visit: {repeat} bytes"


def test_purged_styles_still_apply(open_page, live_server, browser_user):
    """Bootstrap without its unused rules (left-to-right and RTL builds), under a hashed name
    cached for a year: the brand navbar, a primary button, a checkbox's tick and the phone
    menu still look as designed."""
    browser_user("laura", role="admin", display_name="Laura Puig")
    amina = browser_user("amina", display_name="Amina Benali")
    for locale, build in (("en", ""), ("ar", ".rtl")):
        page = open_page(locale=locale, viewport=PHONE)
        sign_in(page, amina)
        page.goto(live_server + "/settings/profile")
        stylesheet = page.locator("link[rel=stylesheet]").first.get_attribute("href")
        assert re.fullmatch(rf"/static/vendor/bootstrap/bootstrap{re.escape(build)}"
                            r"\.min\.[0-9a-f]{8}\.css", stylesheet)
        response = page.request.get(live_server + stylesheet)
        assert response.headers["cache-control"] == "public, max-age=31536000, immutable"

        expect(page.locator("nav.navbar")).to_have_css("background-color", BRAND)
        button = page.locator("form .btn-primary").first
        expect(button).to_have_css("color", WHITE)
        expect(button).to_have_css("background-color", BRAND)
        checkbox = page.locator("input.form-check-input[type=checkbox]").first
        checkbox.check()
        assert "url(" in checkbox.evaluate("el => getComputedStyle(el).backgroundImage")
        expect(page.locator("#nav-main")).to_be_hidden()
        page.locator(".navbar-toggler").click()
        expect(page.locator("#nav-main")).to_be_visible()
