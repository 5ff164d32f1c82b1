"""Entry point for `flask --app wsgi` and for gunicorn (`wsgi:app`)."""

from community import create_app
from community.extensions import socketio

app = create_app()

__all__ = ["app", "socketio"]
