"""A tiny bench seed per database, made once for the module through the real command."""

from __future__ import annotations

import json
import uuid

import pytest

from community import create_app
from community.extensions import db
from tests.conftest import (
    BACKENDS,
    POSTGRES_ADMIN_URL,
    drop_postgres_database,
    make_config,
    postgres_reachable,
    unavailable,
)

TINY = "0.001"


def run_seed(url: str, manifest, tmp) -> str:
    """`flask bench seed` at the tiny scale, from an app on another database; its output."""
    app = create_app(make_config(f"sqlite:///{tmp / 'cli.db'}", tmp))
    result = app.test_cli_runner().invoke(args=[
        "bench", "seed", "--scale", TINY, "--database-url", url, "--manifest", str(manifest)])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module", params=BACKENDS)
def seeded(request, tmp_path_factory):
    """(database url, manifest, first output, folder) of a freshly seeded database."""
    tmp = tmp_path_factory.mktemp("bench")
    if request.param == "sqlite":
        url = f"sqlite:///{tmp / 'bench.sqlite'}"
    else:
        if not postgres_reachable():
            unavailable(f"PostgreSQL is not reachable at {POSTGRES_ADMIN_URL}")
        url = f"{POSTGRES_ADMIN_URL.rsplit('/', 1)[0]}/seed_test_{uuid.uuid4().hex[:8]}"
    manifest = tmp / "manifest.json"
    output = run_seed(url, manifest, tmp)
    yield url, json.loads(manifest.read_text()), output, tmp
    if request.param == "postgresql":
        drop_postgres_database(url)


@pytest.fixture
def bench(seeded, tmp_path):
    """An app context on the seeded database."""
    app = create_app(make_config(seeded[0], tmp_path))
    with app.app_context(), app.test_request_context():
        yield app
        db.session.rollback()
        db.session.remove()
        db.engine.dispose()
