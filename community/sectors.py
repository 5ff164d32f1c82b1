"""The fixed taxonomy of cluster sectors: stable codes that the data and the API carry, names
translated for the pages (clusters once typed free-text sectors in any language and spelling,
which neither filtered nor matched across the sea)."""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from community.i18n import LANGUAGES
from community.text import fold

# Alphabetical by code; "other" last. Codes never change: the API and the data rely on them.
SECTORS: dict[str, LazyString] = {
    "advanced-manufacturing": _l("Advanced manufacturing (Industry 4.0)"),
    "aerospace": _l("Aerospace"),
    "agrifood": _l("Agri-food"),
    "automotive": _l("Automotive"),
    "biotech": _l("Biotechnology"),
    "chemicals": _l("Chemicals and plastics"),
    "construction": _l("Construction"),
    "creative-industries": _l("Creative and cultural industries"),
    "design": _l("Design"),
    "electronics": _l("Electronics"),
    "energy": _l("Energy"),
    "environment": _l("Environment and circular economy"),
    "fisheries": _l("Fisheries and aquaculture"),
    "furniture": _l("Furniture and woodworking"),
    "health": _l("Health and medical devices"),
    "ict": _l("Digital and ICT"),
    "leather-footwear": _l("Leather and footwear"),
    "logistics": _l("Transport and logistics"),
    "marble-stone": _l("Marble and stone"),
    "mechanics": _l("Mechanics and metalworking"),
    "mechatronics": _l("Mechatronics"),
    "olive-oil": _l("Olive oil"),
    "renewable-energy": _l("Renewable energy"),
    "textiles": _l("Textiles and clothing"),
    "tourism": _l("Tourism"),
    "water": _l("Water"),
    "other": _l("Other sector"),
}
SECTOR_CODES = tuple(SECTORS)


def sector_name(code: str) -> str:
    """The sector's name in the interface language; an unknown code as it is."""
    name = SECTORS.get(code)
    return str(name) if name is not None else code


def sector_choices() -> list[tuple[str, str]]:
    """(code, name) for a form, by name in the interface language, "other" last."""
    named = sorted(((code, sector_name(code)) for code in SECTOR_CODES if code != "other"),
                   key=lambda item: fold(item[1]))  # "Énergie" among the E
    return [*named, ("other", sector_name("other"))]


def sector_search_text(codes: list[str], locales: tuple[str, ...] = LANGUAGES) -> str:
    """The names of these sectors in every interface language, for the search index: a
    search in French or Arabic finds a cluster whatever language its page is read in."""
    names = []
    for locale in locales:
        with force_locale(locale):
            names.extend(sector_name(code) for code in codes)
    return " ".join(names)
