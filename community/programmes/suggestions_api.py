"""`GET /api/v1/programmes/<slug>/suggestions`: the suggested mentor–mentee pairs, for the
programme's coordinators (api.md, Mentoring programmes and events)."""

from __future__ import annotations

from typing import Any

from community.api import bp
from community.api.helpers import responds, signed_in_user
from community.auth.serializers import clusters_by_user, user_json
from community.models import User
from community.programmes.access import find_programme, require_coordinator
from community.programmes.matching import Suggestion, suggest_pairs


def suggestion_json(suggestion: Suggestion, viewer: User,
                    clusters: dict[int, list[dict[str, str]]]) -> dict[str, Any]:
    mentor, mentee = suggestion.mentor.user, suggestion.mentee.user
    return {"mentor": user_json(mentor, viewer, clusters[mentor.id]),
            "mentee": user_json(mentee, viewer, clusters[mentee.id]),
            "score": suggestion.score, "reasons": list(suggestion.reasons)}


@bp.get("/programmes/<slug>/suggestions")
@responds(200)
def programme_suggestions(slug: str):
    """The optimal assignment of the unpaired mentees to the mentors with room, best first;
    those already paired are left out, so asking again suggests for the rest."""
    viewer = signed_in_user()
    programme = find_programme(slug)
    require_coordinator(viewer, programme)
    suggestions = suggest_pairs(programme).suggestions
    clusters = clusters_by_user(sorted({user.id for s in suggestions
                                        for user in (s.mentor.user, s.mentee.user)}))
    items = [suggestion_json(s, viewer, clusters) for s in suggestions]
    return {"items": items, "page": 1, "per_page": len(items), "total": len(items), "pages": 1}
