"""Field rules of the forums: the API schemas and the HTML forms check with the same ones."""

from __future__ import annotations

from community.models.forum import BODY_MAX, TITLE_MAX
from community.text import clean_line, clean_text
from community.validation import Field

CATEGORY_NAME_MAX = 80
CATEGORY_DESCRIPTION_MAX = 500

TITLE = Field(str, min_length=1, max_length=TITLE_MAX, clean=clean_line)
# Leading spaces may open a Markdown code block: only blank lines around the body go.
BODY = Field(str, min_length=1, max_length=BODY_MAX, description="Markdown",
             clean=lambda body: clean_text(body).strip("\n"))
CATEGORY_NAME = Field(str, min_length=1, max_length=CATEGORY_NAME_MAX, clean=clean_line)
CATEGORY_DESCRIPTION = Field(str, required=False, max_length=CATEGORY_DESCRIPTION_MAX,
                             clean=lambda text: clean_text(text).strip())
