"""Search fixtures: forum content in three languages."""

from tests.forums.conftest import category, closed_cluster, manager, open_cluster  # noqa: F401
