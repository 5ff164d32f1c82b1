"""An HTML form refused by its service is shown again with 200 and the error beside its field
(a 4xx would make the browser log a failed load), and, since a request commits every answer
below 400, whatever the action wrote before it was refused is undone."""

from __future__ import annotations

import pytest

from community.errors import ValidationError
from community.extensions import db
from community.models import Post, User
from tests.factories import (
    AuthActions,
    make_category,
    make_cluster,
    make_thread,
)

WRITTEN = "Written by a refused action"
REFUSAL = "Refused by the service of this test."
CLUSTER = {"name": "Cluster Marbre", "acronym": "CM", "country": "TN", "sectors": "marble-stone",
           "labels": "", "website": "", "description": "Marble."}


def thread_of(owner: User, admin: User) -> int:
    return make_thread(owner, make_category(admin), "Hello", "First").id


def first_post_of(owner: User, admin: User) -> int:
    thread_id = thread_of(owner, admin)
    return db.session.scalar(db.select(Post.id).where(Post.thread_id == thread_id))


# (role signed in, service patched, path (a function of the member and an admin), form, field)
CASES = {
    "register": (None, "community.auth.services.register_user", lambda m, a: "/register",
                 {"username": "salma", "email": "salma@example.org", "country": "MA",
                  "password": "olive grove at dawn", "display_name": "Salma"}, "username"),
    "password": ("member", "community.auth.services.change_password",
                 lambda m, a: "/settings/account/password",
                 {"password_change-current_password": "correct horse battery",
                  "password_change-password": "a brand new passphrase",
                  "password_change-confirm": "a brand new passphrase"}, "password"),
    "email": ("member", "community.auth.services.request_email_change",
              lambda m, a: "/settings/account/email",
              {"email_change-email": "new@example.org",
               "email_change-password": "correct horse battery"}, "email"),
    "locale": ("member", "community.auth.services.set_locale",
               lambda m, a: "/settings/account/locale", {"locale": "fr"}, "locale"),
    "token": ("member", "community.auth.services.issue_api_token",
              lambda m, a: "/settings/account/tokens", {"name": "CI"}, "name"),
    "erase": ("member", "community.auth.data.erase_account",
              lambda m, a: "/settings/account/erase",
              {"erase-password": "correct horse battery", "erase-confirm": "y"}, "password"),
    "profile": ("member", "community.profiles.services.update_profile",
                lambda m, a: "/settings/profile",
                {"display_name": "Amina", "headline": "Energy", "country": "MA"}, "headline"),
    "welcome": ("member", "community.profiles.services.update_profile",
                lambda m, a: "/welcome", {"headline": "Energy", "country": "MA"}, "headline"),
    "thread": ("member", "community.forums.services.create_thread",
               lambda m, a: f"/forums/{make_category(a).slug}",
               {"title": "A title", "body": "A body"}, "title"),
    "reply": ("member", "community.forums.services.create_post",
              lambda m, a: f"/threads/{thread_of(m, a)}", {"body": "A reply"}, "body"),
    "edit post": ("member", "community.forums.services.edit_post",
                  lambda m, a: f"/posts/{first_post_of(m, a)}/edit",
                  {"body": "Changed"}, "body"),
    "propose cluster": ("member", "community.clusters.services.propose_cluster",
                        lambda m, a: "/clusters/new", CLUSTER, "name"),
    "edit cluster": ("member", "community.clusters.services.update_cluster",
                     lambda m, a: f"/clusters/{make_cluster(m).slug}/edit",
                     {**CLUSTER, "forum_visibility": "public"}, "name"),
    "category": ("admin", "community.forums.services.create_category",
                 lambda m, a: "/admin/categories", {"name": "Events", "description": ""}, "name"),
    "blocked terms": ("admin", "community.moderation.spam.set_blocked_terms",
                      lambda m, a: "/admin/blocked-terms", {"words": "casino", "domains": ""},
                      "words"),
    "suspension": ("admin", "community.moderation.suspensions.suspend_user",
                   lambda m, a: "/admin/users/amina/suspension",
                   {"reason": "Spam", "until": "2099-01-31"}, "reason"),
}


@pytest.mark.parametrize("case", CASES)
def test_refused_form_answers_200_shows_the_error_and_writes_nothing(
        client, member, admin, monkeypatch, case):
    role, target, path, form, field = CASES[case]
    url = path(member, admin)

    def refuse(*args, **kwargs):
        db.session.get(User, member.id).headline = WRITTEN
        db.session.flush()
        raise ValidationError(REFUSAL, {field: REFUSAL})

    monkeypatch.setattr(target, refuse)
    if role is not None:
        AuthActions(client).login({"member": member, "admin": admin}[role])
    response = client.post(url, data=form)
    assert (response.status_code, REFUSAL in response.get_data(as_text=True)) == (200, True)
    db.session.expire_all()
    assert db.session.get(User, member.id).headline != WRITTEN
