"""The core actions of a programme through its services: who may create, apply, decide, pair and
schedule, and what each tells whom."""

from __future__ import annotations

import pytest

from community.errors import Conflict, PermissionDenied, ValidationError
from community.extensions import db
from community.models import ChatRoom, Notification
from community.programmes import services as programmes
from community.programmes.access import may_see_session
from tests.factories import enrol, make_pair, make_programme, make_session, make_user, reload


@pytest.fixture
def programme(admin):
    return make_programme(admin)


def kinds_of(user) -> list[str]:
    return list(db.session.scalars(db.select(Notification.kind).where(
        Notification.user_id == user.id).order_by(Notification.id)))


def test_only_an_admin_creates_a_programme(member):
    with pytest.raises(PermissionDenied):
        programmes.create_programme(member, name="P", starts_on="2021-01-01",
                                    ends_on="2021-10-31")


def test_programme_refuses_an_end_before_its_start(admin):
    with pytest.raises(ValidationError) as refused:
        programmes.create_programme(admin, name="P", starts_on="2021-10-31",
                                    ends_on="2021-01-01")
    assert set(refused.value.fields) == {"ends_on"}


def test_applying_twice_is_a_conflict(programme, member):
    enrol(programme, member, accepted=False)
    with pytest.raises(Conflict):
        programmes.apply_to_programme(member, programme, role="mentor")


def test_acceptance_notifies_the_member(programme, member):
    enrol(programme, member)
    assert kinds_of(member) == ["programme_enrolment"]


def test_pair_opens_a_direct_room_and_notifies_both(programme, member, other_member):
    enrol(programme, member, "mentor")
    enrol(programme, other_member, "mentee")
    pair = make_pair(programme, member, other_member)
    assert db.session.get(ChatRoom, pair.room_id).kind == "direct"
    assert kinds_of(other_member)[-1] == "mentoring_pair"


def test_mentor_capacity_is_respected(programme, member, other_member):
    enrol(programme, member, "mentor")
    enrol(programme, other_member, "mentee")
    third = make_user("third")
    enrol(programme, third, "mentee")
    make_pair(programme, member, other_member)
    with pytest.raises(Conflict):
        make_pair(programme, member, third)


def test_bilateral_session_is_seen_by_its_pair_only(programme, member, other_member):
    enrol(programme, member, "mentor")
    enrol(programme, other_member, "mentee")
    outsider = make_user("outsider")
    enrol(programme, outsider, "mentee")
    session = make_session(programme, "bilateral", pair=make_pair(programme, member,
                                                                 other_member))
    session = reload(session)
    assert (may_see_session(reload(other_member), session),
            may_see_session(reload(outsider), session)) == (True, False)
