"""HTML routes of profiles (being built)."""

from flask import abort

from community.profiles import bp


@bp.get("/members")
def directory():
    abort(501)


@bp.get("/u/<username>")
def show(username: str):
    abort(501)
