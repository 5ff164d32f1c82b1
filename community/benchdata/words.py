"""Zipf-distributed words in English, French and Arabic: common real words first (with their
accents and tashkeel), then made-up words of each script for the long tail, so that terms of
every frequency exist, from a few hits to nearly every post."""

from __future__ import annotations

import itertools
import random
from bisect import bisect

from community.search.normalise import normalise_for_search

LANGUAGES = ("en", "fr", "ar")
# Written in every language (Arabic posts borrow them too): terms found in nearly every post.
SHARED = "cluster innovation export startup"
REAL = {
    "en": SHARED + """ the of and to in a is that for it as with was on be by this are
from at or have an they which one you were all we their there been has more when will would
who so no can out about than time into only some could them other new these two may then
first any like now such our over most even also back after use well way because many those
must through years where much should each people made between both under never world same
another while last might great since against right still own high small large during
business companies partners market training industry network members project projects energy
water textile textiles design quality products production research development support skills
funding mentoring managers regional mediterranean sector sectors meeting programme workshop
supply chain digital tourism furniture leather footwear marble olive machinery automotive
electronics software agriculture manufacturing logistics packaging certification standards
investment financing internationalisation cooperation collaboration knowledge experience""",
    "fr": SHARED + """ le la les de des du un une et est en que qui dans pour pas sur au
avec il elle nous vous ils par plus ce cette mais ou sont été être avoir fait comme tout
aussi leur bien très sans deux même entre après avant encore depuis toujours déjà où
entreprises réseau développement coopération région régionale partenaires formation équipes
secteur industrie marché qualité produits recherche énergie économie société projet projets
réunion atelier financement expérience compétences échanges numérique électronique
agroalimentaire textile cuir chaussures marbre huile olive mobilier tourisme eau logistique
emballage certification investissement internationalisation méditerranée créer ouvrir
réussir améliorer étudier présenter préparer proposer élève façon français théâtre château
forêt fenêtre hôpital être île naïf noël garçon leçon reçu déçu cœur sœur œuvre spécialisé
stratégie accompagnement mentorat données intérêt général élevé réalité difficulté""",
    "ar": SHARED + """ فِي مِنْ عَلَى إِلَى عَنْ مَعَ هَذَا هَذِهِ الَّتِي الَّذِي كَانَ
كَانَتْ أَنْ لَا مَا هُوَ هِيَ نَحْنُ هُمْ بَيْنَ كُلِّ بَعْدَ قَبْلَ حَتَّى أَوْ ثُمَّ لَقَدْ
الشَّرِكَاتِ التَّعَاوُنُ المَنْطِقَةِ الشُّرَكَاءِ التَّدْرِيبِ الصِّنَاعَةِ السُّوقِ الجَوْدَةِ
المُنْتَجَاتِ البَحْثِ الطَّاقَةِ الاقْتِصَادِ المَشْرُوعِ المَشَارِيعِ الاجْتِمَاعِ وَرْشَةِ التَّمْوِيلِ
الخِبْرَةِ المَهَارَاتِ الرَّقْمِيِّ الإِلِكْتُرُونِيَّاتِ الغِذَائِيَّةِ النَّسِيجِ الجِلْدِ الأَحْذِيَةِ
الرُّخَامِ الزَّيْتُونِ الأَثَاثِ السِّيَاحَةِ المِيَاهِ اللُّوجِسْتِيَّاتِ التَّغْلِيفِ الاسْتِثْمَارِ
المُتَوَسِّطِ والمُسْتَشْفَى والشَّرِكَةِ بالتَّعَاوُنِ للتَّصْدِيرِ تَصْدِيرِ مُسْتَشْفَى جَامِعَةِ
مَدْرَسَةِ مُؤَسَّسَةِ إِدَارَةِ تَطْوِيرِ بِنَاءِ تَنْمِيَةِ شَبَكَةِ عَمَلِ فُرْصَةِ مَعْرِضِ أُسْبُوعِ""",
}
# Syllables of the made-up words: French ones carry accents, Arabic ones tashkeel.
SYLLABLES = {
    "en": ("ba be bi bo bu ka ke ki ko ku da de di do du ma me mi mo mu na ne ni no nu ra re ri "
           "ro ru sa se si so su ta te ti to tu la le li lo lu va ve vi vo vu gra tro pli "
           "ster chan wil").split(),
    "fr": ("bé bè ça ço dé dè fé gè lé mé né pé ré sé té vé zé rô lô nô bâ câ dâ fî gî lî "
           "mû nû pû eau oi eu ou an on in ré lé ").split(),
    "ar": ["بَ", "تِ", "ثُ", "جَ", "حِ", "خُ", "دَ", "ذِ", "رُ", "زَ", "سِ", "شُ", "صَ",
           "ضِ", "طُ", "ظَ", "عِ", "غُ", "فَ", "قِ", "كُ", "لَ", "مِ", "نُ", "هَ", "وِ",
           "يُ", "سْ", "مّ", "نْ", "رّ", "كْ"],
}
TAIL_WORDS = 30_000
ZIPF_EXPONENT = 1.0


def _made_up_words(language: str, count: int, rng: random.Random, taken: set[str]) -> list[str]:
    """`count` words of 2 to 4 syllables, distinct once normalised (no two search alike)."""
    syllables = SYLLABLES[language]
    words: list[str] = []
    while len(words) < count:
        word = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))
        key = normalise_for_search(word)
        if len(key) >= 4 and " " not in key and key not in taken:
            taken.add(key)
            words.append(word)
    return words


class Vocabulary:
    """The words of one language by rank, and a sampler that draws them with Zipf's law."""

    def __init__(self, language: str, rng: random.Random, tail: int = TAIL_WORDS) -> None:
        real = list(dict.fromkeys(REAL[language].split()))
        taken = {normalise_for_search(word) for word in real}
        self.language = language
        self.words = real + _made_up_words(language, tail, rng, taken)
        weights = [1 / (rank ** ZIPF_EXPONENT) for rank in range(1, len(self.words) + 1)]
        self.cum_weights = list(itertools.accumulate(weights))
        self.total = self.cum_weights[-1]

    def probability(self, rank: int) -> float:
        """The chance that one drawn word is the word of this rank (1-based)."""
        return 1 / (rank ** ZIPF_EXPONENT) / self.total

    def draw(self, rng: random.Random, count: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cum_weights, k=count)

    def draw_one(self, rng: random.Random) -> str:
        return self.words[bisect(self.cum_weights, rng.random() * self.total)]


def vocabularies(rng: random.Random, tail: int = TAIL_WORDS) -> dict[str, Vocabulary]:
    return {language: Vocabulary(language, rng, tail) for language in LANGUAGES}


def sentence(words: list[str], language: str) -> str:
    """Words as a sentence: a capital (Latin scripts), commas here and there, a full stop."""
    text = words[0][:1].upper() + words[0][1:] if language != "ar" else words[0]
    for index, word in enumerate(words[1:], 1):
        text += ("، " if language == "ar" else ", ") if index % 7 == 0 else " "
        text += word
    return text + "."
