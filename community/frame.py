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
    the entry stands for its whole blueprint, marked current on each of its pages. An entry
    with an `icon` (a name of `templates/_macros/icons.html`) shows it in place of its label,
    which screen readers still read, so the bar holds on one line in every language.
    `counts(user)`: parts of the badge by key (chat: unread messages per room), which the page
    keeps so a live update of one part gives the right sum."""

    endpoint: str
    label: object
    badge: Callable[..., int] | None = None
    visible: Callable[..., bool] | None = None
    badge_label: object = None
    section: bool = False
    icon: str | None = None
    counts: Callable[..., dict[int, int]] | None = None

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


def entry(link: Link) -> dict:
    """What the template draws for one menu entry; counts are asked only of signed-in users."""
    signed_in = current_user.is_authenticated
    counts = link.counts(current_user) if link.counts and signed_in else None
    badge = sum(counts.values()) if counts is not None else None
    if link.badge and signed_in:
        badge = link.badge(current_user)
    return {"endpoint": link.endpoint, "label": str(link.label), "current": link.is_current(),
            "badge": badge, "badge_label": str(link.badge_label or ""), "icon": link.icon,
            "counts": counts}


def register_frame(app: Flask, nav_links: list[Link], user_links: list[Link]) -> None:
    """Give every template the site menu (`nav_links`) and the signed-in user's (`user_links`);
    an entry naming no view fails here, at start-up, rather than on the first page drawn."""
    unknown = [link.endpoint for link in nav_links + user_links
               if link.endpoint not in app.view_functions]
    if unknown:
        raise ValueError(f"Menu entries name unknown endpoints: {', '.join(unknown)}")
    app.jinja_env.add_extension("jinja2.ext.do")

    def nav() -> list[dict]:
        return [entry(link) for link in nav_links if link.shown_to(current_user)]

    def user() -> list[dict]:
        return [entry(link) for link in user_links if link.shown_to(current_user)]

    @app.context_processor
    def inject_frame() -> dict:
        return {"nav_links": nav, "user_links": user, "url_for_page": url_for_page}
