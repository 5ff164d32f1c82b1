"""The text rules of `community.text`, and that every name, title and label is stored by them:
a bidi override (U+202E) typed into any of them never reaches the database."""

from __future__ import annotations

import pytest

from community.text import clean_line, clean_tags, clean_text, fold, slugify, split_tags

RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: "abc\u202etxt.exe" reads as "abcexe.txt"
BOM = "\ufeff"  # BYTE ORDER MARK (zero-width no-break space): invisible
ZWJ, ZWNJ = "\u200d", "\u200c"  # kept: Arabic, Persian and emoji sequences need them
FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # one emoji made with joiners
SCOTLAND = "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"


@pytest.mark.parametrize("raw, clean", [
    ("Énergie  verte", "Énergie verte"),
    ("  الطاقة   المتجددة ", "الطاقة المتجددة"),
    ("Cluster\tوادي\nSouss", "Cluster وادي Souss"),
    (f"invoice{RLO}fdp.exe", "invoicefdp.exe"),
    ("\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069x", "x"),
    ("a\x00b\x07c\x1bd\x7fe\x85f\x9fg", "abcdefg"),
    ("lone \ud800 surrogate", "lone surrogate"),
    ("non\u00a0breaking\u3000spaces", "non breaking spaces"),
    ("zero\u200dwidth\u200cjoiners", "zero\u200dwidth\u200cjoiners"),
    ("!?#", "!?#"),
    ("", ""),
    (None, ""),
    ("word " * 500, ("word " * 500).strip()),
])
def test_clean_line(raw, clean):
    assert clean_line(raw) == clean


# Invisible format characters (Unicode category Cf) but the joiners: dropped from names.
@pytest.mark.parametrize("raw, clean", [
    (f"{BOM}Rania", "Rania"),
    ("Ra\u200bnia", "Rania"),  # zero-width space
    ("Ra\u2060nia", "Rania"),  # word joiner
    ("Ra\u00adnia", "Rania"),  # soft hyphen
    ("Ra\u180enia", "Rania"),  # Mongolian vowel separator
    ("a\u2061b\u2062c\u2063d\u2064e", "abcde"),  # invisible maths operators
    ("a\u206ab\u206bc\u206cd\u206de\u206ef\u206fg", "abcdefg"),  # deprecated format
    ("a\ufff9b\ufffac\ufffbd", "abcd"),  # interlinear annotation
    ("\u200e\u200f\u061cname", "name"),  # direction marks
    ("ta\U000e0001g\U000e0041\U000e007f", "tag"),  # tag characters outside a flag
    ("\U0001bca0a\U0001d173b\U00013430c", "abc"),
    (f"{BOM}\u200b\u2060", ""),  # nothing visible left
    (f"{ZWNJ}می{ZWNJ}خواهم", f"{ZWNJ}می{ZWNJ}خواهم"),
    (f"لا{ZWJ}ـ", f"لا{ZWJ}ـ"),
    (f"Team {FAMILY}", f"Team {FAMILY}"),
    (f"Glasgow {SCOTLAND}", f"Glasgow {SCOTLAND}"),
    ("heart \u2764\ufe0f", "heart \u2764\ufe0f"),  # variation selector
    ("\u0600\u0661", "\u0600\u0661"),  # Arabic number sign: visible
])
def test_clean_line_drops_invisible_format_characters(raw, clean):
    assert clean_line(raw) == clean


@pytest.mark.parametrize("raw, clean", [
    ("line one\r\nline two\rline three", "line one\nline two\nline three"),
    ("    indented code\n\n- item", "    indented code\n\n- item"),
    ("tab\tkept", "tab\tkept"),
    (f"مرحبا{RLO} بكم\x01", "مرحبا بكم"),
    ("", ""),
    (None, ""),
])
def test_clean_text(raw, clean):
    assert clean_text(raw) == clean


# Bodies lose the BOM, bidi overrides and the like, but keep what text layout uses.
@pytest.mark.parametrize("raw, clean", [
    (f"{BOM}Hello", "Hello"),
    (f"a{RLO}b\u2066c\u206fd\ufff9e", "abcde"),
    ("stray \U000e0041tag", "stray tag"),
    (f"{ZWNJ}می{ZWNJ}خواهم {FAMILY} {SCOTLAND}", f"{ZWNJ}می{ZWNJ}خواهم {FAMILY} {SCOTLAND}"),
    ("soft\u00adhyphen, zero\u200bwidth space, word\u2060joiner",
     "soft\u00adhyphen, zero\u200bwidth space, word\u2060joiner"),
    ("\u200fmark", "\u200fmark"),
])
def test_clean_text_drops_bom_and_overrides_but_keeps_layout_characters(raw, clean):
    assert clean_text(raw) == clean


@pytest.mark.parametrize("raw, slug", [
    ("Énergie Verte", "energie-verte"),
    ("Cluster Marbre", "cluster-marbre"),
    ("  Ça va ? Très bien !  ", "ca-va-tres-bien"),
    ("Agro-Food & Co.", "agro-food-co"),
    ("الطاقة المتجددة", ""),
    ("Cluster الطاقة 2030", "cluster-2030"),
    ("!?#@", ""),
    ("", ""),
    (f"Evil{RLO}Name", "evilname"),
    ("ﬁnance ½", "finance-12"),
])
def test_slugify(raw, slug):
    assert slugify(raw) == slug


def test_slugify_very_long_name_is_cut_without_a_trailing_dash():
    name = "word " * 100
    assert slugify(name, 60) == ("word-" * 12).rstrip("-")
    assert len(slugify(name)) == 79 and not slugify(name).endswith("-")


@pytest.mark.parametrize("raw, fallback, slug", [
    ("الطاقة", "cluster", "cluster"), ("!!!", "category", "category"), ("Ok", "x", "ok"),
])
def test_slugify_fallback_when_nothing_is_left(raw, fallback, slug):
    assert slugify(raw, fallback=fallback) == slug


@pytest.mark.parametrize("raw, lowercase, tags", [
    (["Marble", " marble ", "Stone", "", "  "], False, ["Marble", "Stone"]),
    (["IoT", f"Smart{RLO} Cities", "iot"], True, ["iot", "smart cities"]),
    (["الزراعة", "الزراعة ", "Agri  Food"], False, ["الزراعة", "Agri Food"]),
    ([], False, []),
])
def test_clean_tags(raw, lowercase, tags):
    assert clean_tags(raw, lowercase=lowercase) == tags


@pytest.mark.parametrize("raw, parts", [
    ("a, b ,,c", ["a", "b", "c"]), ("", []), (None, []), (" , ", []),
])
def test_split_tags(raw, parts):
    assert split_tags(raw) == parts


@pytest.mark.parametrize("raw, folded", [
    ("Énergie", "energie"), ("STRASSE", "strasse"), ("Straße", "strasse"),
    ("مُسْتَشْفَى", "مستشفى"),
])
def test_fold(raw, folded):
    assert fold(raw) == folded


# --- what is stored -------------------------------------------------------------------------

def test_thread_title_is_stored_without_bidi_override(api_as, admin, member):
    api_as(admin).post("/categories", json={"name": f"Gen{RLO}eral", "description": ""})
    response = api_as(member).post("/threads", json={
        "title": f"Read{RLO} me", "body": "Hi", "category": "general"})
    assert response.status_code == 201
    assert response.json["thread"]["title"] == "Read me"


def test_thread_rename_is_stored_without_bidi_override(api_as, admin, member):
    api_as(admin).post("/categories", json={"name": "General", "description": ""})
    api = api_as(member)
    thread_id = api.post("/threads", json={"title": "Hello", "body": "Hi",
                                           "category": "general"}).json["thread"]["id"]
    response = api.patch(f"/threads/{thread_id}", json={"title": f"{RLO}Renamed"})
    assert response.status_code == 200 and response.json["title"] == "Renamed"


def test_category_name_is_stored_without_bidi_override(api_as, admin):
    response = api_as(admin).post("/categories", json={"name": f"Gen{RLO}eral",
                                                       "description": f"All{RLO} talk"})
    assert response.status_code == 201
    assert response.json["name"] == "General" and response.json["slug"] == "general"
    assert response.json["description"] == "All talk"


def test_cluster_name_and_tags_are_stored_without_bidi_override(api_as, member):
    response = api_as(member).post("/clusters", json={
        "name": f"Cluster{RLO} Marbre", "country": "TN", "sectors": [f"marble{RLO}-stone"],
        "labels": [f"{RLO}Gold"], "description": "Marble."})
    assert response.status_code == 201
    body = response.json
    assert body["name"] == "Cluster Marbre" and body["slug"] == "cluster-marbre"
    assert body["sectors"] == ["marble-stone"] and body["labels"] == ["Gold"]


def test_cluster_needs_are_stored_without_bidi_override(api_as, member):
    api = api_as(member)
    slug = api.post("/clusters", json={"name": "Cluster Marbre", "country": "TN",
                                       "sectors": ["marble-stone"],
                                       "description": "M."}).json["slug"]
    response = api.patch(f"/clusters/{slug}", json={
        "offers": [{"text": f"Quarry{RLO} visits", "tags": [f"to{RLO}urs"]}]})
    assert response.status_code == 200
    assert response.json["offers"] == [{"text": "Quarry visits", "tags": ["tours"]}]


def test_chat_room_name_is_stored_without_bidi_override(api_as, member, other_member):
    api = api_as(member)
    response = api.post("/chat/rooms", json={"kind": "group", "name": f"Agri{RLO}tech",
                                             "members": ["karim"]})
    assert response.status_code == 201 and response.json["name"] == "Agritech"


def test_chat_room_rename_is_stored_without_bidi_override(api_as, member, other_member):
    api = api_as(member)
    room_id = api.post("/chat/rooms", json={"kind": "group", "name": "Agritech",
                                            "members": ["karim"]}).json["id"]
    response = api.patch(f"/chat/rooms/{room_id}", json={"name": f"{RLO}Agrinov"})
    assert response.status_code == 200 and response.json["name"] == "Agrinov"


def test_display_name_at_registration_is_stored_without_bidi_override(client):
    response = client.post("/api/v1/auth/register", json={
        "username": "rania", "email": "rania@example.org", "password": "a long passphrase 42",
        "display_name": f"Rania{RLO} Haddad", "country": "LB"})
    assert response.status_code == 201 and response.json["display_name"] == "Rania Haddad"


# --- invisible format characters, per stored field -------------------------------------------

HIDDEN_MIX = f"{BOM}\u200b\u2060\u00ad"


def test_display_name_at_registration_is_stored_without_invisible_characters(client):
    response = client.post("/api/v1/auth/register", json={
        "username": "rania", "email": "rania@example.org", "password": "a long passphrase 42",
        "display_name": f"{BOM}Rania{HIDDEN_MIX} Haddad", "country": "LB"})
    assert response.status_code == 201 and response.json["display_name"] == "Rania Haddad"


def test_display_name_of_invisible_characters_only_is_refused(api_as, member):
    response = api_as(member).patch("/me", json={"display_name": HIDDEN_MIX})
    assert response.status_code == 422


def test_profile_display_name_and_expertise_are_stored_without_invisible_characters(
        api_as, member):
    response = api_as(member).patch("/me", json={
        "display_name": f"Amina{BOM} Tazi", "expertise": [f"io{HIDDEN_MIX}t"]})
    assert response.status_code == 200
    assert response.json["display_name"] == "Amina Tazi"
    assert response.json["expertise"] == ["iot"]


def test_cluster_name_and_tags_are_stored_without_invisible_characters(api_as, member):
    response = api_as(member).post("/clusters", json={
        "name": f"{BOM}Cluster\u200b Marbre", "country": "TN", "sectors": [f"marble{BOM}-stone"],
        "description": "Marble."})
    assert response.status_code == 201
    assert response.json["name"] == "Cluster Marbre"
    assert response.json["sectors"] == ["marble-stone"]


def test_thread_title_is_stored_without_invisible_characters(api_as, admin, member):
    api_as(admin).post("/categories", json={"name": "General", "description": ""})
    response = api_as(member).post("/threads", json={
        "title": f"Read{HIDDEN_MIX} me", "body": "Hi", "category": "general"})
    assert response.status_code == 201
    assert response.json["thread"]["title"] == "Read me"


def test_category_name_is_stored_without_invisible_characters(api_as, admin):
    response = api_as(admin).post("/categories", json={"name": f"Gen{BOM}eral\u2060",
                                                       "description": ""})
    assert response.status_code == 201 and response.json["name"] == "General"


def test_chat_room_name_is_stored_without_invisible_characters(api_as, member, other_member):
    response = api_as(member).post("/chat/rooms", json={
        "kind": "group", "name": f"Agri{HIDDEN_MIX}tech", "members": ["karim"]})
    assert response.status_code == 201 and response.json["name"] == "Agritech"


def test_chat_message_body_loses_the_bom_and_keeps_joiners(api_as, member, other_member):
    api = api_as(member)
    room_id = api.post("/chat/rooms", json={"kind": "group", "name": "Agritech",
                                            "members": ["karim"]}).json["id"]
    response = api.post(f"/chat/rooms/{room_id}/messages",
                        json={"body": f"{BOM}سلام{ZWNJ}ها {FAMILY}{RLO}"})
    assert response.status_code == 201
    assert response.json["body"] == f"سلام{ZWNJ}ها {FAMILY}"


def test_post_body_loses_the_bom_and_keeps_joiners(api_as, admin, member):
    api_as(admin).post("/categories", json={"name": "General", "description": ""})
    response = api_as(member).post("/threads", json={
        "title": "Hello", "body": f"{BOM}می{ZWNJ}خواهم {SCOTLAND}", "category": "general"})
    assert response.status_code == 201
    assert response.json["posts"][0]["body"] == f"می{ZWNJ}خواهم {SCOTLAND}"
