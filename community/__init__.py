"""i-Community: the app factory."""

from __future__ import annotations

import logging

from flask import Flask
from flask_babel import lazy_gettext as _l
from werkzeug.middleware.proxy_fix import ProxyFix

from config import BASE_DIR, Config, get_config


def create_app(config: Config | str | None = None) -> Flask:
    """Build the application: configuration, extensions, blueprints, Socket.IO handlers."""
    app = Flask(
        __name__,
        template_folder=str(BASE_DIR / "templates"),
        static_folder=str(BASE_DIR / "static"),
        instance_path=str(BASE_DIR / "instance"),
    )
    app.config.from_object(config if isinstance(config, Config) else get_config(config))
    from community.page_cache import register_page_cache
    register_page_cache(app)  # innermost: ProxyFix and Socket.IO wrap it
    if app.config["PROXY_FIX_X_FOR"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["PROXY_FIX_X_FOR"],
                                x_proto=1, x_host=1)
    logging.basicConfig(level=logging.INFO)

    from community.storage import register_storage
    from community.urls import register_converters
    register_converters(app)
    register_storage(app)
    register_extensions(app)
    from community.jobs import init_jobs
    init_jobs(app)
    register_blueprints(app)
    register_menus(app)
    register_socketio(app)

    from community import cli, compression, errors, health, security, static_files, transaction
    health.register_health(app)
    transaction.register_transaction(app)
    static_files.register_static_files(app)
    compression.register_compression(app)
    errors.register_error_handlers(app)
    security.register_security(app)
    cli.register_cli(app)
    from community.markup import excerpt
    app.add_template_filter(excerpt)  # lists show stored HTML as plain text, never Markdown
    return app


def register_extensions(app: Flask) -> None:
    from community import i18n, models  # noqa: F401  (models: every table known to Alembic)
    from community.extensions import csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, render_as_batch=True,
                     directory=str(BASE_DIR / "migrations"), compare_type=True)
    from community import csrf_masking
    csrf_masking.register_unmasking(app)  # before CSRFProtect's own check
    csrf.init_app(app)
    app.config["RATELIMIT_STORAGE_URI"] = app.config["REDIS_URL"] or "memory://"
    limiter.init_app(app)
    login_manager.init_app(app)
    i18n.init_app(app)

    from community.auth.sessions import register_login_manager
    register_login_manager(app)


def register_menus(app: Flask) -> None:
    """The site menu and the signed-in user's menu, in the order they are shown."""
    from community.chat.unread import unread_by_room
    from community.frame import Link, register_frame
    from community.moderation.stats import waiting_for_review
    from community.notifications.services import unread_count
    from community.permissions import can_moderate, is_signed_in

    register_frame(app, nav_links=[
        Link("profiles.directory", _l("Members")),
        Link("clusters.directory", _l("Clusters")),
        Link("forums.index", _l("Forums")),
        Link("programmes.index", _l("Mentoring programmes"), icon="mentoring", section=True),
        Link("chat.index", _l("Chat"), icon="chat", counts=unread_by_room,
             badge_label=_l("unread messages"), section=True),
        Link("notifications.index", _l("Notifications"), icon="bell", badge=unread_count,
             visible=is_signed_in, badge_label=_l("unread")),
        Link("admin.dashboard", _l("Admin"), badge=waiting_for_review, visible=can_moderate,
             badge_label=_l("waiting for review"), section=True, icon="shield"),
    ], user_links=[
        Link("profiles.edit", _l("Edit profile")),
        Link("auth.account_settings", _l("Settings")),
        Link("notifications.settings", _l("Notification settings")),
        Link("programmes.calendar", _l("Calendar")),
    ])


def register_blueprints(app: Flask) -> None:
    from community import admin, api, auth, clusters, home, notifications, profiles

    app.register_blueprint(home.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(profiles.bp)
    app.register_blueprint(clusters.bp)
    app.register_blueprint(notifications.bp)
    app.register_blueprint(admin.bp)
    from community import forums, search

    app.register_blueprint(forums.bp)
    app.register_blueprint(search.bp)
    from community import chat

    app.register_blueprint(chat.bp)
    from community import programmes

    app.register_blueprint(programmes.bp)
    api.register_api(app)


def register_socketio(app: Flask) -> None:
    """The Socket.IO server, then each feature's events: the list of live features is here."""
    from community.chat import events as chat_events
    from community.extensions import socketio
    from community.forums import events as forum_events
    from community.realtime import init_socketio

    init_socketio(app)
    for feature_events in (chat_events, forum_events):
        feature_events.register(app, socketio)
