"""Field rules of the forums: the API schemas and the HTML forms check with the same ones."""

from __future__ import annotations

from community.models.forum import BODY_MAX, TITLE_MAX
from community.validation import Field

CATEGORY_NAME_MAX = 80
CATEGORY_DESCRIPTION_MAX = 500

TITLE = Field(str, min_length=1, max_length=TITLE_MAX)
BODY = Field(str, min_length=1, max_length=BODY_MAX, description="Markdown")
CATEGORY_NAME = Field(str, min_length=1, max_length=CATEGORY_NAME_MAX)
CATEGORY_DESCRIPTION = Field(str, required=False, max_length=CATEGORY_DESCRIPTION_MAX)
