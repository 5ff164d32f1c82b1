"""Members and clusters of the bench data: names in Latin and Arabic script, both shores of the
sea, sectors, labels, and offers and seeks in English, French and Arabic that match across it."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import timedelta

from community.benchdata import ADMIN_USERNAME, EMAIL_DOMAIN, END, Sizes
from community.benchdata.texts import random_text
from community.benchdata.words import Vocabulary
from community.i18n import EU_COUNTRIES, MENA_COUNTRIES
from community.sectors import SECTOR_CODES
from community.text import fold

LATIN_FIRST = ("Amina Youssef Hélène Léa Zoé François Jérôme Mónica Núria Giulia Marco Sami "
               "Salma Karim Inès Chloé Noël Anaïs Loïc Maëlle Raphaël Joël Ana João Andrés "
               "Pilar Jordi Oriol Rania Walid").split()
LATIN_LAST = ("Benali Dubois García Rossi Lefèvre Moreau Bianchi Ferrari Serra Vidal Haddad "
              "Khoury Trabelsi Jaziri Alaoui Tazi Chraibi Mansour Nasser Saadé Fassi Puig "
              "Martínez Conti Gómez Lambert Mercier Aït-Ali Ben Saïd").split()
ARABIC_FIRST = ("يُوسُف أَمِينَة مُحَمَّد فَاطِمَة سَلْمَى عُمَر خَدِيجَة حَمْزَة نَادِيَة أَحْمَد "
                "مُنَى رَامِي لِينَا سَامِي أَمَل وَلِيد دِينَا طَارِق رِيمَا إِيلِي").split()
ARABIC_LAST = ("العمراني بنجلون التازي العلوي برادة الشرايبي منصور السيد خليل الطرابلسي "
               "الجزيري الحمامي حداد ناصر سعادة خوري").split()
LABELS = ("ECEI Bronze", "ECEI Silver", "Cluster Mentoring Reloaded", "The Next Society",
          "Pôle de compétitivité", "عنقود صناعي")
# A topic in each language, and the tags written with it: shared tags make matches across
# languages, as real clusters' English tags do.
TOPICS = [
    ("technical textiles", "textiles techniques", "المنسوجات التقنية", "textiles"),
    ("olive oil quality", "qualité de l'huile d'olive", "جودة زيت الزيتون", "olive oil"),
    ("solar energy", "énergie solaire", "الطاقة الشمسية", "renewable energy"),
    ("software outsourcing", "externalisation logicielle", "تطوير البرمجيات", "software"),
    ("export to Europe", "exportation vers l'Europe", "التصدير إلى أوروبا", "export"),
    ("cluster management", "management de cluster", "إدارة العناقيد", "cluster management"),
    ("leather and footwear", "cuir et chaussures", "الجلود والأحذية", "footwear"),
    ("marble processing", "transformation du marbre", "معالجة الرخام", "marble"),
    ("food processing", "transformation agroalimentaire", "الصناعات الغذائية", "agri-food"),
    ("water treatment", "traitement de l'eau", "معالجة المياه", "water"),
    ("mechatronics training", "formation en mécatronique", "التدريب في الميكاترونيك",
     "training"),
    ("digital transformation", "transformation numérique", "التحول الرقمي", "digital"),
    ("sustainable tourism", "tourisme durable", "السياحة المستدامة", "tourism"),
    ("furniture design", "design de mobilier", "تصميم الأثاث", "design"),
]
NEED_FORMS = {
    "offer": ("Expertise and partners in {}", "Expertise et partenaires en {}",
              "خبرة وشركاء في {}"),
    "seek": ("Looking for partners in {}", "Recherche de partenaires en {}", "نبحث عن شركاء في {}"),
}
LANGUAGE_INDEX = {"en": 0, "fr": 1, "ar": 2}
EU = sorted(EU_COUNTRIES)
MENA = sorted(MENA_COUNTRIES)


@dataclass
class People:
    """What later parts of the seed need to know about members and clusters."""

    user_ids: list[int] = field(default_factory=list)
    user_language: dict[int, str] = field(default_factory=dict)
    # Active members of each cluster, the first being its manager.
    members: dict[int, list[int]] = field(default_factory=dict)
    cluster_names: dict[int, str] = field(default_factory=dict)
    cluster_slugs: dict[int, str] = field(default_factory=dict)
    cluster_decided: dict[int, object] = field(default_factory=dict)
    rows: dict[str, list[tuple]] = field(default_factory=dict)


def username(number: int) -> str:
    return f"bench{number:05d}"


def _name(language: str, rng: random.Random) -> str:
    if language == "ar":
        return f"{rng.choice(ARABIC_FIRST)} {rng.choice(ARABIC_LAST)}"
    return f"{rng.choice(LATIN_FIRST)} {rng.choice(LATIN_LAST)}"


def _country(language: str, rng: random.Random) -> str:
    if language == "ar":
        return rng.choice(MENA)
    if language == "fr":
        return rng.choice(("FR", "BE", "LU", "MA", "TN", "DZ", "LB"))
    return rng.choice(EU + MENA)


def make_users(sizes: Sizes, vocabularies: dict[str, Vocabulary], rng: random.Random,
               password_hash: str, people: People) -> None:
    """The admin (id 1) and the members bench00001… (ids 2…), with languages and expertise."""
    users, tags = [], []
    tag_id = 0
    start = END - timedelta(days=900)
    for number in range(0, sizes.users + 1):
        user_id = number + 1
        language = rng.choices(("en", "fr", "ar"), (4, 3, 3))[0]
        vocabulary = vocabularies[language]
        bio = random_text(vocabulary, rng, max_paragraphs=1)
        name = ADMIN_USERNAME if number == 0 else username(number)
        headline = " ".join(vocabulary.draw(rng, rng.randint(3, 8)))[:140]
        created = start + timedelta(minutes=number * 7)
        users.append((user_id, name, f"{name}@{EMAIL_DOMAIN}", password_hash,
                      _name(language, rng), headline, bio.body, bio.html,
                      _country(language, rng), language, "admin" if number == 0 else "member",
                      created, created))
        people.user_ids.append(user_id)
        people.user_language[user_id] = language
        spoken = list(dict.fromkeys([language, rng.choice(("en", "fr", "ar", "es", "it"))]))
        expertise = list(dict.fromkeys(TOPICS[rng.randrange(len(TOPICS))][3]
                                       for _ in range(rng.randint(1, 3))))
        for kind, values in (("language", spoken), ("expertise", expertise)):
            for position, value in enumerate(values):
                tag_id += 1
                tags.append((tag_id, user_id, kind, value, position))
    people.rows["users"] = users
    people.rows["user_tags"] = tags


USER_COLUMNS = ("id", "username", "email", "password_hash", "display_name", "headline", "bio",
                "bio_html", "country", "locale", "role", "email_confirmed_at", "created_at")


def _cluster_name(number: int, language: str, topic: tuple, rng: random.Random) -> str:
    if language == "ar":
        return f"عنقود {topic[2]} {number}"
    if language == "fr":
        return f"Pôle {topic[1]} n°{number}"
    return f"{topic[0].title()} Cluster {number}"


def make_clusters(sizes: Sizes, vocabularies: dict[str, Vocabulary], rng: random.Random,
                  people: People) -> None:
    """Approved clusters, alternately north and south; cluster 1 is the big one, whose chat
    room has `big_room_members` members."""
    clusters, tags, needs = [], [], []
    start = END - timedelta(days=800)
    for cluster_id in range(1, sizes.clusters + 1):
        language = rng.choices(("en", "fr", "ar"), (4, 3, 3))[0]
        topic = TOPICS[rng.randrange(len(TOPICS))]
        north = cluster_id % 2 == 1
        country = rng.choice(EU if north else MENA)
        name = (_cluster_name(cluster_id, language, topic, rng) if cluster_id > 1
                else "Réseau méditerranéen des clusters")
        description = random_text(vocabularies[language], rng, max_paragraphs=2)
        created = start + timedelta(hours=cluster_id * 5)
        decided = created + timedelta(days=2)
        slug = f"bench-cluster-{cluster_id:04d}"
        people.cluster_names[cluster_id] = name
        people.cluster_slugs[cluster_id] = slug
        people.cluster_decided[cluster_id] = decided
        clusters.append((cluster_id, slug, name, fold(name)[:160], f"BC{cluster_id}", country,
                         "north" if north else "south", f"https://cluster{cluster_id}.example.org",
                         description.body, description.html, "approved",
                         "members" if cluster_id % 5 == 0 else "public", created, decided))
        sectors = rng.sample(SECTOR_CODES[:-1], rng.randint(1, 3))
        labels = rng.sample(LABELS, rng.randint(0, 2))
        for kind, values in (("sector", sectors), ("label", labels)):
            tags += [(cluster_id, kind, value, position) for position, value in enumerate(values)]
        for kind, forms in NEED_FORMS.items():
            for position in range(rng.randint(1, 3)):
                need_topic = TOPICS[rng.randrange(len(TOPICS))]
                need_language = rng.choice(("en", "fr", "ar"))
                index = LANGUAGE_INDEX[need_language]
                needs.append((cluster_id, kind, forms[index].format(need_topic[index]),
                              [need_topic[3], need_topic[0]], position, need_language))
    people.rows["clusters"] = clusters
    people.rows["cluster_tags"] = [(i, *row) for i, row in enumerate(tags, 1)]
    people.rows["cluster_needs"] = [(i, *row) for i, row in enumerate(needs, 1)]


CLUSTER_COLUMNS = ("id", "slug", "name", "sort_name", "acronym", "country", "shore", "website",
                   "description", "description_html", "status", "forum_visibility",
                   "created_at", "decided_at")


def make_memberships(sizes: Sizes, rng: random.Random, people: People) -> None:
    """Every cluster gets a manager, every member joins one or two clusters (a few only ask to
    join), and the first `big_room_members` members are in cluster 1."""
    rows: list[tuple] = []
    members: dict[int, list[int]] = {cid: [] for cid in range(1, sizes.clusters + 1)}
    seen: set[tuple[int, int]] = set()
    member_ids = people.user_ids[1:]

    def join(user_id: int, cluster_id: int, role: str, state: str = "active") -> None:
        if (user_id, cluster_id) in seen:
            return
        seen.add((user_id, cluster_id))
        created = people.cluster_decided[cluster_id] + timedelta(hours=rng.randint(1, 4000))
        rows.append((len(rows) + 1, user_id, cluster_id, role, state, created,
                     created if state == "active" else None))
        if state == "active":
            members[cluster_id].append(user_id)

    for cluster_id in members:
        join(member_ids[(cluster_id * 7) % len(member_ids)], cluster_id, "manager")
    for user_id in member_ids[:sizes.big_room_members]:
        join(user_id, 1, "member")
    others = list(range(2, sizes.clusters + 1))
    for user_id in member_ids:
        for cluster_id in rng.sample(others, min(len(others), rng.randint(1, 2))):
            join(user_id, cluster_id, "member", "requested" if rng.random() < 0.03 else "active")
    people.members = members
    people.rows["memberships"] = rows
