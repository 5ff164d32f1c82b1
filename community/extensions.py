"""Extension objects, created unbound here and bound to an app in `create_app`."""

from flask import current_app, request
from flask_babel import Babel
from flask_limiter import Limiter
from flask_login import LoginManager, user_accessed
from flask_migrate import Migrate
from flask_socketio import SocketIO
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

from community.ratelimit import client_address

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class HeaderFirstLoginManager(LoginManager):
    """Flask-Login, except that a request carrying an `Authorization` header is authenticated
    by that header alone (the request loader): cookies sent along never choose its user, so an
    invalid token with a session cookie is anonymous, not the cookie's user."""

    def _load_user(self):
        if "Authorization" not in request.headers or self._request_callback is None:
            return super()._load_user()
        user_accessed.send(current_app._get_current_object())
        return self._update_request_context_with_user(self._load_user_from_request(request))


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = HeaderFirstLoginManager()
csrf = CSRFProtect()
babel = Babel()
socketio = SocketIO()
limiter = Limiter(key_func=client_address, default_limits=[])
