"""Feature boundaries, read from the source with `ast`: a feature package never imports another
feature's views (`routes`, `api`), a feature's HTML and JSON views share code through its
queries and services rather than through each other, and `community/realtime` serves the
features without importing any of them."""

from __future__ import annotations

import ast
from pathlib import Path

COMMUNITY = Path(__file__).resolve().parents[2] / "community"
# The feature packages. Every other package is shared: the features use it, it uses none of them
# (except to register them: `api` imports each feature's `api` module to mount its routes).
FEATURES = ("admin", "auth", "chat", "clusters", "editor", "feed", "forums", "home", "moderation",
            "notifications", "profiles", "programmes", "search")
SHARED = ("api", "benchdata", "demo", "models", "realtime")  # benchdata: `flask bench seed`
# What realtime may take from a feature: connecting authenticates, as HTTP requests do.
REALTIME_MAY_IMPORT = ("community.auth.sessions",)
VIEWS = ("routes", "api")


def module_name(path: Path) -> str:
    parts = path.relative_to(COMMUNITY.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_in(source: str, package: str) -> set[str]:
    """Every module `source` (a module of `package`) imports, at the top or inside a function;
    for `from a import b`, both `a` and `a.b` (b may be a module)."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: `.` is the package itself, `..` its parent
                anchor = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def imported_modules(path: Path) -> set[str]:
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    return imports_in(path.read_text(encoding="utf-8"), package)


def modules_of(package: str) -> list[Path]:
    return sorted((COMMUNITY / package).rglob("*.py"))


def feature_of(module: str) -> str | None:
    parts = module.split(".")
    if len(parts) > 1 and parts[0] == "community" and parts[1] in FEATURES:
        return parts[1]
    return None


def is_view(module: str) -> bool:
    parts = module.split(".")
    return len(parts) == 3 and parts[2] in VIEWS


def test_every_package_is_a_feature_or_shared():
    packages = {p.parent.name for p in COMMUNITY.glob("*/__init__.py")}
    assert packages == set(FEATURES) | set(SHARED)


def test_no_feature_imports_another_features_routes_or_api():
    crossings = []
    for feature in FEATURES:
        for path in modules_of(feature):
            crossings += [f"{module_name(path)} imports {module}"
                          for module in imported_modules(path)
                          if feature_of(module) not in (None, feature) and is_view(module)]
    assert not crossings, "\n".join(sorted(set(crossings)))


def test_html_and_json_views_of_a_feature_do_not_import_each_other():
    crossings = []
    for feature in FEATURES:
        for view, other in (("routes", "api"), ("api", "routes")):
            path = COMMUNITY / feature / f"{view}.py"
            if path.exists() and f"community.{feature}.{other}" in imported_modules(path):
                crossings.append(f"community.{feature}.{view} imports its {other}")
    assert not crossings, "\n".join(sorted(set(crossings)))


def test_realtime_imports_no_feature():
    """Features register into realtime (events, connect and disconnect hooks), never the
    other way round; `FEATURES` lists the packages it must not import."""
    crossings = [f"{module_name(path)} imports {module}"
                 for path in modules_of("realtime") for module in imported_modules(path)
                 if feature_of(module) is not None and not module.startswith(REALTIME_MAY_IMPORT)]
    assert not crossings, "\n".join(sorted(set(crossings)))


def test_the_import_reader_sees_relative_and_function_level_imports():
    source = ("from . import services\nfrom ..chat.api import x\n"
              "def f():\n    from community.forums import routes\n")
    assert imports_in(source, "community.clusters") >= {
        "community.clusters.services", "community.chat.api", "community.forums.routes"}
