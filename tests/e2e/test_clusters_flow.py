"""Clusters in a real browser: propose → a moderator approves from the queue → listed in the
directory → another member asks to join → the manager accepts → the member's notification
count changes live; the directory's filters in English and in Arabic."""

from __future__ import annotations

from urllib.parse import urlsplit

from community.extensions import db
from tests.e2e.conftest import BrowserUser, sign_in
from tests.factories import PASSWORD, make_cluster, make_user


def submit(page, form_selector: str) -> None:
    with page.expect_navigation():
        page.locator(f"{form_selector} [type=submit]").first.click()


def badge(page):
    return page.locator("a[href='/notifications'] .js-unread-badge")


def test_propose_approve_join_and_accept(open_page, live_server, browser_user,
                                         check_accessibility, screenshot):
    creator = browser_user("salma", display_name="Salma Benjelloun", country="MA")
    moderator = browser_user("moussa", role="moderator", display_name="Moussa Diallo")
    joiner = browser_user("karim", display_name="Karim Haddad", country="JO")

    manager_page = open_page()
    sign_in(manager_page, creator)
    manager_page.goto(live_server + "/clusters/new")
    check_accessibility(manager_page, "propose a cluster")
    manager_page.fill("input[name=name]", "Cluster Marbre")
    manager_page.fill("input[name=acronym]", "CM")
    manager_page.select_option("select[name=country]", "TN")
    manager_page.check("input[name=sectors][value=marble-stone]")
    manager_page.fill("input[name=labels]", "ECEI Bronze")
    manager_page.fill("input[name=website]", "https://marbre.example.org")
    manager_page.fill("textarea[name=description]", "Tunisian **marble** quarries.")
    submit(manager_page, "form:has(textarea[name=description])")
    assert urlsplit(manager_page.url).path == "/clusters/cluster-marbre"
    assert manager_page.get_by_text("waits for a moderator").count() >= 1
    check_accessibility(manager_page, "pending cluster page")

    moderator_page = open_page()
    sign_in(moderator_page, moderator)
    moderator_page.goto(live_server + "/admin/clusters")
    check_accessibility(moderator_page, "approval queue")
    screenshot(moderator_page, "clusters-approval-queue")
    item = moderator_page.locator(".queue-item", has_text="Cluster Marbre")
    with moderator_page.expect_navigation():
        item.get_by_role("button", name="Approve").click()
    moderator_page.goto(live_server + "/clusters")
    assert moderator_page.locator(".cluster-card", has_text="Cluster Marbre").count() == 1

    manager_page.reload()
    assert badge(manager_page).inner_text().startswith("1")  # cluster_approved

    member_page = open_page()
    sign_in(member_page, joiner)
    member_page.goto(live_server + "/clusters/cluster-marbre")
    check_accessibility(member_page, "cluster page")
    screenshot(member_page, "clusters-page")
    assert badge(member_page).is_hidden()
    submit(member_page, "form[action$='/join']")
    assert member_page.get_by_text("waits for a manager").count() == 1

    # The manager's badge changes live (Socket.IO), without a reload.
    manager_page.wait_for_function(
        "() => document.querySelector('.js-unread-badge').dataset.count === '2'")
    manager_page.goto(live_server + "/clusters/cluster-marbre/members?state=requested")
    check_accessibility(manager_page, "join requests")
    row = manager_page.locator(".member-row", has_text="Karim Haddad")
    with manager_page.expect_navigation():
        row.get_by_role("button", name="Accept").click()

    member_page.wait_for_function(
        "() => document.querySelector('.js-unread-badge').dataset.count === '1'")
    assert badge(member_page).is_visible()
    member_page.reload()
    assert badge(member_page).inner_text().startswith("1")
    member_page.goto(live_server + "/notifications")
    assert member_page.locator(".notification-unread", has_text="Cluster Marbre").count() == 1
    check_accessibility(member_page, "notifications")
    screenshot(member_page, "notifications")
    member_page.goto(live_server + "/clusters/cluster-marbre")
    assert member_page.get_by_role("button", name="Leave").count() == 1


def test_directory_filters_in_english_and_arabic(open_page, live_app, live_server,
                                                 check_accessibility, screenshot):
    with live_app.app_context():
        manager = make_user("salma", country="MA")
        make_cluster(manager, "Maroc Numeric Cluster", country="MA", sectors=["ICT"],
                     labels=["ECEI Bronze"])
        make_cluster(manager, "Techtera", country="FR", sectors=["textiles"])
        make_cluster(manager, "Cluster Marbre", country="TN", sectors=["marble-stone"])
        db.session.remove()

    page = open_page()
    page.goto(live_server + "/clusters")
    check_accessibility(page, "directory")
    assert page.locator(".cluster-card").count() == 3
    with page.expect_navigation():
        page.select_option("#filter-shore", "north")
    assert [t.strip() for t in page.locator(".cluster-card h3 a").all_inner_texts()] == [
        "Techtera"]
    screenshot(page, "clusters-directory-en")

    arabic = open_page(locale="ar")
    arabic.goto(live_server + "/clusters")
    assert arabic.locator("html").get_attribute("dir") == "rtl"
    assert "المغرب" in arabic.locator("#filter-country").inner_text()
    with arabic.expect_navigation():
        arabic.select_option("#filter-country", "MA")
    assert arabic.locator(".cluster-card").count() == 1
    assert arabic.locator(".cluster-card").inner_text().count("Maroc Numeric Cluster") == 1
    screenshot(arabic, "clusters-directory-ar")
    arabic.fill("#filter-q", "Techtera")
    with arabic.expect_navigation():
        arabic.locator(".directory-filters [type=submit]").click()
    assert arabic.locator(".cluster-card").count() == 0
    assert arabic.locator("#filter-country").input_value() == "MA"
    check_accessibility(arabic, "directory in Arabic")


def test_payloads_in_cluster_pages_run_no_script(page, live_app, live_server):
    """Hostile names, acronyms, tags, offers and descriptions on the cluster page, the
    directory, the partner list and the approval queue: nothing runs."""
    from community.markup import render_markdown
    from community.models import Cluster, ClusterNeed, ClusterTag
    from tests.conftest import unavailable
    from tests.e2e.test_xss_browser import PROVOKE, TRAP, assert_nothing_ran
    from tests.security.corpus import CORPUS, all_payloads, corpus_available

    if not corpus_available():
        unavailable(f"The XSS corpus is missing at {CORPUS}")
    payloads = all_payloads()
    chosen = (payloads["patt-XSS_Polyglots.txt"] + payloads["markdown-it-xss-fixture.txt"]
              + payloads["h5sc-vectors.txt"])
    short = [p for p in chosen if len(p) <= 160]
    with live_app.app_context():
        manager = make_user("hacker", role="moderator")
        for index, (slug, shore, country) in enumerate(
                [("evil-south", "south", "TN"), ("evil-north", "north", "FR")]):
            cluster = make_cluster(manager, f"Evil {index}", country=country)
            cluster.slug, cluster.shore = slug, shore
            cluster.name = short[index][:160]
            cluster.acronym = short[index + 2][:20]
            cluster.website = "https://example.org/" + short[index + 4][:200]
            cluster.description = "\n\n".join(chosen)
            cluster.description_html = render_markdown(cluster.description)
            cluster.tags = [ClusterTag(kind=kind, value=value[:60], position=i)
                            for i, value in enumerate(dict.fromkeys(short[5:15]))
                            for kind in ("sector", "label")]
            cluster.needs = [ClusterNeed(kind=kind, text=text[:300], tags=[text[:40]],
                                         position=i)
                             for i, text in enumerate(short[15:35]) for kind in ("offer", "seek")]
        db.session.add(Cluster(slug="evil-pending", name=short[40][:160], country="MA",
                               shore="south", status="pending", description="x",
                               description_html=render_markdown(short[41]),
                               created_by=manager))
        db.session.commit()
        db.session.remove()

    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.add_init_script(TRAP)
    sign_in(page, BrowserUser(0, "hacker", "hacker@example.org", PASSWORD, "Hacker"))
    for path in ("/clusters/evil-south", "/clusters", "/clusters/evil-south/partners",
                 "/clusters/evil-north/members", "/admin/clusters", "/clusters/evil-south/edit",
                 "/clusters/evil-south/needs"):
        response = page.goto(live_server + path)
        assert response.status == 200, path
        page.evaluate(PROVOKE)
        assert_nothing_ran(page, dialogs)
