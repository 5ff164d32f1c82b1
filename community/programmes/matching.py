"""Suggested mentor–mentee pairs: a score and its reasons for every compatible pair, then the
optimal assignment of the unpaired mentees to the mentors' free places (never a greedy one,
which can leave a mentee without a mentor that a better overall choice would have given)."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy.orm import selectinload

from community.extensions import db
from community.i18n import country_name, isolate_plain, language_name, shore_of
from community.models import Cluster, Pair, Participant, Programme
from community.realtime.audience import in_good_standing
from community.search.normalise import normalise_for_search, word_stems
from community.sectors import sector_name

# Points of a pair. A shared language is required and worth the most, so that pairing one
# more mentee usually outweighs a better match for another.
LANGUAGE_POINTS = 3
SECTOR_POINTS = 2
GOAL_POINTS = 2
EXPERTISE_POINTS = 1
ACROSS_THE_SEA_POINTS = 2
# At most this many sectors, goals or expertise tags count: a long list is no better match.
COUNTED = 3
# The cost of a pair without a shared language: never chosen (each mentee may stay unpaired
# at no cost), and dropped after in any case.
FORBIDDEN = 10**9


@dataclass(frozen=True)
class Profile:
    """What matching compares of a participant, worked out once per participant."""

    participant: Participant
    languages: frozenset[str]
    sectors: frozenset[str]
    country: str | None
    shore: str | None
    goals: tuple[tuple[str, frozenset[str]], ...]
    expertise: tuple[tuple[str, frozenset[str]], ...]


@dataclass(frozen=True)
class Suggestion:
    mentor: Participant
    mentee: Participant
    score: int
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Matching:
    """The suggested pairs, best first, and each mentee left unpaired with the reason."""

    suggestions: list[Suggestion]
    unpaired: list[tuple[Participant, str]]


def _keys(text: str) -> frozenset[str]:
    """Folded words with their stems: "Exports" and "export" share one."""
    words = normalise_for_search(text).split()
    return frozenset(key for word in words for key in (word, *word_stems(word)))


def _word_keys(text: str) -> tuple[frozenset[str], ...]:
    return tuple(frozenset((word, *word_stems(word)))
                 for word in normalise_for_search(text).split())


def _covers(tag: str, keys: frozenset[str]) -> bool:
    """Every word of the mentor's expertise tag (or one of its stems) is in the text."""
    words = _word_keys(tag)
    return bool(words) and all(word & keys for word in words)


def _goal_lines(goals: str) -> tuple[str, ...]:
    """A mentee's goals, one per line or sentence ("Export to the EU. Find investors")."""
    parts = (part.strip(" -•*\t") for line in goals.splitlines() for part in line.split(". "))
    return tuple(dict.fromkeys(part.rstrip(".") for part in parts if part.strip(" .")))


def profile_of(participant: Participant) -> Profile:
    cluster = participant.cluster
    country = cluster.country if cluster is not None else participant.user.country
    return Profile(
        participant=participant,
        languages=frozenset(participant.languages or ()),
        sectors=frozenset(cluster.sectors if cluster is not None else ()) - {"other"},
        country=country,
        shore=cluster.shore if cluster is not None else shore_of(country),
        goals=tuple((goal, _keys(goal)) for goal in _goal_lines(participant.goals or "")),
        expertise=tuple((tag, _keys(tag)) for tag in participant.expertise or ()))


def _language_reason(codes: list[str]) -> str:
    names = ", ".join(language_name(code) for code in codes)
    return ngettext("Shared language: %(languages)s", "Shared languages: %(languages)s",
                    len(codes), languages=isolate_plain(names))


def _knowledge(mentor: Profile, mentee: Profile) -> tuple[int, list[str]]:
    """Points and reasons for the mentor's expertise against the mentee's goals and tags."""
    points, reasons = 0, []
    goals = [goal for goal, keys in mentee.goals
             if any(_covers(tag, keys) for tag, _tag_keys in mentor.expertise)]
    for goal in goals[:COUNTED]:
        points += GOAL_POINTS
        reasons.append(_("Expertise matches the goal “%(goal)s”", goal=isolate_plain(goal)))
    shared = [tag for tag, keys in mentee.expertise
              if any(keys and keys == other for _other, other in mentor.expertise)]
    if shared:
        points += EXPERTISE_POINTS * min(len(shared), COUNTED)
        reasons.append(_("Shared expertise: %(expertise)s",
                         expertise=isolate_plain(", ".join(shared[:COUNTED]))))
    return points, reasons


def score_pair(mentor: Profile, mentee: Profile) -> tuple[int, list[str]] | None:
    """The pair's points and why, or None without a shared language (they could not talk)."""
    languages = sorted(mentor.languages & mentee.languages)
    if not languages:
        return None
    points, reasons = LANGUAGE_POINTS, [_language_reason(languages)]
    for sector in sorted(mentor.sectors & mentee.sectors)[:COUNTED]:
        points += SECTOR_POINTS
        reasons.append(_("Same sector: %(sector)s", sector=isolate_plain(sector_name(sector))))
    knowledge_points, knowledge_reasons = _knowledge(mentor, mentee)
    points += knowledge_points
    reasons += knowledge_reasons
    if mentor.shore and mentee.shore and mentor.shore != mentee.shore:
        points += ACROSS_THE_SEA_POINTS
        reasons.append(_("Across the sea: %(mentor)s – %(mentee)s",
                         mentor=isolate_plain(country_name(mentor.country)),
                         mentee=isolate_plain(country_name(mentee.country))))
    return points, reasons


def assign(scores: list[list[int | None]], places: list[int]) -> list[tuple[int, int]]:
    """The (mentee, mentor) index pairs of the greatest total score, then the most pairs.
    `scores[mentee][mentor]` is None when they may not be paired; `places[mentor]` is how
    many more mentees the mentor takes. Each mentor is a column per free place, and each
    mentee has a column of its own for "unpaired" at no cost, so that a forbidden pair is
    never forced. Costs weigh the score by more than the number of mentees, so one point more
    always beats one pair more, and the pair count only breaks ties."""
    columns = [mentor for mentor, count in enumerate(places) for _ in range(count)]
    rows = len(scores)
    if not rows or not columns:
        return []
    cost = [[FORBIDDEN] * (len(columns) + rows) for _ in range(rows)]
    for mentee, row in enumerate(cost):
        for column, mentor in enumerate(columns):
            score = scores[mentee][mentor]
            if score is not None:
                row[column] = -(score * (rows + 1) + 1)
        row[len(columns) + mentee] = 0
    # Imported here: SciPy costs a second of every process's start-up, for coordinators only.
    from scipy.optimize import linear_sum_assignment

    chosen = zip(*linear_sum_assignment(cost), strict=True)
    return [(int(mentee), columns[column]) for mentee, column in chosen
            if column < len(columns) and scores[mentee][columns[column]] is not None]


def _participants(programme: Programme) -> list[Participant]:
    return list(db.session.scalars(
        sa.select(Participant).join(Participant.user)
        .where(Participant.programme_id == programme.id, Participant.state == "accepted",
               in_good_standing())  # a suspended or deleted member is not suggested
        .options(selectinload(Participant.user),
                 selectinload(Participant.cluster).selectinload(Cluster.tags))
        .order_by(Participant.id)))


def _why_unpaired(mentee: Profile, mentors: list[Profile]) -> str:
    if any(mentor.languages & mentee.languages for mentor in mentors):
        return _("The mentors who share a language with this mentee have no room left.")
    return _("No mentor shares a language with this mentee.")


def suggest_pairs(programme: Programme) -> Matching:
    """The optimal assignment of the programme's accepted, unpaired mentees to its accepted
    mentors within their remaining capacity, best pairs first (three queries, whatever the
    number of participants)."""
    participants = _participants(programme)
    pairs = db.session.execute(sa.select(Pair.mentor_id, Pair.mentee_id)
                               .where(Pair.programme_id == programme.id)).all()
    load: dict[int, int] = {}
    for mentor_id, _mentee_id in pairs:
        load[mentor_id] = load.get(mentor_id, 0) + 1
    paired = {mentee_id for _mentor_id, mentee_id in pairs}
    mentors = [profile_of(p) for p in participants if p.role == "mentor"]
    mentees = [profile_of(p) for p in participants if p.role == "mentee" and p.id not in paired]
    scored = [[score_pair(mentor, mentee) for mentor in mentors] for mentee in mentees]
    places = [max(m.participant.capacity - load.get(m.participant.id, 0), 0) for m in mentors]
    chosen = assign([[s and s[0] for s in row] for row in scored], places)
    suggestions = [Suggestion(mentors[j].participant, mentees[i].participant, scored[i][j][0],
                              tuple(scored[i][j][1])) for i, j in chosen]
    suggestions.sort(key=lambda s: (-s.score, s.mentee.user.display_name.casefold()))
    matched = {i for i, _j in chosen}
    unpaired = [(mentee.participant, _why_unpaired(mentee, mentors))
                for i, mentee in enumerate(mentees) if i not in matched]
    return Matching(suggestions, unpaired)

