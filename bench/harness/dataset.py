"""The bench dataset: `flask --app wsgi bench seed` makes it once (cached) per scale and
database, and leaves a manifest (database URL, counts, credentials, search terms by hits)."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MANIFESTS = ROOT / "instance" / "bench"
FLASK = str(Path(sys.executable).with_name("flask"))
PASSWORD = "bench-password-1"  # every bench account's; set by the seed
MEMBER, ADMIN = "bench00001", "benchadmin"


@dataclass
class Dataset:
    """What the runner needs of a manifest."""

    backend: str
    database_url: str
    counts: dict
    terms: dict[str, list[str]]  # "100", "1000"… → terms with about that many hits
    hits: dict[str, int] = field(default_factory=dict)  # term → its real number of hits
    member: str = MEMBER
    password: str = PASSWORD


def scale_name(quick: bool) -> str:
    return "quick" if quick else "full"


def seed(quick: bool, backend: str, database_url: str | None = None) -> None:
    """Runs the seed command (it returns at once when the dataset is already there)."""
    command = [FLASK, "--app", "wsgi", "bench", "seed"] + (["--quick"] if quick else [])
    if database_url:
        command += ["--database-url", database_url]
    elif backend == "postgresql":
        command += ["--postgresql"]
    subprocess.run(command, cwd=ROOT, check=True)


def grouped_terms(raw) -> dict[str, list[str]]:
    """The manifest's terms by hit count: `{"100": ["word", …]}` or with `{"term": …}` items."""
    groups: dict[str, list[str]] = {}
    for hits, items in (raw or {}).items():
        items = items if isinstance(items, list) else [items]
        groups[str(hits)] = [item["term"] if isinstance(item, dict) else str(item)
                             for item in items]
    return dict(sorted(groups.items(), key=lambda pair: float(pair[0])))


def term_hits(raw) -> dict[str, int]:
    return {item["term"]: item["hits"] for items in (raw or {}).values()
            for item in (items if isinstance(items, list) else [items])
            if isinstance(item, dict) and "hits" in item}


def read_manifest(path: Path, backend: str) -> Dataset:
    data = json.loads(path.read_text())
    credentials = data.get("credentials") or {}
    username = credentials.get("username_format")
    return Dataset(backend=backend, database_url=data["database_url"],
                   counts=data.get("rows") or {}, terms=grouped_terms(data.get("search_terms")),
                   hits=term_hits(data.get("search_terms")),
                   member=username.format(1) if username else MEMBER,
                   password=credentials.get("password") or PASSWORD)


def load(quick: bool, backend: str) -> Dataset:
    path = MANIFESTS / f"{scale_name(quick)}-{backend}.json"
    if not path.exists():
        raise SystemExit(f"no manifest {path}: did `flask --app wsgi bench seed` run?")
    return read_manifest(path, backend)
