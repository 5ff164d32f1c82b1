"""HTML pages of the forums: reading, posting, actions and refusals."""

import pytest

from community.extensions import db
from community.models import Post, Reaction, ReadMarker, Report, Subscription, Thread
from tests.factories import cluster_forum, make_post, make_thread


@pytest.fixture
def thread(member, category):
    return make_thread(member, category, "Water reuse", "**First** post")


def first_post(thread):
    return db.session.scalar(db.select(Post).where(Post.thread_id == thread.id,
                                                   Post.position == 1))


def test_forums_index_lists_categories(client, category, open_cluster, closed_cluster):
    page = client.get("/forums").get_data(as_text=True)
    assert "General" in page and "Agrinov" in page and "Secret Lab" not in page


def test_forums_index_shows_members_only_forum_to_member(client, auth, member, closed_cluster):
    auth.login(member)
    assert "Secret Lab" in client.get("/forums").get_data(as_text=True)


def test_category_page_lists_threads(client, thread):
    page = client.get("/forums/general").get_data(as_text=True)
    assert "Water reuse" in page and "Start a thread" not in page


def test_unknown_category_not_found(client):
    assert client.get("/forums/nothing").status_code == 404


def test_members_only_forum_page_asks_visitors_to_sign_in(client, closed_cluster):
    assert client.get("/forums/c/secret-lab").status_code == 401


def test_members_only_forum_page_tells_outsiders_who_may_enter(client, auth, other_member,
                                                               closed_cluster):
    auth.login(other_member)
    page = client.get("/forums/c/secret-lab")
    assert page.status_code == 403
    assert "only members of Secret Lab can read and write" in page.get_data(as_text=True)


def test_members_only_thread_page_not_found_for_outsiders(client, auth, member, other_member,
                                                          closed_cluster):
    secret = make_thread(member, cluster_forum(closed_cluster), "Budget")
    assert client.get(f"/threads/{secret.id}").status_code == 404
    auth.login(other_member)
    assert client.get(f"/threads/{secret.id}").status_code == 404
    assert client.get(f"/posts/{first_post(secret).id}").status_code == 404
    auth.logout()
    auth.login(member)
    assert client.get(f"/threads/{secret.id}").status_code == 200


def test_start_thread_from_page(client, auth, member, category):
    auth.login(member)
    response = client.post("/forums/general", data={"title": "New", "body": "# Hi"})
    assert response.status_code == 302
    thread = db.session.scalar(db.select(Thread))
    assert response.headers["Location"].endswith(f"/threads/{thread.id}")
    assert "<h3>Hi</h3>" in client.get(f"/threads/{thread.id}").get_data(as_text=True)


def test_start_thread_in_cluster_forum_page(client, auth, member, open_cluster):
    auth.login(member)
    assert client.post("/forums/c/agrinov", data={"title": "T", "body": "B"}).status_code == 302


def test_start_thread_invalid_shows_errors(client, auth, member, category):
    auth.login(member)
    response = client.post("/forums/general", data={"title": "", "body": "x"})
    assert response.status_code == 200
    assert db.session.scalar(db.select(Thread)) is None


def test_start_thread_anonymous_forbidden(client, category):
    assert client.post("/forums/general", data={"title": "T", "body": "B"}).status_code == 403


def test_thread_page_shows_posts_and_reply_form(client, auth, other_member, thread):
    auth.login(other_member)
    page = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    assert "<strong>First</strong>" in page and 'id="reply-form"' in page
    assert "js-quote" in page and "js/forums." in page


def test_thread_page_anonymous_has_no_reply_form(client, thread):
    page = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    assert 'id="reply-form"' not in page and "Sign in to reply" in page


def test_reply_from_page_with_reply_to(client, auth, other_member, thread):
    auth.login(other_member)
    data = {"body": "> quoted\n\nanswer", "reply_to": str(first_post(thread).id)}
    response = client.post(f"/threads/{thread.id}", data=data)
    assert response.status_code == 302
    post = db.session.scalar(db.select(Post).where(Post.position == 2))
    assert post.reply_to_id == first_post(thread).id
    assert "<blockquote>" in post.body_html


def test_reply_in_locked_thread_page_forbidden(client, auth, other_member, thread):
    thread.locked = True
    db.session.commit()
    auth.login(other_member)
    assert client.post(f"/threads/{thread.id}", data={"body": "x"}).status_code == 403
    assert "This thread is locked" in client.get(f"/threads/{thread.id}").get_data(as_text=True)


def test_goto_post_redirects_to_its_page(client, member, thread):
    for n in range(25):
        make_post(member, thread, f"reply {n}")
    last = db.session.scalar(db.select(Post).where(Post.position == 26))
    response = client.get(f"/posts/{last.id}")
    assert response.headers["Location"].endswith(f"/threads/{thread.id}?page=2#post-{last.id}")


def test_thread_page_records_read_marker_and_first_unread(client, auth, member, other_member,
                                                          thread):
    auth.login(other_member)
    client.get(f"/threads/{thread.id}")
    marker = db.session.get(ReadMarker, (thread.id, other_member.id))
    assert marker.position == 1
    new = make_post(member, thread, "news")
    response = client.get(f"/threads/{thread.id}/unread")
    assert response.headers["Location"].endswith(f"#post-{new.id}")
    listing = client.get("/forums/general").get_data(as_text=True)
    assert "1 new" in listing


def test_edit_post_page(client, auth, member, thread):
    auth.login(member)
    post = first_post(thread)
    assert "**First** post" in client.get(f"/posts/{post.id}/edit").get_data(as_text=True)
    assert client.post(f"/posts/{post.id}/edit", data={"body": "changed"}).status_code == 302
    history = client.get(f"/posts/{post.id}/revisions").get_data(as_text=True)
    assert "changed" in history and "<strong>First</strong>" in history


def test_edit_post_page_of_other_forbidden(client, auth, other_member, thread):
    auth.login(other_member)
    post = first_post(thread)
    assert client.get(f"/posts/{post.id}/edit").status_code == 403
    assert client.post(f"/posts/{post.id}/edit", data={"body": "x"}).status_code == 403


def test_delete_post_page_shows_deleted(client, auth, member, thread):
    auth.login(member)
    post = first_post(thread)
    assert client.post(f"/posts/{post.id}/delete").status_code == 302
    page = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    assert "This post was deleted." in page and "<strong>First</strong>" not in page


def test_toggle_reaction_page(client, auth, other_member, thread):
    auth.login(other_member)
    post = first_post(thread)
    client.post(f"/posts/{post.id}/reactions/thanks")
    assert db.session.get(Reaction, (post.id, other_member.id, "thanks")) is not None
    client.post(f"/posts/{post.id}/reactions/thanks")
    assert db.session.get(Reaction, (post.id, other_member.id, "thanks")) is None


def test_report_post_page(client, auth, other_member, thread):
    auth.login(other_member)
    post = first_post(thread)
    assert client.post(f"/posts/{post.id}/report", data={"reason": "abuse"}).status_code == 302
    assert db.session.scalar(db.select(Report)).reason == "abuse"


def test_toggle_subscription_page(client, auth, other_member, thread):
    auth.login(other_member)
    client.post(f"/threads/{thread.id}/subscription")
    assert db.session.get(Subscription, (thread.id, other_member.id)) is not None
    client.post(f"/threads/{thread.id}/subscription")
    assert db.session.get(Subscription, (thread.id, other_member.id)) is None


def test_pin_and_lock_page_by_moderator(client, auth, moderator, thread):
    auth.login(moderator)
    client.post(f"/threads/{thread.id}/moderation", data={"action": "pin"})
    client.post(f"/threads/{thread.id}/moderation", data={"action": "lock"})
    db.session.refresh(thread)
    assert thread.pinned and thread.locked


def test_pin_page_by_member_forbidden(client, auth, member, thread):
    auth.login(member)
    assert client.post(f"/threads/{thread.id}/moderation",
                       data={"action": "pin"}).status_code == 403


def test_old_categories_page_redirects_to_the_admin_page(client):
    response = client.get("/forums/categories")
    assert response.status_code == 301
    assert response.headers["Location"].endswith("/admin/categories")


def test_search_page(client, thread):
    page = client.get("/search?q=first").get_data(as_text=True)
    assert "<mark>First</mark>" in page and "Water reuse" in page


def test_search_page_hides_members_only(client, member, closed_cluster):
    make_thread(member, cluster_forum(closed_cluster), "Budget", "secret numbers")
    page = client.get("/search?q=secret").get_data(as_text=True)
    assert "Budget" not in page


def test_home_feed_visitor_sees_public_threads_and_new_clusters(client, member, thread,
                                                                open_cluster, closed_cluster):
    make_thread(member, cluster_forum(closed_cluster), "Budget")
    page = client.get("/").get_data(as_text=True)
    assert "Water reuse" in page and "Agrinov" in page and "Budget" not in page


def test_home_feed_member_sees_cluster_and_subscribed_threads(client, auth, member, other_member,
                                                              manager, category, closed_cluster):
    make_thread(manager, cluster_forum(closed_cluster), "Budget")
    followed = make_thread(other_member, category, "Followed")
    make_thread(other_member, category, "Unrelated")
    from community.forums import services
    services.subscribe(member, followed)
    db.session.commit()
    auth.login(member)
    page = client.get("/").get_data(as_text=True)
    assert "Budget" in page and "Followed" in page and "Unrelated" not in page
    auth.logout()
    auth.login(other_member)
    assert "Budget" not in client.get("/").get_data(as_text=True)


def test_huge_page_number_shows_an_empty_page(client, thread):
    """Like any page past the last one: 200, with no thread listed and no post shown."""
    listing = client.get("/forums/general?page=99999999999999999999")
    assert listing.status_code == 200
    assert thread.title not in listing.get_data(as_text=True)
    page = client.get(f"/threads/{thread.id}?page=99999999999999999999")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert thread.title in html and first_post(thread).body_html not in html
