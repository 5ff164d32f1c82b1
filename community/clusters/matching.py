"""“Partners across the sea”: how well a cluster of the other shore suits a cluster, by how well
its offers meet this cluster's seeks and the other way round, then by shared sectors. Scored
here when a cluster changes (community/clusters/partners.py stores it); the reasons are kept as
what was matched and worded here for each reader."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from flask_babel import gettext as _
from markupsafe import Markup

from community.i18n import format_isolated
from community.models import Cluster, ClusterNeed
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


def score_pair(cluster: Cluster, other: Cluster) -> tuple[float, list[dict]]:
    """How well `other` suits `cluster`: its needs met both ways, then shared sectors. The
    reasons, best first (at most MAX_REASONS), say what matched: `offer` (the other offers what
    `cluster` seeks), `seek` (the other way round), `sector`; each with its `weight`."""
    total, reasons = 0.0, []
    for score, seek, offer in _best_pairs(cluster.need_list("seek"), other.need_list("offer")):
        total += score
        reasons.append({"kind": "offer", "weight": score + 1, "offer": offer.text,
                        "seek": seek.text})
    for score, offer, seek in _best_pairs(cluster.need_list("offer"), other.need_list("seek")):
        total += score
        reasons.append({"kind": "seek", "weight": score + 1, "seek": seek.text,
                        "offer": offer.text})
    mine = set(cluster.sectors) - {"other"}  # "other" says nothing two clusters share
    for sector in other.sectors:
        if sector in mine:
            total += SECTOR_WEIGHT
            reasons.append({"kind": "sector", "weight": SECTOR_WEIGHT, "sector": sector})
    reasons.sort(key=lambda reason: -reason["weight"])  # stable: ties keep their order
    return round(total, 3), reasons[:MAX_REASONS]


def word_reason(reason: dict, name: str, for_member: bool) -> Markup:
    """A stored reason as a sentence in the current language, worded for who reads it: a
    member of the cluster named `name` reads "your need"; anyone else reads whose need it is."""
    if reason["kind"] == "sector":
        return format_isolated(_("Shared sector: %(sector)s"),
                               sector=sector_name(reason["sector"]))
    offer, seek = reason["offer"], reason["seek"]
    if reason["kind"] == "offer":
        if for_member:
            return format_isolated(_("Offers “%(offer)s” matching your need “%(seek)s”"),
                                   offer=offer, seek=seek)
        return format_isolated(_("Offers “%(offer)s” matching the need “%(seek)s” of "
                                 "%(name)s"), offer=offer, seek=seek, name=name)
    if for_member:
        return format_isolated(_("Seeks “%(seek)s” matching your offer “%(offer)s”"),
                               seek=seek, offer=offer)
    return format_isolated(_("Seeks “%(seek)s” matching the offer “%(offer)s” of "
                             "%(name)s"), seek=seek, offer=offer, name=name)


def suggestion(cluster: Cluster, other: Cluster, score: float, reasons: list[dict],
               for_member: bool) -> Suggestion:
    """A stored partner of `cluster` as the pages show it."""
    return Suggestion(cluster=other, score=score, reasons=[
        (reason["weight"], word_reason(reason, cluster.name, for_member)) for reason in reasons])


def score_partner(cluster: Cluster, other: Cluster, for_member: bool = False) -> Suggestion:
    """How well `other` suits `cluster`, worded: what the stored rows hold, computed now."""
    score, reasons = score_pair(cluster, other)
    return suggestion(cluster, other, score, reasons, for_member)
