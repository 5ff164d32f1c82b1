"""Bodies whose stored form is cheap to build: paragraphs of plain words, for which the HTML of
`community.markup.render_markdown` and the index text of `community.search.index` are known
without running them (tests/benchdata proves both against the real functions)."""

from __future__ import annotations

import random
from dataclasses import dataclass

from community.benchdata.words import Vocabulary, sentence
from community.search.normalise import normalise_for_search, word_stems


@dataclass
class Text:
    """A body as written, as stored HTML, and the words it is made of."""

    body: str
    html: str
    words: list[str]


def paragraphs_text(paragraphs: list[list[list[str]]], language: str) -> Text:
    """Paragraphs of sentences of words: Markdown makes one `<p>` of each, and nothing in plain
    words is escaped, linked or cleaned away by the sanitiser."""
    blocks = [" ".join(sentence(words, language) for words in sentences)
              for sentences in paragraphs]
    words = [word for sentences in paragraphs for words in sentences for word in words]
    return Text("\n\n".join(blocks), "\n".join(f"<p>{block}</p>" for block in blocks), words)


def random_text(vocabulary: Vocabulary, rng: random.Random, max_paragraphs: int = 3,
                sentence_words: tuple[int, int] = (4, 16)) -> Text:
    """One to `max_paragraphs` paragraphs of one to three Zipf sentences."""
    low, high = sentence_words
    paragraphs = [[vocabulary.draw(rng, rng.randint(low, high))
                   for _ in range(rng.randint(1, 3))]
                  for _ in range(rng.randint(1, max_paragraphs))]
    return paragraphs_text(paragraphs, vocabulary.language)


class IndexText:
    """`with_stems(normalise_for_search(text))` of text made of known words, from per-word
    results computed once: normalisation works word by word and drops the punctuation."""

    def __init__(self) -> None:
        self.normalised: dict[str, tuple[str, ...]] = {}
        self.stems: dict[str, tuple[str, ...]] = {}

    def words_of(self, word: str) -> tuple[str, ...]:
        found = self.normalised.get(word)
        if found is None:
            found = tuple(normalise_for_search(word).split())
            self.normalised[word] = found
            for part in found:
                if part not in self.stems:
                    self.stems[part] = word_stems(part)
        return found

    def __call__(self, words: list[str]) -> str:
        normalised = [part for word in words for part in self.words_of(word)]
        stems = dict.fromkeys(stem for part in normalised for stem in self.stems[part])
        text = " ".join(normalised)
        return f"{text} {' '.join(stems)}" if stems else text
