"""Progress: a session's notes and goals (kept by its pair, read by the pair and the
coordinators), attendance at joint meetings, and the coordinators' dashboard."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from community.errors import Conflict, PermissionDenied
from community.extensions import db
from community.models import SessionAttendee, SessionNote
from community.programmes import progress
from tests.factories import enrol, make_pair, make_session, make_user, reload, write_note
from tests.programmes.known import days_ago, known_programme


@pytest.fixture
def known(admin):
    return known_programme(admin)


def session_url(known, session) -> str:
    return f"/programmes/{known.programme.slug}/sessions/{session.id}"


def test_pair_member_reads_the_session_notes(known, auth, client):
    auth.login(known.mentor)
    assert "Export plan drafted" in client.get(session_url(known, known.bilateral)).text


def test_coordinator_reads_the_session_notes(known, auth, client):
    auth.login(known.coordinator)
    assert "<strong>Good</strong> progress" in client.get(session_url(known, known.bilateral)).text


def test_another_participant_is_refused_the_pair_session(known, auth, client):
    auth.login(known.other_mentor)
    assert client.get(session_url(known, known.bilateral)).status_code == 403


def test_a_member_outside_the_programme_is_refused_the_session(known, auth, client, member):
    auth.login(member)
    assert client.get(session_url(known, known.bilateral)).status_code == 403


def test_a_visitor_is_sent_to_sign_in(known, client):
    response = client.get(session_url(known, known.bilateral))
    assert response.status_code == 302 and "/login" in response.location


def test_a_session_of_another_programme_is_not_found(known, auth, client, admin):
    from tests.factories import make_programme

    other = make_programme(admin, "Another programme")
    auth.login(known.coordinator)
    assert client.get(f"/programmes/{other.slug}/sessions/{known.bilateral.id}").status_code == 404


def test_joint_meeting_notes_stay_hidden_from_other_participants(known, auth, client):
    write_note(known.meeting, known.mentee, "Private impressions")
    auth.login(known.other_mentee)
    page = client.get(session_url(known, known.meeting))
    assert page.status_code == 200 and "Private impressions" not in page.text


def test_mentee_saves_a_note_with_goals(known, auth, client):
    auth.login(known.other_mentee)
    session = make_session(known.programme, "bilateral", pair=known.other_pair,
                           starts_at=days_ago(2), ends_at=days_ago(2, 1), title="Follow-up")
    client.post(session_url(known, session) + "/note",
                data={"body": "Useful", "goals": "Visited a fair\n\n  Signed a deal  \n"})
    note = db.session.scalar(sa.select(SessionNote).where(SessionNote.session_id == session.id))
    assert note.goals_reached == ["Visited a fair", "Signed a deal"]


def test_saving_again_edits_the_one_note(known, auth, client):
    auth.login(known.mentee)
    client.post(session_url(known, known.bilateral) + "/note",
                data={"body": "Edited *now*", "goals": "One"})
    notes = list(db.session.scalars(sa.select(SessionNote).where(
        SessionNote.session_id == known.bilateral.id, SessionNote.author_id == known.mentee.id)))
    assert [(n.body_html.strip(), n.goals_reached) for n in notes] == [
        ("<p>Edited <em>now</em></p>", ["One"])]


def test_another_participant_cannot_write_notes_on_a_pair_session(known, auth, client):
    auth.login(known.other_mentor)
    response = client.post(session_url(known, known.bilateral) + "/note", data={"body": "Hi"})
    assert response.status_code == 403


def test_notes_wait_for_the_session_to_start(known):
    session = make_session(known.programme, "bilateral", pair=known.pair,
                           starts_at=days_ago(-2), ends_at=days_ago(-2, 1))
    with pytest.raises(Conflict):
        progress.save_note(reload(known.mentor), reload(session), body="Too early")


def test_coordinator_records_attendance(known, auth, client):
    auth.login(known.coordinator)
    client.post(session_url(known, known.meeting) + "/attendance",
                data={"present": [str(known.other_mentor.id)]})
    attended = set(db.session.scalars(sa.select(SessionAttendee.user_id).where(
        SessionAttendee.session_id == known.meeting.id, SessionAttendee.attended.is_(True))))
    assert attended == {known.other_mentor.id}


def test_a_participant_cannot_record_attendance(known, auth, client):
    auth.login(known.mentor)
    response = client.post(session_url(known, known.meeting) + "/attendance",
                           data={"present": [str(known.mentor.id)]})
    assert response.status_code == 403


def test_attendance_is_not_recorded_for_a_pair_session(known):
    with pytest.raises(Conflict):
        progress.record_attendance(reload(known.coordinator), reload(known.bilateral), set())


def test_only_coordinators_record_attendance_through_the_service(known):
    with pytest.raises(PermissionDenied):
        progress.record_attendance(reload(known.mentor), reload(known.meeting), set())


def test_dashboard_counts_sessions_held_per_pair(known):
    rows = {(p.mentor, p.mentee): p.held for p in progress.pair_activity(known.programme)}
    assert rows == {("Marco", "Salma"): 2, ("Pierre", "Omar"): 1}


def test_dashboard_flags_a_pair_a_month_without_a_session(known):
    quiet = [p.mentor for p in progress.pair_activity(known.programme) if p.quiet]
    assert quiet == ["Pierre"]


def test_dashboard_gives_joint_meeting_attendance(known):
    rows = [(m.title, m.invited, m.attended)
            for m in progress.meeting_attendance(known.programme)]
    assert rows == [("Kick-off", 4, 2)]


def test_dashboard_counts_goals_reached(known):
    assert progress.goals_reached(known.programme) == 3


def test_dashboard_page_highlights_the_quiet_pair(known, auth, client):
    auth.login(known.coordinator)
    page = client.get(f"/programmes/{known.programme.slug}/dashboard").text
    assert f'id="pair-{known.other_pair.id}" class="table-warning quiet-pair"' in page


@pytest.mark.parametrize("who", ["mentor", "member"])
def test_dashboard_is_for_coordinators(known, auth, client, member, who):
    auth.login(known.mentor if who == "mentor" else member)
    assert client.get(f"/programmes/{known.programme.slug}/dashboard").status_code == 403


def test_dashboard_queries_do_not_grow_with_pairs(known, auth, client, count_queries):
    auth.login(known.coordinator)
    url = f"/programmes/{known.programme.slug}/dashboard"
    with count_queries() as few:
        client.get(url)
    for index in range(3):
        mentor, mentee = make_user(f"mentor{index}"), make_user(f"mentee{index}")
        enrol(known.programme, mentor, "mentor")
        enrol(known.programme, mentee, "mentee")
        pair = make_pair(known.programme, mentor, mentee)
        make_session(known.programme, "bilateral", pair=pair, starts_at=days_ago(3),
                     ends_at=days_ago(3, 1))
    with count_queries() as more:
        client.get(url)
    assert more.count == few.count


def test_a_coordinator_outside_the_pair_cannot_write_its_notes(known, auth, client):
    auth.login(known.coordinator)
    response = client.post(session_url(known, known.bilateral) + "/note", data={"body": "Hi"})
    assert response.status_code == 403


def test_a_note_too_long_is_shown_on_the_form(known, auth, client):
    auth.login(known.mentee)
    response = client.post(session_url(known, known.bilateral) + "/note",
                           data={"body": "x" * 10_001})
    assert response.status_code == 200 and 'id="body-error"' in response.text
