"""HTML routes of accounts (being built)."""

from flask import abort

from community.auth import bp


@bp.route("/login", methods=["GET", "POST"])
def login():
    abort(501)


@bp.route("/register", methods=["GET", "POST"])
def register():
    abort(501)


@bp.post("/logout")
def logout():
    abort(501)


@bp.post("/confirm/resend")
def resend_confirmation():
    abort(501)
