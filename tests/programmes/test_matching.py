"""Matching: a pair's score and reasons, and the optimal assignment of the unpaired mentees to
the mentors' free places (never the greedy one, shown failing here)."""

from __future__ import annotations

import pytest

from community.extensions import db
from community.i18n import isolate_plain
from community.programmes.matching import profile_of, score_pair, suggest_pairs
from tests.factories import enrol, make_cluster, make_pair, make_programme, make_user


@pytest.fixture
def programme(admin):
    return make_programme(admin)


def people(programme):
    """The README's example: greedy gives mentor A its best mentee, X, and leaves Y unpaired
    (B speaks French only); the optimal assignment pairs A with Y and B with X."""
    a = enrol(programme, make_user("ana", country="ES"), "mentor", languages=["fr", "en"],
              expertise=["export to the EU"])
    b = enrol(programme, make_user("bruno", country="FR"), "mentor", languages=["fr"])
    x = enrol(programme, make_user("xavier", country="MA"), "mentee", languages=["fr", "en"],
              goals="Export to the EU.")
    y = enrol(programme, make_user("yasmine", country="TN"), "mentee", languages=["en"])
    return a, b, x, y


def pairs_of(matching) -> set[tuple[str, str]]:
    return {(s.mentor.user.username, s.mentee.user.username) for s in matching.suggestions}


def greedy(mentors, mentees) -> set[tuple[str, str]]:
    """The best-scoring pair first, then the best of what is left: what matching must not do."""
    candidates = []
    for mentor in mentors:
        for mentee in mentees:
            scored = score_pair(profile_of(mentor), profile_of(mentee))
            if scored is not None:
                candidates.append((scored[0], mentor, mentee))
    candidates.sort(key=lambda c: -c[0])
    load, taken, chosen = {}, set(), set()
    for _score, mentor, mentee in candidates:
        if mentee.id not in taken and load.get(mentor.id, 0) < mentor.capacity:
            load[mentor.id] = load.get(mentor.id, 0) + 1
            taken.add(mentee.id)
            chosen.add((mentor.user.username, mentee.user.username))
    return chosen


def test_score_requires_a_shared_language(programme):
    _a, b, _x, y = people(programme)
    assert score_pair(profile_of(b), profile_of(y)) is None


def test_score_gives_its_reasons(programme):
    a, _b, x, _y = people(programme)
    assert score_pair(profile_of(a), profile_of(x)) == (7, [
        "Shared languages: " + isolate_plain("English, French"),
        "Expertise matches the goal “" + isolate_plain("Export to the EU") + "”",
        "Across the sea: " + isolate_plain("Spain") + " – " + isolate_plain("Morocco"),
    ])


def test_score_counts_the_clusters_shared_sector(programme, admin):
    mentor_user, mentee_user = make_user("marta", country="ES"), make_user("omar")
    north = make_cluster(mentor_user, "Clúster Agroalimentari", country="ES",
                         sectors=["agrifood"])
    south = make_cluster(mentee_user, "Agropole Maroc", country="MA", sectors=["agrifood"])
    mentor = enrol(programme, mentor_user, "mentor", cluster=north.slug)
    mentee = enrol(programme, mentee_user, "mentee", cluster=south.slug)
    _points, reasons = score_pair(profile_of(mentor), profile_of(mentee))
    assert "Same sector: " + isolate_plain("Agri-food") in reasons


def test_greedy_leaves_a_mentee_unpaired_where_the_suggestion_pairs_everyone(programme):
    a, b, x, y = people(programme)
    assert len(greedy([a, b], [x, y])) == 1
    assert pairs_of(suggest_pairs(programme)) == {("ana", "yasmine"), ("bruno", "xavier")}


def test_suggestion_respects_mentor_capacity(programme):
    mentor = enrol(programme, make_user("maria", country="ES"), "mentor", capacity=2)
    for name in ("hana", "ilyas", "jamal"):
        enrol(programme, make_user(name), "mentee")
    matching = suggest_pairs(programme)
    assert [s.mentor.id for s in matching.suggestions] == [mentor.id, mentor.id]


def test_suggestion_explains_a_mentee_without_a_shared_language(programme):
    enrol(programme, make_user("maria", country="ES"), "mentor", languages=["es"])
    enrol(programme, make_user("hana"), "mentee", languages=["ar"])
    (_mentee, why), = suggest_pairs(programme).unpaired
    assert why == "No mentor shares a language with this mentee."


def test_suggestion_leaves_out_the_already_paired(programme):
    a, b, x, y = people(programme)
    make_pair(programme, b.user, x.user)
    assert pairs_of(suggest_pairs(programme)) == {("ana", "yasmine")}


def test_suggestion_runs_the_same_queries_for_more_participants(programme, count_queries):
    people(programme)
    with count_queries() as few:
        suggest_pairs(programme)
    for number in range(4):
        enrol(programme, make_user(f"mentee{number}", country="EG"), "mentee",
              expertise=["export"], languages=["en"])
        enrol(programme, make_user(f"mentor{number}", country="IT"), "mentor",
              expertise=["export"], languages=["en"])
    db.session.expire_all()
    with count_queries() as many:
        suggest_pairs(programme)
    assert many.count == few.count
