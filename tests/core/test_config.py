"""Configuration: production refuses to start without a secret key; development keeps one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import config
from community import create_app
from config import DevelopmentConfig, ProductionConfig, get_config

REPO = Path(__file__).resolve().parents[2]


def test_production_refuses_to_start_without_secret_key(monkeypatch):
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", None)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        ProductionConfig()


def test_production_start_up_fails_with_a_clear_message():
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "CI"}}
    env.update(COMMUNITY_CONFIG="production", SECRET_KEY="",
               DATABASE_URL="sqlite://", UPLOAD_FOLDER=str(REPO / "instance" / "uploads"))
    result = subprocess.run([sys.executable, "-c", "import wsgi"], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_with_secret_key_uses_secure_cookies(monkeypatch):
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", "x" * 64)
    production = ProductionConfig()
    assert production.SESSION_COOKIE_SECURE is True
    assert production.REMEMBER_COOKIE_SECURE is True


def test_development_key_is_made_once_and_kept_in_instance(monkeypatch, tmp_path):
    monkeypatch.setattr(config, "INSTANCE_DIR", tmp_path)
    monkeypatch.setattr(DevelopmentConfig, "SECRET_KEY", None)
    first = DevelopmentConfig().SECRET_KEY
    second = DevelopmentConfig().SECRET_KEY
    key_file = tmp_path / "secret_key"
    assert first == second == key_file.read_text().strip()
    assert len(first) >= 32
    assert key_file.stat().st_mode & 0o077 == 0


def test_unknown_config_name_is_refused():
    with pytest.raises(RuntimeError, match="COMMUNITY_CONFIG"):
        get_config("staging")


def test_testing_config_is_isolated():
    testing = get_config("testing")
    assert testing.TESTING is True
    assert testing.MAIL_SERVER is None and testing.SOCKETIO_MESSAGE_QUEUE is None


def test_production_refuses_to_start_without_site_url(monkeypatch):
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", "x" * 64)
    production = ProductionConfig()
    production.SITE_URL = None
    production.SQLALCHEMY_DATABASE_URI = "sqlite://"
    with pytest.raises(RuntimeError, match="SITE_URL is not set"):
        create_app(production)


def test_production_refuses_a_site_url_without_scheme(monkeypatch):
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", "x" * 64)
    production = ProductionConfig()
    production.SITE_URL = "community.example.org"
    production.SQLALCHEMY_DATABASE_URI = "sqlite://"
    with pytest.raises(RuntimeError, match="SITE_URL"):
        create_app(production)


def test_testing_site_url_is_localhost_and_development_leaves_it_unset(monkeypatch):
    monkeypatch.delenv("SITE_URL", raising=False)
    assert get_config("testing").SITE_URL == "http://localhost:5000"
    assert "SITE_URL" not in vars(get_config("development").__class__)
