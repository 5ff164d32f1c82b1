"""All models, imported here so Alembic and the app see every table."""

from community.models.base import MAX_ID, UTCDateTime, is_id, isoformat, utcnow
from community.models.chat import ChatMember, ChatMessage, ChatReadMarker, ChatRoom
from community.models.cluster import (  # noqa: I001
    Cluster,
    ClusterNeed,
    ClusterPartner,
    ClusterTag,
    Membership,
)
from community.models.forum import (  # noqa: I001
    Category,
    Post,
    PostMention,
    PostRevision,
    Reaction,
    ReadMarker,
    Subscription,
    Thread,
)
from community.models.job import DeadJob
from community.models.moderation import AuditEntry, BlockedTerm, Report, Suspension
from community.models.notification import Notification, NotificationPreference
from community.models.programme import (  # noqa: I001
    CalendarFeed,
    ClusterEvent,
    EventAttendance,
    Pair,
    Participant,
    Programme,
    ProgrammeCoordinator,
    ProgrammeSession,
    SessionAttendee,
    SessionNote,
)
from community.models.search import SearchEntry
from community.models.user import ROLES as ROLES_CHOICES
from community.models.user import ApiToken, ReservedName, User, UserSession, UserTag

__all__ = [
    "DeadJob",
    "ChatMember", "ChatMessage", "ChatReadMarker", "ChatRoom",
    "ApiToken", "Cluster", "ClusterNeed", "ClusterPartner", "ClusterTag", "Membership",
    "Notification", "NotificationPreference", "ROLES_CHOICES", "ReservedName", "UTCDateTime",
    "User",
    "UserSession", "UserTag", "MAX_ID", "is_id", "isoformat", "utcnow",
]
__all__ += ["Category", "Post", "PostMention", "PostRevision", "Reaction", "ReadMarker",
            "Report", "SearchEntry", "Subscription", "Thread", "AuditEntry", "BlockedTerm",
            "Suspension"]
__all__ += ["CalendarFeed", "ClusterEvent", "EventAttendance", "Pair", "Participant", "Programme",
            "ProgrammeCoordinator", "ProgrammeSession", "SessionAttendee", "SessionNote"]
