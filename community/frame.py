"""What every page's frame needs: the menus, unread counts, page links. `create_app` lists the
menu entries, so the whole menu reads in one place and in its order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, request, url_for
from flask_login import current_user


@dataclass(frozen=True)
class Link:
    """A menu entry: its endpoint, its label (a lazy string, translated when the page is drawn),
    `badge(user)`: a count shown beside it, with `badge_label` read after it by screen readers,
    `visible(user)`: whether the entry is shown at all (every user when None), and `section`:
    the entry stands for its whole blueprint, marked current on each of its pages."""

    endpoint: str
    label: object
    badge: Callable[..., int] | None = None
    visible: Callable[..., bool] | None = None
    badge_label: object = None
    section: bool = False

    def shown_to(self, user) -> bool:
        return self.visible is None or self.visible(user)

    def is_current(self) -> bool:
        if self.section:
            return request.blueprint == self.endpoint.partition(".")[0]
        return request.endpoint == self.endpoint


def url_for_page(number: int) -> str:
    """This page's address at another page number, its other arguments kept."""
    args = request.args.to_dict()
    args["page"] = number
    return url_for(request.endpoint, **(request.view_args or {}), **args)


def register_frame(app: Flask, nav_links: list[Link], user_links: list[Link]) -> None:
    """Give every template the site menu (`nav_links`) and the signed-in user's (`user_links`);
    an entry naming no view fails here, at start-up, rather than on the first page drawn."""
    unknown = [link.endpoint for link in nav_links + user_links
               if link.endpoint not in app.view_functions]
    if unknown:
        raise ValueError(f"Menu entries name unknown endpoints: {', '.join(unknown)}")
    app.jinja_env.add_extension("jinja2.ext.do")

    def nav() -> list[dict]:
        return [{"endpoint": link.endpoint, "label": str(link.label), "current": link.is_current(),
                 "badge": link.badge(current_user) if link.badge else None,
                 "badge_label": str(link.badge_label or "")}
                for link in nav_links if link.shown_to(current_user)]

    def user() -> list[tuple[str, str, int | None]]:
        return [(link.endpoint, str(link.label), link.badge(current_user) if link.badge else None)
                for link in user_links]

    @app.context_processor
    def inject_frame() -> dict:
        return {"nav_links": nav, "user_links": user, "url_for_page": url_for_page}
