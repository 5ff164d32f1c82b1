"""Session reminders by e-mail: a day before, once, in each recipient's language and zone,
never for a far session, a muted recipient or an action rolled back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy

from community.extensions import db
from community.programmes.reminders import remind_session, send_due_reminders
from tests.factories import make_session, reload, set_channel


def session_in(programme, pair, hours: float):
    starts = datetime.now(UTC) + timedelta(hours=hours)
    return make_session(programme, "bilateral", pair=pair, title="Export plan",
                        starts_at=starts.isoformat(),
                        ends_at=(starts + timedelta(hours=1)).isoformat())


def mails(outbox) -> list:
    if not outbox.exists():
        return []
    return [message_from_bytes(path.read_bytes(), policy=policy.default)
            for path in sorted(outbox.glob("*.eml"))]


def mail_to(outbox, user):
    return next(mail for mail in mails(outbox) if mail["To"] == user.email)


def test_reminder_mails_the_pair_once(outbox, programme, pair):
    session_in(programme, pair, 24.5)
    send_due_reminders()
    send_due_reminders()
    assert len(mails(outbox)) == 2


def test_reminder_marks_the_session_reminded(outbox, programme, pair):
    session = session_in(programme, pair, 24.5)
    send_due_reminders()
    assert reload(session).reminded_at is not None


def test_reminder_is_in_the_recipients_language(outbox, programme, pair, other_member):
    other_member.locale = "fr"
    db.session.commit()
    session_in(programme, pair, 24.5)
    send_due_reminders()
    assert mail_to(outbox, other_member)["Subject"].startswith("Rappel")


def test_reminder_gives_the_time_in_the_recipients_zone(outbox, programme, pair, member):
    member.timezone = "Africa/Tunis"
    db.session.commit()
    session_in(programme, pair, 24.5)
    send_due_reminders()
    assert "Africa/Tunis" in mail_to(outbox, member).get_body(("plain",)).get_content()


def test_no_reminder_for_a_far_session(outbox, programme, pair):
    session_in(programme, pair, 72)
    send_due_reminders()
    assert mails(outbox) == []


def test_no_reminder_for_a_member_who_turned_sessions_off(outbox, programme, pair, member,
                                                            other_member):
    set_channel(member, "mentoring_session", "off")
    session_in(programme, pair, 24.5)
    send_due_reminders()
    assert [mail["To"] for mail in mails(outbox)] == [other_member.email]


def test_rolled_back_reminder_sends_nothing(outbox, programme, pair):
    session = session_in(programme, pair, 24.5)
    remind_session(session, datetime.now(UTC))
    db.session.rollback()
    assert (mails(outbox), reload(session).reminded_at) == ([], None)


def test_remind_command_reports_what_it_sent(runner, programme, pair):
    session_in(programme, pair, 24.5)
    result = runner.invoke(args=["programmes", "remind"])
    assert "Reminded 1 session(s) with 2 mail(s)." in result.output
