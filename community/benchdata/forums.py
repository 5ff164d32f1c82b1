"""Forum categories, threads and posts of the bench data, with what the forum services keep
beside them: positions, thread counters and last post, the authors' subscriptions and read
markers, and the search entries of threads and posts."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta

from community.benchdata import END, Sizes
from community.benchdata.people import People
from community.benchdata.texts import IndexText, random_text
from community.benchdata.words import Vocabulary
from community.benchdata.writer import timestamps
from community.models.forum import CLUSTER_FORUM_PREFIX

GENERAL = [
    ("General discussion", "en"), ("Events and calls", "en"), ("Funding opportunities", "en"),
    ("Discussion générale", "fr"), ("Événements et appels à projets", "fr"),
    ("Coopération méditerranéenne", "fr"), ("نقاش عام", "ar"), ("فرص التمويل", "ar"),
]
GENERAL_SHARE = 0.4
MAX_THREAD_POSTS = 3_000
CHUNK_THREADS = 2_000
THREAD_COLUMNS = ("id", "category_id", "author_id", "title", "created_at", "last_post_at",
                  "post_count")
POST_COLUMNS = ("id", "thread_id", "position", "author_id", "body", "body_html", "created_at")


@dataclass
class ForumChunk:
    """The rows of a run of threads, written together (COPY takes one table at a time)."""

    threads: list[tuple] = field(default_factory=list)
    posts: list[tuple] = field(default_factory=list)
    subscriptions: list[tuple] = field(default_factory=list)
    markers: list[tuple] = field(default_factory=list)
    search: list[tuple] = field(default_factory=list)


def categories(people: People) -> list[tuple]:
    """(id, slug, name, description, language, cluster_id, position, created_at): the site
    categories, then one forum per cluster as `forum_for_cluster` makes it."""
    rows = [(i, f"bench-{i}", name, "", language, None, i, END - timedelta(days=1000))
            for i, (name, language) in enumerate(GENERAL, 1)]
    for cluster_id, slug in people.cluster_slugs.items():
        rows.append((len(rows) + 1, f"{CLUSTER_FORUM_PREFIX}{slug}",
                     people.cluster_names[cluster_id][:80], "", None, cluster_id, 0,
                     people.cluster_decided[cluster_id]))
    return rows


CATEGORY_COLUMNS = ("id", "slug", "name", "description", "language", "cluster_id", "position",
                    "created_at")


def post_counts(total: int, threads: int, rng: random.Random) -> list[int]:
    """Posts per thread: at least one each, heavy-tailed (a few long threads, many short),
    summing to exactly `total`."""
    weights = [min(rng.paretovariate(1.2), 200.0) for _ in range(threads)]
    spare, scale = total - threads, sum(weights)
    counts = [1 + min(MAX_THREAD_POSTS - 1, int(spare * w / scale)) for w in weights]
    missing = total - sum(counts)
    while missing > 0:
        index = rng.randrange(threads)
        if counts[index] < MAX_THREAD_POSTS:
            counts[index] += 1
            missing -= 1
    return counts


class ForumBuilder:
    """Threads in creation order; each thread's posts, in one go, with its counters."""

    def __init__(self, sizes: Sizes, people: People, vocabularies: dict[str, Vocabulary],
                 rng: random.Random, next_search_id: Callable[[], int],
                 index_text: IndexText, on_post_words: Callable[[list[str]], None]) -> None:
        self.sizes, self.people, self.vocabularies, self.rng = sizes, people, vocabularies, rng
        self.next_search_id, self.on_post_words = next_search_id, on_post_words
        self.index_text = index_text
        self.category_of_cluster = {cid: len(GENERAL) + n for n, cid in
                                    enumerate(people.cluster_slugs, 1)}
        clusters = list(people.members)
        self.cluster_choices = (clusters, [len(people.members[c]) + 1 for c in clusters])
        self.post_id = 0

    def _place(self) -> tuple[int, list[int], str]:
        """A category for a new thread, the members who may write there, and a language."""
        rng = self.rng
        if rng.random() < GENERAL_SHARE:
            number = rng.randrange(len(GENERAL))
            pool = self.people.user_ids
            language = GENERAL[number][1] if rng.random() < 0.7 else rng.choice(("en", "fr", "ar"))
            return number + 1, pool, language
        cluster_id = rng.choices(*self.cluster_choices)[0]
        pool = self.people.members[cluster_id] or self.people.user_ids[:1]
        language = self.people.user_language[pool[0]]
        return self.category_of_cluster[cluster_id], pool, language

    def chunks(self) -> Iterator[ForumChunk]:
        rng = self.rng
        counts = post_counts(self.sizes.posts, self.sizes.threads, rng)
        starts = timestamps(END - timedelta(days=730), END - timedelta(days=1),
                            self.sizes.threads, rng)
        chunk = ForumChunk()
        for thread_index, (count, start) in enumerate(zip(counts, starts, strict=True)):
            self._thread(chunk, thread_index + 1, count, start)
            if len(chunk.threads) >= CHUNK_THREADS:
                yield chunk
                chunk = ForumChunk()
        if chunk.threads:
            yield chunk

    def _thread(self, chunk: ForumChunk, thread_id: int, count: int, start) -> None:
        rng = self.rng
        category_id, pool, language = self._place()
        vocabulary = self.vocabularies[language]
        writers = rng.sample(pool, min(len(pool), max(1, count // 3)))
        title_words = vocabulary.draw(rng, rng.randint(3, 8))
        title = " ".join(title_words)
        title = title[:1].upper() + title[1:]
        end = min(END, start + timedelta(days=rng.randint(1, 90)))
        times = [start, *timestamps(start, end, count - 1, rng)]
        last_seen: dict[int, tuple[int, object]] = {}
        for position, created in enumerate(times, 1):
            author = writers[0] if position == 1 else rng.choice(writers)
            text_language = language if rng.random() < 0.9 else rng.choice(("en", "fr", "ar"))
            text = random_text(self.vocabularies[text_language], rng)
            self.post_id += 1
            chunk.posts.append((self.post_id, thread_id, position, author, text.body, text.html,
                                created))
            chunk.search.append((self.next_search_id(), "post", self.post_id, "",
                                 self.index_text(text.words)))
            self.on_post_words(text.words)
            if author not in last_seen:
                chunk.subscriptions.append((thread_id, author, created))
            last_seen[author] = (position, created)
        chunk.threads.append((thread_id, category_id, writers[0], title, start, times[-1],
                              count))
        chunk.search.append((self.next_search_id(), "thread", thread_id,
                             self.index_text(title_words), ""))
        chunk.markers += [(thread_id, user, position, when)
                          for user, (position, when) in last_seen.items()]


class TermCounter:
    """How many posts hold each candidate word (normalised), for the manifest's search terms."""

    def __init__(self, candidates: dict[str, str], index_text: IndexText) -> None:
        self.candidates = candidates  # normalised word -> language
        self.index_text = index_text
        self.counts: Counter[str] = Counter()

    def __call__(self, words: list[str]) -> None:
        found = {part for word in words for part in self.index_text.words_of(word)}
        self.counts.update(found & self.candidates.keys())
