"""Who a cluster's manager may invite: the member search of the invite form. It reads the names
the search index already keeps folded (case, accents, Arabic diacritics and letter variants), so
"benali" finds "Amina Bénali" on both databases."""

from __future__ import annotations

import sqlalchemy as sa

from community.extensions import db
from community.models import Cluster, Membership, SearchEntry, User
from community.search.normalise import normalise_for_search

CANDIDATES_MAX = 10
QUERY_MAX = 100


def invite_candidates(cluster: Cluster, query: str, limit: int = CANDIDATES_MAX) -> list[User]:
    """Confirmed, active members whose name or username holds every word of `query` (as a part
    of a word), with no membership, request or invitation in `cluster`; by name, at most
    `limit`."""
    terms = normalise_for_search((query or "")[:QUERY_MAX]).split()
    if not terms:
        return []
    entry = sa.and_(SearchEntry.kind == "user", SearchEntry.ref_id == User.id)
    in_cluster = sa.exists().where(Membership.user_id == User.id,
                                   Membership.cluster_id == cluster.id)
    # Normalised terms hold letters and digits only: nothing to escape in the patterns.
    statement = (
        sa.select(User).join(SearchEntry, entry)
        .where(User.status == "active", User.email_confirmed_at.is_not(None), ~in_cluster,
               *(SearchEntry.title.like(f"%{term}%") for term in terms[:5]))
        .order_by(sa.func.lower(User.display_name), User.id).limit(limit))
    return list(db.session.scalars(statement))


def candidate_json(user: User, avatar_url: str | None) -> dict:
    """What the member picker shows of a candidate."""
    return {"username": user.username, "display_name": user.display_name,
            "avatar_url": avatar_url}
