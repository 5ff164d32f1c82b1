"""Spam defences: blocked words (refused) and blocked domains (held), matched on the search
normalisation; the posts of new members that carry links wait for a moderator's approval.

A held post is stored with `held_at`, `held_reason` and a negative, waiting `position`: it
takes no place in its thread (nor in `post_count` and `last_post_at`) until it is approved and
gets the next position. A held first post holds its whole thread: a thread whose
`post_count` is 0 waits for approval, and only its author and staff may open it."""

from __future__ import annotations

import html
import re
import time
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import Flask, current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from community.errors import ValidationError
from community.extensions import db
from community.i18n import isolate_plain
from community.models import BlockedTerm, Post, Thread, User, utcnow
from community.moderation.audit import record
from community.permissions import can_moderate, is_signed_in, require_admin
from community.search.normalise import arabic_stem, normalise_for_search
from community.text import clean_line
from community.transaction import on_commit, on_rollback

# A member with fewer approved posts (not held, not deleted) is new: their links are held.
TRUSTED_AFTER = 3
HELD_REASONS = ("links", "domain")
# The `held_reason` of a post a moderator refused: it stays invisible and leaves the queue.
REJECTED = "rejected"
_HREF = re.compile(r'href="([^"]*)"')
_HOST = re.compile(r"(?<![\w.-])((?:[\w-]+\.)+[^\W\d_]{2,})(?![\w-])")
# A web address as typed, also where Markdown makes no link of it (an unknown top-level domain).
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>]", re.IGNORECASE)
DOMAIN = re.compile(r"(?:[\w-]+\.)+[\w-]{2,}")
TERMS_CACHE = "blocked_terms_cache"  # app.extensions key: (loaded at, terms)
# In `Session.info`: the transaction that changes the blocked terms (its reads are its own).
TERMS_CHANGING = "blocked_terms_changing"
BLOCKED_TERMS_TTL = 5.0


# --- terms ---------------------------------------------------------------------------------

def normalise_word(value: str) -> str:
    """A blocked word or phrase as it is matched: the search normalisation."""
    return normalise_for_search(clean_line(value))


def normalise_domain(value: str) -> str:
    """A domain as stored and matched: lowercase, without scheme, path, port or `www.`."""
    value = clean_line(value).lower()
    host = urlsplit(value).hostname if "://" in value else value.split("/")[0].split(":")[0]
    return (host or "").strip(".").removeprefix("www.")


def blocked_terms() -> dict[str, list[str]]:
    """The normalised blocked words and domains, one query."""
    terms: dict[str, list[str]] = {"word": [], "domain": []}
    for kind, value in db.session.execute(sa.select(BlockedTerm.kind, BlockedTerm.normalised)):
        terms[kind].append(value)
    return terms


def cached_blocked_terms() -> dict[str, list[str]]:
    """`blocked_terms()` kept by this process for `BLOCKED_TERMS_TTL` seconds, so that sending
    a chat message does not read the table each time. A change made on this process is seen
    once committed (`set_blocked_terms` drops the copy); one made on another, within the TTL.
    The action changing them reads its own list, never cached: it may still roll back."""
    if changing_terms_now():
        return blocked_terms()
    cached = current_app.extensions.get(TERMS_CACHE)
    now = time.monotonic()
    if cached is None or now - cached[0] > BLOCKED_TERMS_TTL:
        cached = (now, blocked_terms())
        current_app.extensions[TERMS_CACHE] = cached
    return cached[1]


def changing_terms_now() -> bool:
    """Whether the current transaction has changed the blocked terms (not yet committed)."""
    session = db.session()
    transaction = session.get_transaction()
    return transaction is not None and session.info.get(TERMS_CHANGING) is transaction


def forget_blocked_terms(app: Flask) -> None:
    app.extensions.pop(TERMS_CACHE, None)


def has_blocked_word(text: str, words: list[str]) -> bool:
    """Whether `text` holds one of the normalised `words` (or phrases) as whole words, blind to
    case, French accents and Arabic diacritics; an Arabic word also matches with its attached
    article or particles ("والكلمة" holds "كلمة")."""
    normalised = normalise_for_search(text)
    if not words or not normalised:
        return False
    tokens = set(normalised.split())
    tokens |= {arabic_stem(token) for token in tokens}
    padded = f" {normalised} "
    return any(f" {word} " in padded if " " in word else word in tokens for word in words)


def hosts_in(body: str, body_html: str = "") -> set[str]:
    """Every host a text names: link targets of its HTML and host-like words of its source."""
    hosts = {host.lower() for host in _HOST.findall(body or "")}
    hosts |= {host for host in (link_host(href) for href in _HREF.findall(body_html or "")) if host}
    return {host.strip(".").removeprefix("www.") for host in hosts}


def link_host(href: str) -> str | None:
    """The host of an outside link (http, https, mailto); None for the site's own links."""
    parts = urlsplit(html.unescape(href))
    if parts.scheme in ("http", "https"):
        return (parts.hostname or "").lower() or None
    if parts.scheme == "mailto" and "@" in parts.path:
        return parts.path.rsplit("@", 1)[1].lower() or None
    return None


def has_links(body: str, body_html: str) -> bool:
    """Whether a text links outside the site: a Markdown link, an autolink, a bare address."""
    return bool(_URL.search(body or "")) or any(
        link_host(href) for href in _HREF.findall(body_html or ""))


def has_blocked_domain(hosts: set[str], domains: list[str]) -> bool:
    """A host is blocked when it is a blocked domain or one of its subdomains."""
    return any(host == domain or host.endswith(f".{domain}") for host in hosts
               for domain in domains)


def refuse_blocked_words(terms: dict[str, list[str]] | None = None, **fields: str) -> None:
    """Refuse (422, naming each field) a text holding a blocked word."""
    terms = terms if terms is not None else cached_blocked_terms()
    message = _("This text contains a blocked word.")
    problems = {name: message for name, text in fields.items()
                if has_blocked_word(text, terms["word"])}
    if problems:
        raise ValidationError(message, problems)


def refuse_blocked_text(author: User, body: str, body_html: str) -> None:
    """What cannot wait for approval (a chat message, the edit of a post) is refused for a
    blocked word, and for a blocked domain unless staff wrote it (staff are never held)."""
    terms = cached_blocked_terms()
    refuse_blocked_words(terms, body=body)
    if not can_moderate(author) and has_blocked_domain(hosts_in(body, body_html),
                                                       terms["domain"]):
        message = _("This text links to a blocked site.")
        raise ValidationError(message, {"body": message})


def terms_by_kind() -> dict[str, list[str]]:
    """The blocked words and domains as the admins typed them, sorted."""
    terms: dict[str, list[str]] = {"word": [], "domain": []}
    for kind, value in db.session.execute(sa.select(BlockedTerm.kind, BlockedTerm.value)
                                          .order_by(BlockedTerm.normalised)):
        terms[kind].append(value)
    return terms


def _cleaned(kind: str, values: list[str]) -> dict[str, str]:
    """{normalised: value} of a list typed by an admin; 422 naming the list and the item."""
    field = "words" if kind == "word" else "domains"
    cleaned: dict[str, str] = {}
    for number, value in enumerate(values, start=1):
        value = clean_line(value)
        if not value:
            continue
        key = normalise_word(value) if kind == "word" else normalise_domain(value)
        if not key or (kind == "domain" and not DOMAIN.fullmatch(key)):
            problem = (_("Item %(n)d has no letter or digit.", n=number) if kind == "word"
                       else _("Item %(n)d is not a domain name.", n=number))
            raise ValidationError(_("Some fields are not valid."), {field: problem})
        cleaned.setdefault(key, key if kind == "domain" else value)
    return cleaned


def set_blocked_terms(actor: User | None, words: list[str] | None = None,
                      domains: list[str] | None = None) -> dict[str, list[str]]:
    """Replace the blocked words and/or domains (admins; a list left out is kept), audited
    as `blocked_terms.update` with what was added and removed."""
    require_admin(actor)
    app = current_app._get_current_object()
    # This action reads its own list uncached (`cached_blocked_terms`); the process's copy is
    # dropped once the outcome is settled, committed or rolled back.
    on_commit(forget_blocked_terms, app)
    on_rollback(forget_blocked_terms, app)
    session = db.session()
    session.info[TERMS_CHANGING] = session.get_transaction()
    changes = []
    for kind, values in (("word", words), ("domain", domains)):
        if values is None:
            continue
        wanted = _cleaned(kind, values)
        rows = {row.normalised: row for row in db.session.scalars(
            sa.select(BlockedTerm).where(BlockedTerm.kind == kind))}
        removed = [rows[key].value for key in rows if key not in wanted]
        added = [value for key, value in wanted.items() if key not in rows]
        for key in rows.keys() - wanted.keys():
            db.session.delete(rows[key])
        db.session.add_all(BlockedTerm(kind=kind, value=wanted[key][:100], normalised=key[:100])
                           for key in wanted.keys() - rows.keys())
        changes += [f"+{kind}: {value}" for value in added]
        changes += [f"-{kind}: {value}" for value in removed]
    db.session.flush()
    terms = terms_by_kind()
    record(actor, "blocked_terms.update", "blocked_terms", None,
           f"{len(terms['word'])} words, {len(terms['domain'])} domains", "; ".join(changes))
    return terms


# --- holding -------------------------------------------------------------------------------

def is_new_member(user: User) -> bool:
    """Fewer than TRUSTED_AFTER approved posts (not held, not deleted)."""
    approved = (sa.select(Post.id).where(Post.author_id == user.id, Post.held_at.is_(None),
                                         Post.deleted_at.is_(None))
                .limit(TRUSTED_AFTER).subquery())
    return (db.session.scalar(sa.select(sa.func.count()).select_from(approved)) or 0) \
        < TRUSTED_AFTER


def hold_reason(author: User, body: str, body_html: str) -> str | None:
    """Why a new post must wait for approval: "domain" (a blocked domain, whoever writes),
    "links" (a new member's outside link), or None. Staff are never held."""
    if can_moderate(author):
        return None
    if has_blocked_domain(hosts_in(body, body_html), blocked_terms()["domain"]):
        return "domain"
    if has_links(body, body_html) and is_new_member(author):
        return "links"
    return None


def hold_post(post: Post, reason: str) -> None:
    """Keep a new post out of its thread until a moderator decides: a waiting position below
    every other (the caller holds the thread's row lock), and `post_held` to its author."""
    from community.forums.notices import post_url
    from community.notifications.services import notify

    lowest = db.session.scalar(sa.select(sa.func.min(Post.position)).where(
        Post.thread_id == post.thread.id))
    post.position = min(lowest or 0, 0) - 1
    post.held_at, post.held_reason = utcnow(), reason
    db.session.add(post)
    db.session.flush()
    author = post.author
    with force_locale(author.locale or "en"):
        text = _("Your post in “%(title)s” waits for a moderator's approval.",
                 title=isolate_plain(post.thread.title))
    notify(author, "post_held", None, post_url(post), text)


# --- who sees what is held -----------------------------------------------------------------

def is_held(post: Post) -> bool:
    return post.held_at is not None


def thread_waits(thread: Thread) -> bool:
    """A thread whose first post is held (or was rejected) has no post in place yet."""
    return thread.post_count == 0


def sees_held(viewer: User | None, author_id: int | None) -> bool:
    """Held things are shown to their author (marked as waiting) and to staff."""
    return can_moderate(viewer) or (is_signed_in(viewer) and viewer.id == author_id)


def may_see_post(viewer: User | None, post: Post) -> bool:
    placed = not is_held(post) and not thread_waits(post.thread)
    return placed or sees_held(viewer, post.author_id)


def may_see_thread(viewer: User | None, thread: Thread) -> bool:
    return not thread_waits(thread) or sees_held(viewer, thread.author_id)


def visible_posts(viewer: User | None):
    """SQL condition on posts: the ones the viewer may see (held ones: author and staff)."""
    if can_moderate(viewer):
        return sa.true()
    if is_signed_in(viewer):
        return sa.or_(Post.held_at.is_(None), Post.author_id == viewer.id)
    return Post.held_at.is_(None)
