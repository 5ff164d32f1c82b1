"""The test suite's app caches (tests/app_caches.py) change nothing an app does: the same URLs,
the same compiled templates as an app built without them."""

from __future__ import annotations

from werkzeug.routing.converters import BaseConverter, NumberConverter, PathConverter

from community import create_app
from tests import app_caches
from tests.conftest import make_config


def sample(converter: BaseConverter) -> object:
    if isinstance(converter, NumberConverter):
        return 7
    return "a/b" if isinstance(converter, PathConverter) else "x y"


def sample_values(rule) -> dict:
    return {name: sample(converter) for name, converter in rule._converters.items()}


def test_cached_url_builders_build_what_werkzeug_compiles(tmp_path):
    app = create_app(make_config("sqlite://", tmp_path))
    rules = list(app.url_map.iter_rules())
    assert len(rules) > 100
    for rule in rules:
        values = sample_values(rule)
        for append_unknown, extra in ((False, {}), (True, {"page": 2, "q": "é&"})):
            fresh = app_caches._compile_builder(rule, append_unknown).__get__(rule, None)
            cached = rule._build_unknown if append_unknown else rule._build
            assert cached(**values, **extra) == fresh(**values, **extra), rule.rule


def test_cached_templates_are_what_a_fresh_app_compiles(tmp_path):
    cached_app = create_app(make_config("sqlite://", tmp_path))
    app_caches.uninstall()
    try:
        fresh_app = create_app(make_config("sqlite://", tmp_path))
        fresh_env = fresh_app.jinja_env
    finally:
        app_caches.install()
    env = cached_app.jinja_env
    assert env.bytecode_cache is app_caches.TEMPLATE_CODE and fresh_env.bytecode_cache is None
    names = [n for n in env.list_templates() if n.endswith((".html", ".txt"))]
    assert len(names) > 50
    for name in names:
        env.get_template(name)  # compiled once, then read from the cache
        source, filename, _uptodate = fresh_env.loader.get_source(fresh_env, name)
        bucket = env.bytecode_cache.get_bucket(env, name, filename, source)
        assert bucket.code == fresh_env.compile(source, name, filename), name
