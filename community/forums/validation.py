"""Field rules of the forums: the API schemas and the HTML forms check with the same ones."""

from __future__ import annotations

from community.models.forum import BODY_MAX, TITLE_MAX
from community.validation import Field, single_spaced

CATEGORY_NAME_MAX = 80
CATEGORY_DESCRIPTION_MAX = 500

TITLE = Field(str, min_length=1, max_length=TITLE_MAX, clean=single_spaced)
# Leading spaces may open a Markdown code block: only blank lines around the body go.
BODY = Field(str, min_length=1, max_length=BODY_MAX, clean=lambda body: body.strip("\n\r"),
             description="Markdown")
CATEGORY_NAME = Field(str, min_length=1, max_length=CATEGORY_NAME_MAX)
CATEGORY_DESCRIPTION = Field(str, required=False, max_length=CATEGORY_DESCRIPTION_MAX)
