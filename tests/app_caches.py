"""Caches that let the suite build a fresh app for every test cheaply.

Each test gets its own app (its own config, extensions and state), and building one used to cost
most of a simple test: Werkzeug generates and compiles two Python functions per URL rule (about
440 per app), and each new Jinja environment compiles again every template a test renders. Both
results depend only on what every test app shares (the rules, the template sources, the same
Jinja extensions and filters), so the test process compiles each once and reuses it.
`tests/core/test_app_caches.py` checks that a cached app builds the same URLs and pages.
"""

from __future__ import annotations

from collections.abc import Callable
from types import CodeType

from flask import Flask
from jinja2.bccache import Bucket, BytecodeCache
from werkzeug.routing.rules import Rule

_compile_builder = Rule._compile_builder
_builders: dict[tuple, Callable] = {}


def _cached_builder(self: Rule, append_unknown: bool = True) -> Callable:
    """Werkzeug's URL builder of a rule, shared by the rules of every app with the same parts.
    The generated function reaches the rule's converters through its `self` argument; only a
    default folded into the path (a default for a variable of the rule) is baked into the code,
    and those rules are compiled as usual."""
    defaults = self.defaults or {}
    if any(dynamic and name in defaults for dynamic, name in self._trace):
        return _compile_builder(self, append_unknown)
    key = (tuple(self._trace), tuple(defaults), append_unknown)
    builder = _builders.get(key)
    if builder is None:
        builder = _builders[key] = _compile_builder(self, append_unknown)
    return builder


class TemplateCodeCache(BytecodeCache):
    """Jinja's compiled templates kept in memory for the whole run. Jinja checks the source's
    checksum first, so a changed template is compiled again."""

    def __init__(self) -> None:
        self._code: dict[str, tuple[str, CodeType]] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        checksum, code = self._code.get(bucket.key, (None, None))
        if checksum == bucket.checksum:
            bucket.code = code

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = (bucket.checksum, bucket.code)


TEMPLATE_CODE = TemplateCodeCache()


def install() -> None:
    """Turn both caches on for every app this test process builds."""
    Rule._compile_builder = _cached_builder
    Flask.jinja_options = {**Flask.jinja_options, "bytecode_cache": TEMPLATE_CODE}


def uninstall() -> None:
    Rule._compile_builder = _compile_builder
    options = dict(Flask.jinja_options)
    options.pop("bytecode_cache", None)
    Flask.jinja_options = options
