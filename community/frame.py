"""What every page's frame needs: navigation links, unread counts, page links."""

from __future__ import annotations

from flask import Flask, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

# Feature packages add (endpoint, label function) pairs here as they are registered.
NAV_LINKS: list[tuple[str, object]] = []
USER_LINKS: list[tuple[str, object, object]] = []


def add_nav_link(endpoint: str, label) -> None:
    if endpoint not in [e for e, _l in NAV_LINKS]:
        NAV_LINKS.append((endpoint, label))


def add_user_link(endpoint: str, label, badge=None) -> None:
    """A link in the signed-in user's menu; `badge(user)` gives a count shown beside it."""
    if endpoint not in [e for e, _l, _b in USER_LINKS]:
        USER_LINKS.append((endpoint, label, badge))


def url_for_page(number: int) -> str:
    args = request.args.to_dict()
    args["page"] = number
    return url_for(request.endpoint, **(request.view_args or {}), **args)


def register_frame(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")

    @app.context_processor
    def inject_frame() -> dict:
        def nav_links():
            return [(endpoint, str(label())) for endpoint, label in NAV_LINKS
                    if endpoint in app.view_functions]

        def user_links():
            return [(endpoint, str(label()), badge(current_user) if badge else None)
                    for endpoint, label, badge in USER_LINKS if endpoint in app.view_functions]

        return {"nav_links": nav_links, "user_links": user_links, "url_for_page": url_for_page}


add_nav_link("profiles.directory", lambda: _("Members"))
