"""Searching: the database finds and ranks (FTS5 on SQLite, tsvector + GIN on PostgreSQL) among
the things the searcher may read; Python loads the page and cuts highlighted snippets."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import aliased, joinedload

from community.errors import ValidationError
from community.extensions import db
from community.forums.queries import readable_category
from community.markup import stored_plain_text as plain_text
from community.models import Category, Cluster, Post, SearchEntry, Thread, User
from community.search.index import uses_fts
from community.search.normalise import search_terms, term_stems
from community.search.schema import FTS_TABLE
from community.search.snippets import highlight

TYPES = {"posts": "post", "threads": "thread", "users": "user", "clusters": "cluster"}
QUERY_MAX = 200
COUNT_LIMIT = 1000


@dataclass
class SearchPage:
    items: list[dict]
    page: int
    per_page: int
    total: int
    more: bool = False  # more than `total` matches exist (counting stopped at COUNT_LIMIT)

    @property
    def pages(self) -> int:
        return (self.total + self.per_page - 1) // self.per_page if self.total else 0

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1

    def iter_pages(self, **_kwargs):
        return range(1, self.pages + 1)


# Made once: building aliases (and adapting their columns) on every search costs milliseconds.
ALIASES = (aliased(Post), aliased(Thread), aliased(Category), aliased(User), aliased(Cluster))


def visible_join(source, viewer: User | None, kind: str | None, kind_column):
    """`source` joined to what the entries stand for, and the condition that keeps what the
    viewer may see: readable, undeleted, unhidden posts and threads, active users, approved
    clusters. Joins by primary key from the matches (no EXISTS: PostgreSQL would hash every
    visible post to evaluate them)."""
    e = SearchEntry
    post, thread, category, user, cluster = ALIASES
    wanted = [kind] if kind else ["post", "thread", "user", "cluster"]
    branches = []
    if "post" in wanted:
        source = source.outerjoin(post, sa.and_(e.kind == "post", post.id == e.ref_id))
        branches.append(sa.and_(kind_column == "post", post.deleted_at.is_(None),
                                post.hidden.is_(False), readable_category(viewer, category)))
    if "post" in wanted or "thread" in wanted:
        thread_id = (post.thread_id if wanted == ["post"] else
                     sa.case((e.kind == "thread", e.ref_id), else_=post.thread_id)
                     if "post" in wanted else e.ref_id)
        source = (source.outerjoin(thread, thread.id == thread_id)
                  .outerjoin(category, category.id == thread.category_id))
    if "thread" in wanted:
        branches.append(sa.and_(kind_column == "thread", thread.id.is_not(None),
                                readable_category(viewer, category)))
    if "user" in wanted:
        source = source.outerjoin(user, sa.and_(e.kind == "user", user.id == e.ref_id))
        branches.append(sa.and_(kind_column == "user", user.status != "deleted",
                                user.email_confirmed_at.is_not(None)))
    if "cluster" in wanted:
        source = source.outerjoin(cluster, sa.and_(e.kind == "cluster", cluster.id == e.ref_id))
        branches.append(sa.and_(kind_column == "cluster", cluster.status == "approved"))
    return source, sa.or_(*branches)


# Site search: a term this short is a whole word, not a prefix. A letter or two is the start of
# a tenth of all words: both databases would merge the row lists of every one of them (work as
# large as the corpus) to return results that mean nothing.
PREFIX_MIN = 3


def pg_query(terms: list[str], prefix_min: int = 1):
    """The tsquery of `terms`: each as a prefix of an indexed word (when at least
    `prefix_min` characters long, else as a word), or exactly as a stem."""
    return sa.func.to_tsquery(sa.literal_column("'simple'::regconfig"), " & ".join(
        "(" + " | ".join([f"{t}:*" if len(t) >= prefix_min else t, *term_stems(t)]) + ")"
        for t in terms))


def matching(terms: list[str], prefix_min: int = 1):
    """(from clause, match condition, rank ordering) for the current database. Every term must
    match: as a prefix of an indexed word (or, below `prefix_min` characters, as a word), or
    exactly as one of its stems."""
    if db.session.get_bind().dialect.name == "postgresql":
        document, query = SearchEntry.document, pg_query(terms, prefix_min)
        return (SearchEntry.__table__, document.op("@@")(query),
                sa.func.ts_rank(document, query).desc())
    uses_fts()
    fts = sa.table(FTS_TABLE, sa.column("rowid"))
    expression = " AND ".join(
        "(" + " OR ".join([f'"{t}"*' if len(t) >= prefix_min else f'"{t}"',
                           *(f'"{stem}"' for stem in term_stems(t))]) + ")"
        for t in terms)
    source = fts.join(SearchEntry.__table__, SearchEntry.id == fts.c.rowid)
    match = sa.text(f"{FTS_TABLE} MATCH :fts_query").bindparams(fts_query=expression)
    return source, match, sa.literal_column(f"bm25({FTS_TABLE}, 4.0, 1.0)").asc()


def newest_matches(terms: list[str], viewer: User | None, kind: str | None):
    """The newest `COUNT_LIMIT + 1` matches the viewer may see (newest: the highest entry id,
    i.e. the most recently indexed), with a `score` column that `rank_order` sorts by.

    Why the bound: ranking every match costs as much as there are matches (a common word is in
    most of a million posts), so only the newest are ranked and counted, whatever the word.
    FTS5 walks a word's list of rows backwards and stops after them; PostgreSQL walks the
    entries backwards by id, testing each, or for a rarer word takes all its rows from the GIN
    index and keeps the newest (the planner picks by the word's frequency). Visibility is
    tested on the way, so hidden and members-only rows never fill the bound. What a searcher
    loses: an older match of a common word; more words, or a type, narrow the matches until
    it is among the newest again."""
    source, match, rank = matching(terms, PREFIX_MIN)
    source, visible = visible_join(source, viewer, kind, kind_column())
    if db.session.get_bind().dialect.name == "postgresql":
        # The vector rides along; ts_rank runs on the candidates only, above the LIMIT.
        score, newest = SearchEntry.document, SearchEntry.id.desc()
    else:
        # bm25() only exists beside its MATCH; FTS5 computes it for the rows it returns.
        score, newest = rank.element, sa.literal_column(f"{FTS_TABLE}.rowid").desc()
    return (sa.select(SearchEntry.id, SearchEntry.kind, SearchEntry.ref_id,
                      score.label("score"))
            .select_from(source).where(match, visible)
            .order_by(newest).limit(COUNT_LIMIT + 1).subquery("candidates"))


def rank_order(score, terms: list[str]):
    """Best match first, from the `score` column of `newest_matches`."""
    if db.session.get_bind().dialect.name == "postgresql":
        return sa.func.ts_rank(score, pg_query(terms, PREFIX_MIN)).desc()
    return score.asc()


def ranked_page(terms: list[str], viewer: User | None, kind: str | None, page: int,
                per_page: int) -> tuple[list, int]:
    """(kind, ref_id) of one page of the newest matches in rank order, and how many matches
    were found (at most `COUNT_LIMIT + 1`), in one statement: the count rides along as a
    window over the candidates. Pages stop at `COUNT_LIMIT` results."""
    candidates = newest_matches(terms, viewer, kind)
    numbered = sa.select(
        candidates, sa.func.count().over().label("found"),
        sa.func.row_number().over(order_by=candidates.c.id.desc()).label("age")).subquery()
    offset = (page - 1) * per_page
    rows = [] if offset >= COUNT_LIMIT else db.session.execute(
        sa.select(numbered.c.kind, numbered.c.ref_id, numbered.c.found)
        .where(numbered.c.age <= COUNT_LIMIT)  # the extra one only tells that there are more
        .order_by(rank_order(numbered.c.score, terms), numbered.c.id.desc())
        .limit(per_page).offset(offset)).all()
    if rows:
        return [(kind_, ref_id) for kind_, ref_id, _found in rows], rows[0].found
    # A page past the end: count on its own (rare; the same bounded walk).
    return [], db.session.scalar(sa.select(sa.func.count()).select_from(candidates)) or 0


def kind_column():
    """`search_entries.kind` for a condition beside a full-text match. On SQLite a unary `+`
    keeps the planner from driving the query by the `kind` index (then testing MATCH row by
    row): the full-text match must come first."""
    if db.session.get_bind().dialect.name == "sqlite":
        return sa.literal_column("+search_entries.kind")
    return SearchEntry.kind


def search(viewer: User | None, query: str, kind: str | None = None, page: int = 1,
           per_page: int = 20) -> SearchPage:
    """Ranked, highlighted results of one page; `kind` is one of `TYPES` values or None."""
    if len(query or "") > QUERY_MAX:
        raise ValidationError(_("The search is too long."),
                              {"q": _("At most %(n)d characters.", n=QUERY_MAX)})
    terms = search_terms(query)
    if not terms:
        return SearchPage([], page, per_page, 0)
    if db.session.get_bind().dialect.name != "sqlite":
        # Ranking is short work; JIT compilation of a plan this "expensive" costs seconds. And
        # the plan must follow the word: walking entries backwards suits a common word, the
        # GIN index a rare one; a generic plan, which psycopg's prepared statements get after
        # five runs, would pick one for every word.
        db.session.execute(sa.text("SET LOCAL jit = off; "
                                   "SET LOCAL plan_cache_mode = force_custom_plan"))
    rows, found = ranked_page(terms, viewer, kind, page, per_page)
    total, more = min(found, COUNT_LIMIT), found > COUNT_LIMIT
    if not rows:
        return SearchPage([], page, per_page, total, more)
    marked = terms + [stem for term in terms for stem in term_stems(term)]
    return SearchPage(load_results(rows, marked), page, per_page, total, more)


def load_results(rows, terms: list[str]) -> list[dict]:
    """The page's things in one query per kind, turned into results in rank order."""
    wanted: dict[str, list[int]] = {}
    for kind, ref_id in rows:
        wanted.setdefault(kind, []).append(ref_id)
    loaded: dict[tuple[str, int], dict] = {}
    if wanted.get("post"):
        for post in db.session.scalars(sa.select(Post).where(Post.id.in_(wanted["post"]))
                                       .options(joinedload(Post.thread))):
            loaded[("post", post.id)] = {
                "type": "post", "id": post.id, "title": post.thread.title,
                "snippet_html": highlight(plain_text(post.body_html), terms),
                "url": f"/posts/{post.id}"}
    if wanted.get("thread"):
        for thread in db.session.scalars(sa.select(Thread).where(Thread.id.in_(wanted["thread"]))):
            loaded[("thread", thread.id)] = {
                "type": "thread", "id": thread.id, "title": thread.title,
                "snippet_html": highlight(thread.title, terms), "url": f"/threads/{thread.id}"}
    if wanted.get("user"):
        for user in db.session.scalars(sa.select(User).where(User.id.in_(wanted["user"]))):
            text = member_summary(user)
            loaded[("user", user.id)] = {
                "type": "user", "username": user.username, "title": user.display_name,
                "snippet_html": highlight(text, terms), "url": f"/u/{user.username}"}
    if wanted.get("cluster"):
        for cluster in db.session.scalars(sa.select(Cluster)
                                          .where(Cluster.id.in_(wanted["cluster"]))):
            text = " · ".join(x for x in (cluster.name, cluster.acronym,
                                          plain_text(cluster.description_html)) if x)
            loaded[("cluster", cluster.id)] = {
                "type": "cluster", "slug": cluster.slug, "title": cluster.name,
                "snippet_html": highlight(text, terms), "url": f"/clusters/{cluster.slug}"}
    return [loaded[key] for key in rows_keys(rows) if key in loaded]


def member_summary(user: User) -> str:
    """A member's name, headline and bio for a snippet; a bio that only repeats the headline
    (as many do) is said once."""
    bio = " ".join(plain_text(user.bio_html).split())
    headline = " ".join((user.headline or "").split())
    parts = (user.display_name, headline, "" if bio == headline else bio)
    return " · ".join(part for part in parts if part)


def rows_keys(rows) -> list[tuple[str, int]]:
    return [(kind, ref_id) for kind, ref_id in rows]
