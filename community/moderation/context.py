"""What a reviewer needs beside a reported target on the reports page: the posts or chat
messages around it, every report on it, and its author's history."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from community.extensions import db
from community.models import ChatMessage, Post, User
from community.models.moderation import Report
from community.moderation import targets

AROUND = 2  # posts or messages shown on each side of the reported one
UPHELD = ("hide", "delete")


@dataclass
class Case:
    """One reported target on the page, with everything shown about it."""

    kind: str
    target_id: int
    target: object | None
    reports: list[Report] = field(default_factory=list)
    around: list = field(default_factory=list)
    history: dict = field(default_factory=dict)

    @property
    def author(self) -> User | None:
        return targets.author_of(self.kind, self.target) if self.target is not None else None

    @property
    def open_report(self) -> Report | None:
        return next((r for r in self.reports if r.status == "open"), None)

    @property
    def actions(self) -> list[str]:
        return targets.allowed_actions(self.kind, self.target)

    @property
    def url(self) -> str | None:
        return targets.url(self.kind, self.target) if self.target is not None else None

    @property
    def hidden(self) -> bool:
        return self.target is not None and targets.is_hidden(self.kind, self.target)

    @property
    def deleted(self) -> bool:
        return self.target is None or targets.is_deleted(self.kind, self.target)


def cases(groups, status: str) -> list[Case]:
    """The page's targets (rows of `reports.target_groups`) with their reports and context."""
    from community.moderation.reports import load_targets

    keys = [(kind, target_id) for kind, target_id in groups]
    if not keys:
        return []
    found = load_targets(keys)
    made = {key: Case(key[0], key[1], found.get(key)) for key in keys}
    rows = db.session.scalars(
        sa.select(Report).where(sa.tuple_(Report.target_type, Report.target_id).in_(keys),
                                Report.status == status)
        .options(selectinload(Report.reporter), selectinload(Report.resolved_by))
        .order_by(Report.created_at, Report.id))
    for report in rows:
        made[(report.target_type, report.target_id)].reports.append(report)
    for case in made.values():
        case.around = surroundings(case)
    add_history(list(made.values()))
    return [made[key] for key in keys]


def surroundings(case: Case) -> list:
    """The posts of the thread, or the messages of the room, around the reported one."""
    target = case.target
    if target is None or case.kind == "user":
        return []
    if case.kind == "post":
        model, parent, place = Post, Post.thread_id == target.thread_id, Post.position
        number = target.position
    else:
        model, parent, place = ChatMessage, ChatMessage.room_id == target.room_id, ChatMessage.seq
        number = target.seq
    return list(db.session.scalars(
        sa.select(model).where(parent, place.between(number - AROUND, number + AROUND))
        .options(joinedload(model.author)).order_by(place)))


def add_history(made: list[Case]) -> None:
    """Per author: reports upheld against them before (distinct targets), posts, messages."""
    author_ids = {case.author.id for case in made if case.author is not None}
    if not author_ids:
        return
    upheld = _counts(sa.select(Report.target_user_id,
                               sa.func.count(sa.distinct(
                                   Report.target_type + sa.cast(Report.target_id, sa.String))))
                     .where(Report.target_user_id.in_(author_ids), Report.status == "resolved",
                            Report.action.in_(UPHELD)).group_by(Report.target_user_id))
    posts = _counts(sa.select(Post.author_id, sa.func.count(Post.id))
                    .where(Post.author_id.in_(author_ids)).group_by(Post.author_id))
    messages = _counts(sa.select(ChatMessage.author_id, sa.func.count(ChatMessage.id))
                       .where(ChatMessage.author_id.in_(author_ids))
                       .group_by(ChatMessage.author_id))
    for case in made:
        if case.author is not None:
            uid = case.author.id
            case.history = {"upheld": upheld.get(uid, 0), "posts": posts.get(uid, 0),
                            "messages": messages.get(uid, 0)}


def _counts(statement) -> dict[int, int]:
    return dict(db.session.execute(statement).all())
