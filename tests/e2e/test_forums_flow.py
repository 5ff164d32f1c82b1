"""Forums in a real browser: a member starts a thread in Markdown, replies with a quote and a
mention; the mentioned member, reading the thread in another browser, sees the reply appear
and the unread badge change live. A draft survives a reload. A thread full of XSS payloads
runs no script."""

from __future__ import annotations

from playwright.sync_api import expect

from community.extensions import db
from community.forums import services
from community.models import Thread, User
from tests import factories
from tests.conftest import unavailable
from tests.e2e.conftest import sign_in
from tests.e2e.test_xss_browser import PROVOKE, TRAP, assert_nothing_ran
from tests.security.corpus import CORPUS, all_payloads, corpus_available


def make_category(live_app, name="General"):
    with live_app.app_context():
        admin = db.session.scalar(db.select(User).where(User.role == "admin"))
        slug = factories.make_category(admin, name, "Everything else").slug
        db.session.remove()
    return slug


def test_thread_markdown_quote_mention_live(open_page, live_app, live_server, browser_user,
                                            check_accessibility, screenshot):
    browser_user("laura", role="admin", display_name="Laura Puig")
    amina_user = browser_user("amina", display_name="Amina Benali")
    karim_user = browser_user("karim", display_name="Karim Haddad")
    slug = make_category(live_app)
    amina, karim = open_page(), open_page()
    for page in (amina, karim):
        # Leaving a page (submit, reload) while its socket is still connecting is expected.
        page.log.allow(r"WebSocket is closed before the connection is established")
    sign_in(amina, amina_user)
    sign_in(karim, karim_user)

    amina.goto(f"{live_server}/forums/{slug}")
    check_accessibility(amina, "category page")
    amina.fill("#title", "Irrigation goutte-à-goutte")
    amina.fill("#body", "## Bilan\n\n- **Débit** réduit de 30 %\n- `capteurs` installés")
    amina.locator("form.js-draft-form [type=submit]").click()
    expect(amina.locator("#posts h4")).to_have_text("Bilan")
    expect(amina.locator("#posts strong")).to_have_text("Débit")
    thread_url = amina.url.split("#")[0]

    karim.goto(thread_url)
    badge = karim.locator(".js-unread-badge").first
    expect(badge).to_be_hidden()

    amina.locator(".js-quote").first.click()
    composer = amina.locator("#reply-form textarea[name=body]")
    expect(composer).to_have_value("> ## Bilan\n> \n> - **Débit** réduit de 30 %\n"
                                   "> - `capteurs` installés\n\n")
    composer.press("End")
    composer.type("Merci @karim, on en parle ?")
    expect(amina.locator(".js-replying-to")).to_be_visible()
    amina.locator("#reply-form [type=submit]").click()
    expect(amina.locator("#posts .forum-post")).to_have_count(2)
    expect(amina.locator("#posts blockquote")).to_have_count(1)

    # Karim did not reload: the reply appears and his badge counts the mention.
    expect(karim.locator("#posts .forum-post")).to_have_count(2)
    expect(karim.locator("#posts .forum-post").last).to_contain_text("Merci")
    expect(karim.locator("#posts .forum-post").last.locator("a[href='/u/karim']")).to_have_count(1)
    expect(badge).to_be_visible()
    expect(badge).to_contain_text("1")
    check_accessibility(karim, "thread page")
    screenshot(karim, "forums-thread-live")

    # A draft survives a reload and is gone once posted.
    karim.fill("#reply-form textarea[name=body]", "Brouillon en cours")
    karim.reload()
    expect(karim.locator("#reply-form textarea[name=body]")).to_have_value("Brouillon en cours")
    karim.locator("#reply-form [type=submit]").click()
    expect(karim.locator("#posts .forum-post")).to_have_count(3)
    karim.goto(thread_url)
    expect(karim.locator("#reply-form textarea[name=body]")).to_have_value("")


def test_thread_of_xss_payloads_runs_no_script(page, live_app, live_server, browser_user):
    if not corpus_available():
        unavailable(f"The XSS corpus is missing at {CORPUS}")
    payloads = all_payloads()
    chosen = (payloads["patt-XSS_Polyglots.txt"] + payloads["markdown-it-xss-fixture.txt"]
              + payloads["h5sc-vectors.txt"] + payloads["patt-xss_alert_identifiable.txt"])
    author = browser_user("hacker", role="admin")
    with live_app.app_context():
        user = db.session.get(User, author.id)
        category = factories.make_category(user, "Payloads")
        thread = factories.make_thread(user, category, "<script>alert(1)</script>", "x")
        # 19 replies, so the whole batch fits on the first page (20 posts).
        size = len(chosen) // 19 + 1
        for n in range(19):
            body = "\n\n".join(chosen[n * size:(n + 1) * size])[:20_000]
            if body.strip():
                factories.make_post(user, thread, body)
        thread_id = thread.id
        assert db.session.get(Thread, thread_id).post_count >= 2
        db.session.remove()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.add_init_script(TRAP)
    response = page.goto(f"{live_server}/threads/{thread_id}")
    assert response.status == 200
    assert page.locator(".user-content").count() >= 2
    page.evaluate(PROVOKE)
    assert_nothing_ran(page, dialogs)


def test_forum_pages_are_accessible(open_page, live_app, live_server, browser_user,
                                    check_accessibility, screenshot):
    admin = browser_user("laura", role="admin", display_name="Laura Puig")
    slug = make_category(live_app, "Énergie")
    with live_app.app_context():
        user = db.session.get(User, admin.id)
        category = services.find_category(slug, user)
        thread = factories.make_thread(user, category, "مدرسة الابتكار",
                                       "مَرْحَبًا بِكُمْ **جميعا**")
        thread_id = thread.id
        db.session.remove()
    page = open_page()
    for path in ("/", "/forums", f"/forums/{slug}", f"/threads/{thread_id}", "/search?q=مدرسة"):
        page.goto(f"{live_server}{path}")
        check_accessibility(page, f"{path} (visitor)")
    expect(page.locator(".search-snippet mark")).to_have_count(1)
    sign_in(page, admin)
    for path in ("/", "/forums/categories", f"/threads/{thread_id}"):
        page.goto(f"{live_server}{path}")
        check_accessibility(page, f"{path} (admin)")
    arabic = open_page(locale="ar")
    arabic.goto(f"{live_server}/threads/{thread_id}")
    check_accessibility(arabic, "thread in Arabic")
    screenshot(arabic, "forums-thread-ar")
