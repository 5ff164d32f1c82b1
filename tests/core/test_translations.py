"""The interface is complete in French and Arabic: every string the code and templates mark
for translation has a non-fuzzy translation with the same placeholders."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "community" / "translations"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None,
            "pgettext": ((1, "c"), 2)}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def extracted_folder(path: str) -> bool:
    """Babel skips folders whose name starts with "." or "_" by default, which would leave out
    `templates/_macros` (the pagination's "Previous" and "Next"): only hidden folders and
    caches are skipped here, as the `make messages` extraction does."""
    name = Path(path).name
    return not (name.startswith(".") or name in {"__pycache__", "node_modules"})


def marked_strings() -> set[str]:
    method_map = [("community/**.py", "python"), ("templates/**.html", "jinja2")]
    options = {"templates/**.html": {"extensions": "jinja2.ext.do"}}
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        ROOT, method_map=method_map, options_map=options, keywords=KEYWORDS,
        directory_filter=extracted_folder,
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_macro_templates_are_extracted(source_strings):
    assert {"Previous", "Next", "Pages"} <= source_strings


@pytest.fixture(scope="module")
def source_strings() -> set[str]:
    return marked_strings()


@pytest.mark.parametrize("locale", ["fr", "ar"])
def test_every_marked_string_is_translated(source_strings, locale):
    with open(TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po", "rb") as handle:
        catalog = read_po(handle, locale=locale)
    missing = []
    for msgid in sorted(source_strings):
        message = catalog.get(msgid)
        strings = message.string if message else None
        if isinstance(strings, tuple):
            empty = not all(strings)
        else:
            empty = not strings
        if message is None or empty or message.fuzzy:
            missing.append(msgid)
    assert not missing, f"{len(missing)} untranslated in {locale}: {missing[:20]}"


@pytest.mark.parametrize("locale", ["fr", "ar"])
def test_translations_keep_their_placeholders(locale):
    with open(TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po", "rb") as handle:
        catalog = read_po(handle, locale=locale)
    wrong = []
    for message in catalog:
        if not message.id:
            continue
        source = message.id[0] if isinstance(message.id, tuple) else message.id
        targets = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set(PLACEHOLDER.findall(source))
        for target in targets:
            if target and set(PLACEHOLDER.findall(target)) - expected:
                wrong.append(source)
    assert not wrong, f"placeholders changed in {locale}: {wrong[:10]}"
