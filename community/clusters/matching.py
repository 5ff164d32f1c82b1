"""“Partners across the sea”: the approved clusters of the other shore, ranked by how well their
offers meet this cluster's seeks and the other way round, then by shared sectors. Computed in
Python from one query with its eager loads (clusters, tags, needs)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy.orm import selectinload

from community.extensions import db
from community.i18n import format_isolated
from community.models import Cluster, ClusterNeed, Membership, User
from community.sectors import sector_name
from community.text import fold

# Words that say nothing about a need, in the network's languages.
STOPWORDS = frozenset("""
a an and are as at be by for from in into is it of on or our the to we with who your their
le la les un une des du de d l et ou en au aux pour par sur dans avec nos notre vos votre
el los las del y o con por para una uno al
il lo gli i della delle dei di da e con per nel nella una uno
partner partners partnership looking need needs seek seeking offer offers new""".split())
TAG_WEIGHT = 2.0
TEXT_WEIGHT = 1.0
SECTOR_WEIGHT = 0.5
MIN_PAIR_SCORE = 0.45
MAX_REASONS = 6


@lru_cache(maxsize=4096)
def words(text: str) -> frozenset[str]:
    """The meaningful words of a text, folded, with a plural `s` dropped."""
    result = set()
    for word in re.findall(r"\w+", fold(text)):
        if len(word) < 3 or word in STOPWORDS or word.isdigit():
            continue
        result.add(word[:-1] if len(word) > 4 and word.endswith("s") else word)
    return frozenset(result)


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Dice coefficient: 1 for the same words, 0 for none in common."""
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def need_similarity(need: ClusterNeed, other: ClusterNeed) -> float:
    tags_a = frozenset(fold(tag) for tag in need.tags or [])
    tags_b = frozenset(fold(tag) for tag in other.tags or [])
    tag_words_a = words(" ".join(need.tags or []))
    tag_words_b = words(" ".join(other.tags or []))
    tag_score = max(_overlap(tags_a, tags_b), _overlap(tag_words_a, tag_words_b))
    text_score = _overlap(words(need.text) | tag_words_a, words(other.text) | tag_words_b)
    return (TAG_WEIGHT * tag_score + TEXT_WEIGHT * text_score) / (TAG_WEIGHT + TEXT_WEIGHT)


@dataclass
class Suggestion:
    cluster: Cluster
    score: float = 0.0
    reasons: list[tuple[float, Markup]] = field(default_factory=list)

    def reason_texts(self) -> list[Markup]:
        """The best reasons, as HTML whose quoted needs and names are isolated (<bdi>)."""
        ordered = sorted(self.reasons, key=lambda item: -item[0])
        return [text for _score, text in ordered[:MAX_REASONS]]

    def plain_reason_texts(self) -> list[str]:
        """The same reasons as plain text, for the API."""
        return [text.striptags() for text in self.reason_texts()]


def _best_pairs(mine: list[ClusterNeed], theirs: list[ClusterNeed]):
    """For each of `mine`, the best of `theirs` above the threshold: (score, mine, theirs)."""
    for need in mine:
        scored = [(need_similarity(need, other), other) for other in theirs]
        if not scored:
            continue
        score, best = max(scored, key=lambda item: item[0])
        if score >= MIN_PAIR_SCORE:
            yield score, need, best


def _pair_reasons(cluster: Cluster, other: Cluster, for_member: bool):
    """(score, reason) of each need of one side met by the other. Worded for who reads it: a
    member of `cluster` reads "your need"; anyone else reads whose need it is."""
    name = cluster.name
    for score, seek, offer in _best_pairs(cluster.need_list("seek"), other.need_list("offer")):
        yield score, (format_isolated(_("Offers “%(offer)s” matching your need “%(seek)s”"),
                                      offer=offer.text, seek=seek.text) if for_member else
                      format_isolated(_("Offers “%(offer)s” matching the need “%(seek)s” of "
                                        "%(name)s"), offer=offer.text, seek=seek.text, name=name))
    for score, offer, seek in _best_pairs(cluster.need_list("offer"), other.need_list("seek")):
        yield score, (format_isolated(_("Seeks “%(seek)s” matching your offer “%(offer)s”"),
                                      seek=seek.text, offer=offer.text) if for_member else
                      format_isolated(_("Seeks “%(seek)s” matching the offer “%(offer)s” of "
                                        "%(name)s"), seek=seek.text, offer=offer.text, name=name))


def score_partner(cluster: Cluster, other: Cluster, for_member: bool = False) -> Suggestion:
    """How well `other` suits `cluster`: its needs met both ways, then shared sectors."""
    suggestion = Suggestion(cluster=other)
    for score, reason in _pair_reasons(cluster, other, for_member):
        suggestion.score += score
        suggestion.reasons.append((score + 1, reason))
    mine = set(cluster.sectors) - {"other"}  # "other" says nothing two clusters share
    for sector in other.sectors:
        if sector in mine:
            suggestion.score += SECTOR_WEIGHT
            suggestion.reasons.append((SECTOR_WEIGHT, format_isolated(
                _("Shared sector: %(sector)s"), sector=sector_name(sector))))
    suggestion.score = round(suggestion.score, 3)
    return suggestion


def partner_candidates(cluster: Cluster, with_managers: bool = False) -> list[Cluster]:
    """The approved clusters of the other shore, with their tags and needs (and their managers
    for the API's cluster objects)."""
    other_shore = "south" if cluster.shore == "north" else "north"
    options = [selectinload(Cluster.tags), selectinload(Cluster.needs)]
    if with_managers:
        options.append(selectinload(Cluster.manager_memberships).selectinload(Membership.user)
                       .selectinload(User.tags))
    return list(db.session.scalars(
        db.select(Cluster).where(Cluster.status == "approved", Cluster.shore == other_shore)
        .options(*options)))


def suggest_partners(cluster: Cluster, limit: int | None = None, with_managers: bool = False,
                     for_member: bool = False, matches_only: bool = False) -> list[Suggestion]:
    """Best first: by score, then by name. Clusters with nothing in common come last, or not at
    all with `matches_only`; `for_member` words the reasons for a member of `cluster`."""
    suggestions = [score_partner(cluster, other, for_member)
                   for other in partner_candidates(cluster, with_managers)]
    if matches_only:
        suggestions = [s for s in suggestions if s.score > 0]
    suggestions.sort(key=lambda s: (-s.score, s.cluster.name.casefold(), s.cluster.id))
    return suggestions[:limit] if limit else suggestions
