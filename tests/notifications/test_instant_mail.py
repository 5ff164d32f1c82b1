"""Instant e-mail by kind: defaults, the sender's checks when it runs, and the digest after it."""

from __future__ import annotations

from email import policy
from email.parser import BytesParser

from community.extensions import db
from community.models import Notification
from community.notifications.instant import send_instant_email
from community.notifications.services import notify, preferences_of
from tests.factories import make_user, set_channel


def mails(outbox):
    if not outbox.exists():
        return []
    return [BytesParser(policy=policy.default).parsebytes(p.read_bytes())
            for p in sorted(outbox.glob("*.eml"))]


def stored(recipient, actor, kind="mention", text="Karim mentioned you"):
    """A notification stored without its scheduled mail: the tests run the sender themselves."""
    set_channel(recipient, kind, "inapp")
    notification = notify(recipient, kind, actor=actor, target_url="/posts/1", text=text)
    db.session.commit()
    set_channel(recipient, kind, "instant")
    return notification


def test_default_channels_are_instant_for_mentions_and_messages(member):
    chosen = preferences_of(member)
    assert (chosen["mention"], chosen["direct_message"], chosen["reply"],
            chosen["cluster_event"]) == ("instant", "instant", "digest", "digest")


def test_notify_of_an_instant_kind_mails_after_the_commit(app, outbox, member, other_member):
    app.config["SITE_URL"] = "https://community.example.org"
    notify(member, "mention", actor=other_member, target_url="/posts/1", text="Karim mentioned you")
    db.session.commit()
    [message] = mails(outbox)
    assert message["To"] == member.email
    assert db.session.scalar(db.select(Notification)).emailed_at is not None


def test_instant_mail_is_in_the_members_language_with_one_click_unsubscribe(
        app, outbox, other_member):
    app.config["SITE_URL"] = "https://community.example.org"
    salma = make_user("salma", locale="ar")
    notification = stored(salma, other_member, text="ذكرك كريم")
    assert send_instant_email(notification.id) is True
    [message] = mails(outbox)
    assert "مرحبًا" in message.get_body(("plain",)).get_content()
    assert message["List-Unsubscribe"].startswith("<https://community.example.org/unsubscribe/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_instant_mail_not_sent_when_read_before_it_runs(outbox, member, other_member):
    notification = stored(member, other_member)
    notification.read_at = notification.created_at
    db.session.commit()
    assert send_instant_email(notification.id) is False
    assert mails(outbox) == []


def test_instant_mail_not_sent_when_the_kind_was_turned_off(outbox, member, other_member):
    notification = stored(member, other_member)
    set_channel(member, "mention", "off")
    assert send_instant_email(notification.id) is False
    assert mails(outbox) == []


def test_digest_skips_what_was_mailed_at_once(runner, outbox, member, other_member):
    notification = stored(member, other_member)
    send_instant_email(notification.id)
    set_channel(member, "mention", "digest")
    result = runner.invoke(args=["notifications", "send-digests"])
    assert "Sent 0 digest(s)" in result.output
    assert len(mails(outbox)) == 1
