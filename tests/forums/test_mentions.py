"""Mentions and reply notifications: once per post, never for content the user cannot read."""

from community.extensions import db
from community.models import Notification, Post
from tests.factories import cluster_forum, make_thread, make_user, set_channel


def notifications(user, kind=None):
    statement = db.select(Notification).where(Notification.user_id == user.id)
    if kind:
        statement = statement.where(Notification.kind == kind)
    return db.session.scalars(statement).all()


def test_mention_links_profile_and_notifies(api_as, member, other_member, category):
    response = api_as(member).post("/threads", json={
        "title": "Hi", "body": "Hello @karim and @nobody", "category": "general"})
    html = response.json["posts"][0]["body_html"]
    assert 'href="/u/karim"' in html and "/u/nobody" not in html
    [notification] = notifications(other_member, "mention")
    assert notification.actor_id == member.id
    assert notification.target_url == f"/posts/{response.json['posts'][0]['id']}"


def test_mention_not_repeated_on_edit(api_as, member, other_member, category):
    post_id = api_as(member).post("/threads", json={
        "title": "Hi", "body": "Hello @karim", "category": "general"}).json["posts"][0]["id"]
    api_as(member).patch(f"/posts/{post_id}", json={"body": "Hello again @karim"})
    assert len(notifications(other_member, "mention")) == 1


def test_mention_added_on_edit_notifies_new_user(api_as, member, other_member, category):
    third = make_user("yasmine")
    post_id = api_as(member).post("/threads", json={
        "title": "Hi", "body": "Hello @karim", "category": "general"}).json["posts"][0]["id"]
    api_as(member).patch(f"/posts/{post_id}", json={"body": "Hello @karim @yasmine"})
    assert len(notifications(third, "mention")) == 1
    assert len(notifications(other_member, "mention")) == 1


def test_mention_of_self_not_notified(api_as, member, category):
    api_as(member).post("/threads", json={"title": "Hi", "body": "me @amina",
                                          "category": "general"})
    assert notifications(member) == []


def test_mention_in_code_not_notified(api_as, member, other_member, category):
    api_as(member).post("/threads", json={"title": "Hi", "body": "`@karim`",
                                          "category": "general"})
    assert notifications(other_member) == []


def test_mention_of_outsider_in_members_only_forum_not_notified(api_as, member, other_member,
                                                                closed_cluster):
    response = api_as(member).post("/threads", json={
        "title": "Hi", "body": "Psst @karim", "cluster": "secret-lab"})
    assert response.status_code == 201
    assert notifications(other_member) == []


def test_mention_respects_off_preference(api_as, member, other_member, category):
    set_channel(other_member, "mention", "off")
    api_as(member).post("/threads", json={"title": "Hi", "body": "@karim",
                                          "category": "general"})
    assert notifications(other_member) == []


def test_reply_notifies_thread_author(api_as, member, other_member, category):
    thread = make_thread(member, category)
    api_as(other_member).post(f"/threads/{thread.id}/posts", json={"body": "Answer"})
    [notification] = notifications(member, "reply")
    assert notification.actor_id == other_member.id


def test_reply_notifies_subscribers_not_the_poster(api_as, member, other_member, category):
    third = make_user("yasmine")
    thread = make_thread(member, category)
    api_as(third).put(f"/threads/{thread.id}/subscription")
    api_as(other_member).post(f"/threads/{thread.id}/posts", json={"body": "Answer"})
    assert len(notifications(third, "reply")) == 1
    assert notifications(other_member) == []


def test_replying_subscribes_the_poster(api_as, member, other_member, category):
    thread = make_thread(member, category)
    api_as(other_member).post(f"/threads/{thread.id}/posts", json={"body": "Answer"})
    api_as(member).post(f"/threads/{thread.id}/posts", json={"body": "Thanks"})
    assert len(notifications(other_member, "reply")) == 1


def test_unsubscribed_author_not_notified(api_as, member, other_member, category):
    thread = make_thread(member, category)
    api_as(member).delete(f"/threads/{thread.id}/subscription")
    api_as(other_member).post(f"/threads/{thread.id}/posts", json={"body": "Answer"})
    assert notifications(member) == []


def test_mentioned_subscriber_gets_one_notification(api_as, member, other_member, category):
    thread = make_thread(member, category)
    api_as(other_member).post(f"/threads/{thread.id}/posts", json={"body": "@amina look"})
    assert [n.kind for n in notifications(member)] == ["mention"]


def test_subscriber_who_left_members_only_cluster_not_notified(api_as, member, manager,
                                                               closed_cluster):
    from community.clusters.services import leave_cluster
    thread = make_thread(member, cluster_forum(closed_cluster))
    leave_cluster(member, closed_cluster)
    db.session.commit()
    api_as(manager).post(f"/threads/{thread.id}/posts", json={"body": "@amina hello"})
    # the only notification is the approval of their membership, when they joined
    assert [n.kind for n in notifications(member)] == ["membership_approved"]


def test_reply_to_post_records_reply_to(api_as, member, other_member, category):
    thread = make_thread(member, category)
    first = db.session.scalar(db.select(Post).where(Post.thread_id == thread.id))
    post = api_as(other_member).post(f"/threads/{thread.id}/posts",
                                     json={"body": "> First\n\nYes", "reply_to": first.id}).json
    assert "<blockquote>" in post["body_html"]


def test_services_notify_outside_a_request(app, member, other_member, category):
    from community.forums import services
    thread = make_thread(member, category)
    services.create_post(other_member, thread, "reply from a script @amina")
    [notification] = notifications(member)
    assert notification.kind == "mention" and notification.target_url.startswith("/posts/")
