"""The `flask users` commands."""

from __future__ import annotations

from community.extensions import db
from community.models import User
from tests.factories import PASSWORD


def user_named(name: str) -> User | None:
    return db.session.scalar(db.select(User).where(User.username == name))


def test_users_create_makes_confirmed_user(runner):
    result = runner.invoke(args=["users", "create", "youssef", "youssef@example.org",
                                 "--password", PASSWORD, "--role", "moderator"])
    assert result.exit_code == 0, result.output
    assert "youssef" in result.output
    user = user_named("youssef")
    assert user.is_confirmed and user.role == "moderator" and user.display_name == "youssef"


def test_users_create_taken_username_fails(runner, member):
    result = runner.invoke(args=["users", "create", "amina", "other@example.org",
                                 "--password", PASSWORD])
    assert result.exit_code != 0
    assert "taken" in result.output


def test_users_create_taken_email_fails(runner, member):
    result = runner.invoke(args=["users", "create", "another", "amina@example.org",
                                 "--password", PASSWORD])
    assert result.exit_code != 0
    assert "taken" in result.output
    assert user_named("another") is None


def test_users_create_weak_password_fails(runner):
    result = runner.invoke(args=["users", "create", "weakling", "w@example.org",
                                 "--password", "123"])
    assert result.exit_code != 0
    assert "password" in result.output
    assert user_named("weakling") is None


def test_users_set_role(runner, member):
    result = runner.invoke(args=["users", "set-role", "amina", "admin"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    user = user_named("amina")
    assert user.role == "admin" and user.session_version == 2


def test_users_set_role_unknown_user_fails(runner):
    result = runner.invoke(args=["users", "set-role", "ghost", "admin"])
    assert result.exit_code != 0
    assert "ghost" in result.output


def test_users_set_role_unknown_role_fails(runner, member):
    result = runner.invoke(args=["users", "set-role", "amina", "emperor"])
    assert result.exit_code != 0
