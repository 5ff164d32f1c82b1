"""A new member's first steps: what their profile still lacks, and clusters to join, suggested
from their country first, then from the other shore where sectors match their expertise."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from community.extensions import db
from community.i18n import LANGUAGES, shore_of
from community.models import Cluster, Membership, User
from community.sectors import sector_search_text
from community.text import fold

SUGGESTIONS = 6
# Other-shore clusters looked at for a sector match: the largest, since the list is short.
CANDIDATES = 200


@dataclass(frozen=True)
class Suggestion:
    """A cluster to join and where the member stands with it: None, requested or invited."""

    cluster: Cluster
    state: str | None
    shared_sectors: tuple[str, ...] = ()


def is_profile_complete(user: User) -> bool:
    """Whether the welcome page has nothing left to ask: picture, headline, languages and
    expertise (the rest was given at registration)."""
    return bool(user.avatar_filename and user.headline and user.languages and user.expertise)


def _approved_clusters():
    return (sa.select(Cluster).where(Cluster.status == "approved")
            .options(selectinload(Cluster.tags))
            .order_by(Cluster.member_count.desc(), Cluster.name, Cluster.id))


def _words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"\w+", fold(text)))


@cache
def _sector_words(code: str) -> tuple[frozenset[str], ...]:
    """The words of a sector's name in each interface language: a member's expertise is
    written in any of them ("énergie" names "Énergies renouvelables")."""
    return tuple(_words(sector_search_text([code], (locale,))) for locale in LANGUAGES)


def _matching(sectors: list[str], expertise: list[frozenset[str]]) -> tuple[str, ...]:
    """The sectors that one of the member's expertise tags names, accents and case aside:
    every word of the one is in the other ("energy" names "Renewable energy")."""
    found = []
    for sector in sectors:
        if sector != "other" and any(tag and words and (tag <= words or words <= tag)
                                     for words in _sector_words(sector) for tag in expertise):
            found.append(sector)
    return tuple(found)


def suggested_clusters(user: User, limit: int = SUGGESTIONS) -> list[Suggestion]:
    """At most `limit` approved clusters the member is not active in: those of their country,
    then those of the other shore sharing a sector with their expertise, most matches first."""
    states = dict(db.session.execute(sa.select(Membership.cluster_id, Membership.state)
                                     .where(Membership.user_id == user.id)).all())
    found: list[Suggestion] = []
    if user.country:
        local = db.session.scalars(_approved_clusters().where(Cluster.country == user.country)
                                   .limit(limit + len(states)))
        found += [Suggestion(c, states.get(c.id)) for c in local]
    expertise = [_words(tag) for tag in user.expertise]
    if expertise:
        shore = shore_of(user.country)
        others = _approved_clusters().where(Cluster.country != (user.country or ""))
        if shore is not None:
            others = others.where(Cluster.shore != shore)
        matches = [Suggestion(c, states.get(c.id), _matching(c.sectors, expertise))
                   for c in db.session.scalars(others.limit(CANDIDATES))]
        found += sorted((s for s in matches if s.shared_sectors),
                        key=lambda s: -len(s.shared_sectors))
    return [s for s in found if s.state != "active"][:limit]
