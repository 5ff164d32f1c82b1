"""Search timings per number of hits, on SQLite (FTS5) and PostgreSQL (tsvector + GIN): builds
(or reuses) a database of N forum posts in bulk (mixed English, French and Arabic words with a
Zipf distribution, accents and tashkeel), picks terms whose hits fall in each decade (10², 10³,
…), then times `community.search.services.search` — the code behind `GET /api/v1/search` and
`/search` — for each, as a visitor (everything) and as a member (posts), and prints p50 / p99 per
bucket.

    .venv/bin/python bench/search_bench.py                      # both databases, 200,000 posts
    .venv/bin/python bench/search_bench.py --posts 20000 --backends sqlite
    .venv/bin/python bench/search_bench.py --cache /tmp/search-bench   # keep the databases

PostgreSQL is reached at $TEST_POSTGRES_URL (default postgresql+psycopg://postgres@127.0.0.1/
postgres); a database named <prefix>_<posts> is created (and dropped unless --cache is given).
Another script can time an existing database with `time_search(database_url, terms)`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

# The features import each other's public modules; importing `auth` first walks them in the
# order the app factory does (starting from `search` would hit an import cycle).
import community.auth  # noqa: E402,F401,I001
from community import create_app  # noqa: E402
from community.extensions import db  # noqa: E402
from community.models import (  # noqa: E402
    Category,
    Cluster,
    Membership,
    Post,
    SearchEntry,
    Thread,
    User,
    utcnow,
)
from community.search.normalise import (  # noqa: E402
    normalise_for_search,
    search_terms,
    with_stems,
)
from community.search.schema import (  # noqa: E402
    FTS_TABLE,
    PG_DOCUMENT,
    ensure_search_schema,
)
from community.search.services import (  # noqa: E402
    PREFIX_MIN,
    kind_column,
    matching,
    search,
)
from config import TestingConfig  # noqa: E402

POSTGRES_ADMIN_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
WORDS = {
    "en": ("water irrigation energy solar cluster innovation export market partner mentoring "
           "training startup factory textile automotive logistics port olive harvest funding "
           "digital software network meeting programme quality research university supply "
           "chain renewable wind desalination tourism craft design fashion aerospace").split(),
    "fr": ("eau irrigation énergie solaire réseau innovation marché partenaire élève été "
           "formation entreprise usine textile automobile logistique port olivier récolte "
           "financement numérique logiciel réunion programme qualité recherche université "
           "chaîne renouvelable éolien dessalement tourisme artisanat créativité aéronautique "
           "coopérative Méditerranée développement").split(),
    "ar": ("مَاءٌ رَيٌّ طَاقَةٌ شَمْسِيَّةٌ شَبَكَةٌ ابْتِكَارٌ سُوقٌ شَرِيكٌ تَدْرِيبٌ مَدْرَسَةٌ "
           "مُسْتَشْفَى صِنَاعَةٌ نَسِيجٌ سَيَّارَاتٌ مِينَاءٌ زَيْتُونٌ حَصَادٌ تَمْوِيلٌ رَقْمِيٌّ "
           "بَرْمَجِيَّاتٌ اجْتِمَاعٌ بَرْنَامَجٌ جَوْدَةٌ بَحْثٌ جَامِعَةٌ إِمْدَادٌ أَخْضَرُ "
           "رِيَاحٌ تَحْلِيَةٌ سِيَاحَةٌ حِرَفٌ تَصْمِيمٌ أَزْيَاءٌ طَيَرَانٌ تَعَاوُنِيَّةٌ").split(),
}
QUERIES = [
    "water", "irrigation energy", "solar", "olive harvest", "Mentoring", "software",
    "eau", "énergie", "energie", "eleve", "élève", "Méditerranée", "mediterranee", "récolte",
    "chaine", "qualite recherche", "coop",
    "ماء", "مَاءٌ", "طاقة", "طَاقَةٌ", "مدرسة", "مدرسه", "مستشفى", "المستشفي", "ابتكار",
    "إمداد", "امداد", "زيتون حصاد", "جامعة",
    "zzzunknown", "water زيتون",
]


def make_config(url: str, folder: Path) -> TestingConfig:
    config = TestingConfig()
    config.SQLALCHEMY_DATABASE_URI = url
    config.UPLOAD_FOLDER = str(folder / "uploads")
    config.MAIL_OUTBOX = str(folder / "outbox")
    return config


ALPHABETS = {"en": "abcdefghijklmnoprstuvwy", "fr": "abcdeéèfghilmnoprstuvàç",
             "ar": "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"}
VOCABULARY_SIZE = 8000
_vocabularies: dict[str, tuple[list[str], list[float]]] = {}


def vocabulary(language: str) -> tuple[list[str], list[float]]:
    """A Zipf-distributed vocabulary (like real text): synthetic words, with the meaningful
    words of WORDS spread from frequent (rank 3) to rare (rank ~6000)."""
    if language not in _vocabularies:
        rng = random.Random(language)
        letters = ALPHABETS[language]
        words = ["".join(rng.choice(letters) for _ in range(rng.randint(3, 9)))
                 for _ in range(VOCABULARY_SIZE)]
        for n, word in enumerate(WORDS[language]):
            words[3 + (n * n * 5) % (VOCABULARY_SIZE - 3)] = word
        weights, total = [], 0.0
        for rank in range(1, VOCABULARY_SIZE + 1):
            total += rank ** -1.07
            weights.append(total)
        _vocabularies[language] = (words, weights)
    return _vocabularies[language]


def sentence(rng: random.Random, language: str, length: int) -> str:
    words, cumulative = vocabulary(language)
    return " ".join(rng.choices(words, cum_weights=cumulative, k=length)) + "."


def build(posts: int, rng: random.Random) -> Counter:
    """Users, clusters (one members-only), categories, threads and posts, and their search
    entries, all inserted in bulk through SQLAlchemy Core; returns in how many posts each
    normalised word appears."""
    now = utcnow()
    db.session.execute(sa.insert(User), [
        {"username": f"user{n}", "email": f"user{n}@example.org", "password_hash": "x",
         "display_name": f"User {n}", "role": "member", "status": "active",
         "session_version": 1, "email_confirmed_at": now, "created_at": now}
        for n in range(200)])
    db.session.execute(sa.insert(Cluster), [
        {"slug": f"cluster-{n}", "name": f"Cluster {n}", "country": "MA", "shore": "south",
         "status": "approved", "forum_visibility": "members" if n == 0 else "public",
         "created_at": now, "member_count": 0, "acronym": "", "website": "",
         "description": "", "description_html": ""} for n in range(10)])
    db.session.execute(sa.insert(Membership), [
        {"user_id": 1, "cluster_id": 1, "role": "member", "state": "active", "created_at": now}])
    db.session.execute(sa.insert(Category), [
        {"slug": f"site-{n}", "name": f"Site {n}", "description": "", "position": n,
         "thread_count": 0, "created_at": now} for n in range(5)]
        + [{"slug": f"cluster-cluster-{n}", "name": f"Cluster {n}", "description": "",
            "cluster_id": n + 1, "position": 0, "thread_count": 0, "created_at": now}
           for n in range(10)])
    per_thread = 20
    threads = posts // per_thread
    languages = ["en", "fr", "ar"]
    db.session.execute(sa.insert(Thread), [
        {"category_id": 1 + n % 15, "author_id": 1 + n % 200,
         "title": sentence(rng, languages[n % 3], 5).rstrip("."), "created_at": now,
         "last_post_at": now, "post_count": per_thread, "pinned": False, "locked": False}
        for n in range(threads)])
    rows, entries = [], []
    words: Counter = Counter()
    for n in range(posts):
        language = languages[(n // per_thread + n) % 3]
        body = sentence(rng, language, rng.randint(15, 60))
        rows.append({"thread_id": 1 + n // per_thread, "position": 1 + n % per_thread,
                     "author_id": 1 + n % 200, "body": body, "body_html": f"<p>{body}</p>",
                     "created_at": now, "hidden": False})
        words.update(set(normalise_for_search(body).split()))
        entries.append({"kind": "post", "ref_id": n + 1, "title": "",
                        "body": with_stems(normalise_for_search(body))})
        if len(rows) == 5000:
            db.session.execute(sa.insert(Post), rows)
            db.session.execute(sa.insert(SearchEntry), entries)
            rows, entries = [], []
    if rows:
        db.session.execute(sa.insert(Post), rows)
        db.session.execute(sa.insert(SearchEntry), entries)
    titles = db.session.execute(sa.select(Thread.id, Thread.title)).all()
    db.session.execute(sa.insert(SearchEntry), [
        {"kind": "thread", "ref_id": tid, "title": with_stems(normalise_for_search(title)),
         "body": ""} for tid, title in titles])
    if db.engine.dialect.name == "sqlite":
        db.session.execute(sa.text(f"INSERT INTO {FTS_TABLE} (rowid, title, body) "
                                   "SELECT id, title, body FROM search_entries"))
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        db.session.execute(sa.text(f"UPDATE search_entries SET document = {PG_DOCUMENT}"))
        db.session.commit()
        db.session.execute(sa.text("ANALYZE"))
        db.session.commit()
    return words


def pick_terms(words: Counter, per_bucket: int = 6) -> list[str]:
    """Up to `per_bucket` words per decade of posts containing them (10², 10³, …), spread over
    the three languages; longest words first, so a prefix match adds few other words' hits;
    then the shortest prefixes search takes (PREFIX_MIN letters) of the commonest words: the
    most hits a term can have here."""
    chosen: dict[int, list[str]] = {}
    for word, count in sorted(words.items(), key=lambda item: (-len(item[0]), item[0])):
        decade = len(str(count)) - 1
        if decade >= 2 and len(chosen.setdefault(decade, [])) < per_bucket:
            chosen[decade].append(word)
    prefixes = dict.fromkeys(word[:PREFIX_MIN] for word, _count in words.most_common(6))
    return [word for decade in sorted(chosen) for word in chosen[decade]] + list(prefixes)


def hit_count(term: str) -> int:
    """Posts whose entry matches `term`, every one counted (what bounded search avoids)."""
    source, match, _rank = matching(search_terms(term), PREFIX_MIN)
    return db.session.scalar(sa.select(sa.func.count()).select_from(source)
                             .where(match, kind_column() == "post")) or 0


def bucket(hits: int) -> str:
    return f"10^{len(str(hits)) - 1}" if hits else "0"


def percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)

    def pct(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000, 2)

    return {"n": len(ordered), "p50_ms": pct(0.50), "p99_ms": pct(0.99),
            "max_ms": round(ordered[-1] * 1000, 2)}


def a_member() -> User | None:
    """A member of a members-only cluster if there is one (they read more), else anyone."""
    user_id = db.session.scalar(
        sa.select(Membership.user_id).join(Cluster, Cluster.id == Membership.cluster_id)
        .where(Membership.state == "active")
        .order_by((Cluster.forum_visibility == "public").asc(), Membership.user_id).limit(1))
    return db.session.get(User, user_id) if user_id else None


def cpu_clock():
    """A clock of the CPU time spent on a search: this thread's (SQLite runs in it) plus, on
    PostgreSQL, that of the server process behind the one pooled connection (read from
    /proc when the server is local). Other helpers' load does not inflate it like wall time."""
    path = None
    if db.engine.dialect.name == "postgresql":
        pid = db.session.scalar(sa.text("SELECT pg_backend_pid()"))
        db.session.rollback()
        path = Path(f"/proc/{pid}/schedstat")

    def now() -> float:
        server = int(path.read_text().split()[0]) / 1e9 if path and path.exists() else 0.0
        return time.thread_time() + server

    return now


def time_search(database_url: str, terms: list[str], rounds: int = 3) -> dict:
    """p50 / p99 of `search()` per bucket of hits (`10^2` = 100 to 999 posts contain the
    term), as a visitor searching everything and as a member searching posts, on an existing
    database: wall time, and CPU time (see `cpu_clock`). The hits are counted first, untimed."""
    with tempfile.TemporaryDirectory() as tmp:
        config = make_config(database_url, Path(tmp))
        # One connection, so the server process whose CPU time is read is the one searching.
        config.SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True, "pool_size": 1,
                                            "max_overflow": 0}
        app = create_app(config)
        with app.app_context(), app.test_request_context():
            hits = {term: hit_count(term) for term in terms}
            db.session.rollback()
            member, cpu = a_member(), cpu_clock()
            samples: dict[str, dict[str, list[float]]] = {}
            for round_ in range(rounds + 1):  # the first pass warms the caches, untimed
                for term in terms:
                    for label, viewer, kind in (("visitor", None, None),
                                                ("member", member, "post")):
                        started, cpu_started = time.perf_counter(), cpu()
                        search(viewer, term, kind, page=1, per_page=20)
                        elapsed, cpu_used = time.perf_counter() - started, cpu() - cpu_started
                        db.session.rollback()
                        if round_:
                            by_label = samples.setdefault(bucket(hits[term]), {})
                            by_label.setdefault(label, []).append(elapsed)
                            by_label.setdefault(f"{label} cpu", []).append(cpu_used)
            db.session.remove()
            db.engine.dispose()
    return {"buckets": {name: {label: percentiles(values) for label, values in by.items()}
                        | {"terms": sorted(t for t in terms if bucket(hits[t]) == name)}
                        for name, by in sorted(samples.items())},
            "hits": hits}


def prepare(url: str, posts: int, folder: Path) -> list[str]:
    """Build the database at `url` unless it already holds the corpus (its terms are kept in
    `folder`), and return the terms to time."""
    terms_file = folder / f"terms-{posts}-{sa.make_url(url).get_backend_name()}.json"
    app = create_app(make_config(url, folder))
    with app.app_context():
        if terms_file.exists() and sa.inspect(db.engine).has_table(Post.__tablename__) and \
                db.session.scalar(sa.select(sa.func.count()).select_from(Post)) == posts:
            return json.loads(terms_file.read_text())
        db.drop_all()
        if db.engine.dialect.name == "sqlite":
            with db.engine.begin() as connection:
                connection.exec_driver_sql(f"DROP TABLE IF EXISTS {FTS_TABLE}")
        db.create_all()
        with db.engine.begin() as connection:
            ensure_search_schema(connection)
        started = time.perf_counter()
        words = build(posts, random.Random(42))
        print(f"  built {posts:,} posts in {time.perf_counter() - started:.1f}s")
        db.session.remove()
        db.engine.dispose()
    terms = pick_terms(words)
    terms_file.write_text(json.dumps(terms, ensure_ascii=False))
    return terms


def report(result: dict) -> None:
    for name, figures in result["buckets"].items():
        line = "  ".join(f"{label} p50={figures[label]['p50_ms']:.1f}ms "
                         f"p99={figures[label]['p99_ms']:.1f}ms"
                         for label in ("visitor", "member", "visitor cpu", "member cpu")
                         if label in figures)
        hits = [result["hits"][term] for term in figures["terms"]]
        print(f"  {name:>5} hits ({min(hits):,}–{max(hits):,}, {len(hits)} terms): {line}")


def postgres_database(name: str, keep: bool):
    """The URL of a PostgreSQL database `name` (created if missing) and a function that drops
    it unless `keep`."""
    admin = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if not conn.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}):
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        if not keep:
            with admin.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + "/" + name, drop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=3, help="passes over the terms")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--cache", type=Path, help="keep the databases in (and reuse from) here")
    parser.add_argument("--pg-prefix", default="search_bench", help="PostgreSQL database prefix")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.cache or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for backend in args.backends.split(","):
            print(f"{backend}, {args.posts:,} posts:")
            drop = None
            if backend == "sqlite":
                url = f"sqlite:///{folder / f'search-{args.posts}.db'}"
            else:
                url, drop = postgres_database(f"{args.pg_prefix}_{args.posts}", bool(args.cache))
            try:
                terms = prepare(url, args.posts, folder)
                results[backend] = time_search(url, terms, args.rounds)
                report(results[backend])
            finally:
                if drop:
                    drop()
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
