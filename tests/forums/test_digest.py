"""`flask notifications send-digests`: unread, not-yet-mailed notifications of e-mail kinds."""

from email import policy
from email.parser import BytesParser

from community.extensions import db
from community.models import Notification
from community.notifications.services import notify
from tests.factories import set_channel


def mails(outbox):
    if not outbox.exists():
        return []
    return [BytesParser(policy=policy.default).parsebytes(p.read_bytes())
            for p in sorted(outbox.glob("*.eml"))]


def prefer_email(user, kind):
    set_channel(user, kind, "digest")


def test_send_digests_mails_unread_and_marks_them(runner, outbox, member, other_member):
    prefer_email(member, "mention")
    notify(member, "mention", actor=other_member, target_url="/posts/1", text="Karim mentioned you")
    result = runner.invoke(args=["notifications", "send-digests"])
    assert result.exit_code == 0, result.output
    assert "Sent 1 digest(s) covering 1 notification(s)." in result.output
    [message] = mails(outbox)
    assert message["To"] == member.email
    assert "Karim mentioned you" in message.get_body(("plain",)).get_content()
    assert db.session.scalar(db.select(Notification)).emailed_at is not None


def test_send_digests_twice_sends_nothing_new(runner, outbox, member, other_member):
    prefer_email(member, "reply")
    notify(member, "reply", actor=other_member, text="Karim replied")
    runner.invoke(args=["notifications", "send-digests"])
    result = runner.invoke(args=["notifications", "send-digests"])
    assert "Sent 0 digest(s)" in result.output
    assert len(mails(outbox)) == 1


def test_send_digests_skips_read_and_inapp_kinds(runner, outbox, member, other_member):
    prefer_email(member, "mention")
    read = notify(member, "mention", actor=other_member, text="old")
    read.read_at = read.created_at
    db.session.commit()
    set_channel(member, "reply", "inapp")
    notify(member, "reply", actor=other_member, text="in-app only")
    result = runner.invoke(args=["notifications", "send-digests"])
    assert "Sent 0 digest(s)" in result.output
    assert mails(outbox) == []


def test_send_digests_without_digest_kinds(runner, outbox, member, other_member):
    set_channel(member, "reply", "inapp")
    notify(member, "reply", actor=other_member, text="hello")
    assert "Sent 0 digest(s)" in runner.invoke(args=["notifications", "send-digests"]).output


def test_digest_links_start_with_site_url(app, runner, outbox, member, other_member):
    app.config["SITE_URL"] = "https://community.example.org"
    prefer_email(member, "mention")
    notify(member, "mention", actor=other_member, target_url="/posts/1", text="Karim mentioned you")
    runner.invoke(args=["notifications", "send-digests"])
    [message] = mails(outbox)
    text = message.get_body(("plain",)).get_content()
    assert "https://community.example.org/posts/1" in text
