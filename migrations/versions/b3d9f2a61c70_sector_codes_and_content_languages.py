"""Sectors become codes of a fixed taxonomy (issue 11, item 15): free-text sector tags are
mapped to codes through case- and accent-insensitive synonyms; a sector no synonym knows
becomes "other", so no cluster is left without a sector. Categories and offers/seeks get the
language they are written in (`language`, for the pages' `lang`).

The downgrade keeps the codes (the free texts are gone) and drops the language columns.

Revision ID: b3d9f2a61c70
Revises: b3e8f1c6a2d7
"""
import re
import unicodedata

import sqlalchemy as sa
from alembic import op

revision, down_revision = "b3d9f2a61c70", "b3e8f1c6a2d7"
branch_labels = depends_on = None

# Frozen here: the taxonomy module may grow, this migration must map as it did when written.
SYNONYMS = {
    "advanced-manufacturing": ["industry 4 0", "industrie 4 0", "industry 40",
                               "advanced manufacturing", "industrie du futur"],
    "aerospace": ["aerospace", "aeronautics", "aeronautique", "aerospatial", "space"],
    "agrifood": ["agri food", "agrifood", "agro food", "agroalimentaire", "agro alimentaire",
                 "food", "agriculture", "food processing", "الصناعات الغذائية"],
    "automotive": ["automotive", "automobile", "auto", "car industry", "automotive components"],
    "biotech": ["biotech", "biotechnology", "biotechnologies"],
    "chemicals": ["chemicals", "chemistry", "chimie", "plastics", "plasturgie"],
    "construction": ["construction", "building", "batiment", "btp"],
    "creative-industries": ["creative industries", "cultural industries", "industries creatives",
                            "crafts", "handicrafts", "artisanat"],
    "design": ["design"],
    "electronics": ["electronics", "electronique", "electronic"],
    "energy": ["energy", "energie", "الطاقة"],
    "environment": ["environment", "environnement", "circular economy", "economie circulaire",
                    "recycling"],
    "fisheries": ["fisheries", "fishing", "peche", "aquaculture", "seafood"],
    "furniture": ["furniture", "woodworking", "wood", "ameublement", "meuble", "bois"],
    "health": ["health", "sante", "medical", "medical devices", "pharma", "pharmaceuticals"],
    "ict": ["ict", "tic", "digital", "numerique", "it", "software", "information technology",
            "technologies de l information"],
    "leather-footwear": ["leather", "footwear", "cuir", "chaussure", "chaussures", "shoes"],
    "logistics": ["logistics", "logistique", "transport", "transport and logistics"],
    "marble-stone": ["marble", "stone", "marbre", "pierre"],
    "mechanics": ["mechanics", "mecanique", "metalworking", "metallurgy", "metallurgie"],
    "mechatronics": ["mechatronics", "mecatronique"],
    "olive-oil": ["olive oil", "huile d olive", "olive", "زيت الزيتون"],
    "renewable-energy": ["renewable energy", "renewables", "energies renouvelables",
                         "energie renouvelable", "solar", "wind", "الطاقات المتجددة"],
    "textiles": ["textile", "textiles", "technical textiles", "textile technique",
                 "textiles techniques", "clothing", "apparel", "habillement"],
    "tourism": ["tourism", "tourisme"],
    "water": ["water", "eau"],
}
# The demo's site categories (`flask demo load`), written in English.
DEMO_CATEGORIES = ("Cluster management", "Mentoring programmes")


def fold(text: str) -> str:
    """Lowercase, without accents or Arabic diacritics, punctuation as single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(re.sub(r"[^\w]+", " ", bare).split())


CODE_OF = {fold(synonym): code for code, synonyms in SYNONYMS.items() for synonym in synonyms}
CODE_OF.update({fold(code): code for code in SYNONYMS} | {"other": "other"})


def sector_code(value: str) -> str:
    return CODE_OF.get(fold(value), "other")


def upgrade():
    with op.batch_alter_table("forum_categories") as batch:
        batch.add_column(sa.Column("language", sa.String(length=8), nullable=True))
    with op.batch_alter_table("cluster_needs") as batch:
        batch.add_column(sa.Column("language", sa.String(length=8), nullable=True))
    categories = sa.table("forum_categories", sa.column("name", sa.String),
                          sa.column("language", sa.String))
    op.get_bind().execute(sa.update(categories).where(categories.c.name.in_(DEMO_CATEGORIES))
                          .values(language="en"))
    tags = sa.table("cluster_tags", sa.column("cluster_id", sa.Integer),
                    sa.column("kind", sa.String), sa.column("value", sa.String),
                    sa.column("position", sa.Integer))
    connection = op.get_bind()
    rows = connection.execute(sa.select(tags.c.cluster_id, tags.c.value)
                              .where(tags.c.kind == "sector")
                              .order_by(tags.c.cluster_id, tags.c.position)).all()
    codes: dict[int, list[str]] = {}
    for cluster_id, value in rows:
        code = sector_code(value)
        if code not in codes.setdefault(cluster_id, []):  # "Textile", "Technical textiles"
            codes[cluster_id].append(code)
    # Rewritten rather than updated in place: "Digital" -> "ict" beside a row already "ict"
    # would break the unique key halfway.
    connection.execute(sa.delete(tags).where(tags.c.kind == "sector"))
    fresh = [{"cluster_id": cluster_id, "kind": "sector", "value": code, "position": position}
             for cluster_id, cluster_codes in codes.items()
             for position, code in enumerate(cluster_codes)]
    if fresh:
        connection.execute(sa.insert(tags), fresh)


def downgrade():
    with op.batch_alter_table("cluster_needs") as batch:
        batch.drop_column("language")
    with op.batch_alter_table("forum_categories") as batch:
        batch.drop_column("language")
