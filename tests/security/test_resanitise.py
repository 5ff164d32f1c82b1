"""`flask markup resanitise`: HTML stored under the older allowlist (a `class` on links) is
cleaned under today's, and HTML that was already clean is left exactly as it was."""

from __future__ import annotations

import sqlalchemy as sa

from community.extensions import db
from community.markup import render_markdown, resanitise
from community.models import ChatMessage, Post, User
from tests.factories import (
    add_member,
    cluster_room,
    make_category,
    make_cluster,
    make_message,
    make_post,
    make_thread,
)

OLD_HTML = ('<p><a class="position-fixed w-100 h-100 z-3 opacity-0" href="https://evil.example" '
            'rel="nofollow ugc noopener">x</a></p>')
CLEAN_HTML = '<p><a href="https://evil.example" rel="nofollow ugc noopener">x</a></p>'


def store(model, row_id: int, name: str, html: str) -> None:
    db.session.execute(sa.update(model).where(model.id == row_id).values({name: html}))
    db.session.commit()


def test_resanitise_drops_the_class_of_stored_posts_messages_and_bios(
        runner, admin, member, other_member):
    thread = make_thread(member, make_category(admin), "Covering link")
    post = make_post(member, thread, "**kept** as rendered")
    cluster = make_cluster(member)
    add_member(cluster, other_member)
    message = make_message(member, cluster_room(cluster), "hello")
    store(Post, post.id, "body_html", OLD_HTML)
    store(ChatMessage, message.id, "body_html", OLD_HTML)
    store(User, other_member.id, "bio_html", OLD_HTML)
    result = runner.invoke(args=["markup", "resanitise"])
    assert result.exit_code == 0, result.output
    assert "Cleaned 3 stored HTML value(s)." in result.output
    db.session.expire_all()
    assert db.session.get(Post, post.id).body_html == CLEAN_HTML
    assert db.session.get(ChatMessage, message.id).body_html == CLEAN_HTML
    assert db.session.get(User, other_member.id).bio_html == CLEAN_HTML


def test_resanitise_leaves_clean_html_unchanged():
    text = ("# Title\n\n**bold** [link](https://example.org/?a=1&b=2) @amina `<b>`\n\n"
            "| a | b |\n|:-:|--|\n| 1 & 2 | <x> |\n\n```python\nif a < b: pass\n```\n\n"
            "> quote\n\n1. one\n2. two")
    html = render_markdown(text, is_user=lambda name: True)
    assert resanitise(html) == html
