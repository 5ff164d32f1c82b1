"""Who may write in a cluster's forum (spec README): any member of the network when it is
public, only the cluster's members when it is members-only; and the pages say so."""

from __future__ import annotations

from tests.factories import cluster_forum, make_thread


def test_outsider_starts_a_thread_in_a_public_cluster_forum(api_as, other_member, open_cluster):
    response = api_as(other_member).post("/threads", json={
        "title": "Cross-border", "body": "Hello from Karim", "cluster": "agrinov"})
    assert response.status_code == 201


def test_outsider_replies_in_a_public_cluster_forum(api_as, manager, other_member,
                                                    open_cluster):
    thread = make_thread(manager, cluster_forum(open_cluster), "Irrigation")
    response = api_as(other_member).post(f"/threads/{thread.id}/posts", json={"body": "Yes!"})
    assert response.status_code == 201


def test_outsider_thread_form_in_a_members_only_forum_is_403(client, auth, other_member,
                                                             closed_cluster):
    auth.login(other_member)
    response = client.post("/forums/c/secret-lab", data={"title": "x", "body": "y"})
    assert response.status_code == 403


def test_cluster_page_says_a_public_forum_is_open_to_everyone(client, open_cluster):
    html = client.get("/clusters/agrinov").get_data(as_text=True)
    assert "Open to every i-Community member: anyone signed in can start a thread" in html


def test_cluster_page_says_who_may_use_a_members_only_forum(client, closed_cluster):
    html = client.get("/clusters/secret-lab").get_data(as_text=True)
    assert "only members of <bdi>Secret Lab</bdi> can read and write there" in html


def test_public_cluster_forum_page_asks_visitors_to_sign_in_to_write(client, open_cluster):
    html = client.get("/forums/c/agrinov").get_data(as_text=True)
    assert "Open to every i-Community member" in html
    assert 'href="/login?next=/forums/c/agrinov">Sign in to write</a>' in html


def test_public_cluster_forum_page_has_no_sign_in_prompt_for_members(client, auth, other_member,
                                                                     open_cluster):
    auth.login(other_member)
    assert "Sign in to write" not in client.get("/forums/c/agrinov").get_data(as_text=True)


def test_forums_index_marks_members_only_forums(client, auth, member, open_cluster,
                                                closed_cluster):
    auth.login(member)
    html = client.get("/forums").get_data(as_text=True)
    secret = html[html.index("Secret Lab"):]
    assert "Members only" in secret[:300]
    agrinov = html[html.index("Agrinov"):]
    assert "Members only" not in agrinov[:200]
