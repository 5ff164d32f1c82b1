"""Search timings on 100,000 forum posts (mixed English, French and Arabic, with accents and
tashkeel), on SQLite (FTS5) and PostgreSQL (tsvector + GIN): builds a throw-away database of
each kind in bulk, then times `community.search.services.search` — the code behind
`GET /api/v1/search` and `/search` — for a mix of queries, as a visitor and as a member.

    .venv/bin/python bench/search_bench.py                      # both databases, 100,000 posts
    .venv/bin/python bench/search_bench.py --posts 20000 --backends sqlite

PostgreSQL is reached at $TEST_POSTGRES_URL (default postgresql+psycopg://postgres@127.0.0.1/
postgres); a database named search_bench_<random> is created and dropped.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import summary  # noqa: E402

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
from community.search.normalise import normalise_for_search, with_stems  # noqa: E402
from community.search.schema import (  # noqa: E402
    FTS_TABLE,
    PG_DOCUMENT,
    ensure_search_schema,
)
from community.search.services import search  # noqa: E402
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


def build(posts: int, rng: random.Random) -> None:
    """Users, clusters (one members-only), categories, threads and posts, and their search
    entries, all inserted in bulk through SQLAlchemy Core."""
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
    for n in range(posts):
        language = languages[(n // per_thread + n) % 3]
        body = sentence(rng, language, rng.randint(15, 60))
        rows.append({"thread_id": 1 + n // per_thread, "position": 1 + n % per_thread,
                     "author_id": 1 + n % 200, "body": body, "body_html": f"<p>{body}</p>",
                     "created_at": now, "hidden": False})
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


def run(url: str, posts: int, rounds: int, folder: Path) -> None:
    app = create_app(make_config(url, folder))
    rng = random.Random(42)
    with app.app_context():
        db.create_all()
        with db.engine.begin() as connection:
            ensure_search_schema(connection)
        started = time.perf_counter()
        build(posts, rng)
        print(f"  built {posts:,} posts in {time.perf_counter() - started:.1f}s")
        member = db.session.get(User, 1)
        for label, viewer, kind in (("visitor, posts", None, "post"),
                                    ("member, posts", member, "post"),
                                    ("visitor, everything", None, None)):
            samples: list[float] = []
            hits = 0
            with app.test_request_context():
                for _ in range(rounds):
                    for query in QUERIES:
                        t0 = time.perf_counter()
                        result = search(viewer, query, kind, page=1, per_page=20)
                        samples.append(time.perf_counter() - t0)
                        hits += result.total
            print("  " + summary(label, samples, 0) + f" (mean hits {hits // len(samples):,})")
        db.session.remove()
        db.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3, help="passes over the query list")
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for backend in args.backends.split(","):
            print(f"{backend}:")
            if backend == "sqlite":
                run(f"sqlite:///{folder / 'bench.db'}", args.posts, args.rounds, folder)
                continue
            name = f"search_bench_{uuid.uuid4().hex[:8]}"
            admin = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
            try:
                run(POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + "/" + name, args.posts, args.rounds,
                    folder)
            finally:
                with admin.connect() as conn:
                    conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                admin.dispose()


if __name__ == "__main__":
    main()
