"""One real process for the worker tests: the web app or the job worker, on the testing
configuration pointed at a file SQLite database, a SqliteHuey queue file and an SMTP server.

    SERVE_FOLDER=… MAIL_PORT=… JOBS_RETRY_DELAYS=0.3,0.3 python tests/jobs/serve.py web PORT
    SERVE_FOLDER=… MAIL_PORT=… python tests/jobs/serve.py worker

The database is `SERVE_FOLDER/community.db` (`CREATE_TABLES=1` creates the schema), the queue
`SERVE_FOLDER/jobs.db`: both processes see the same ones, as a web and a worker process do."""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from community import create_app  # noqa: E402
from community.extensions import db  # noqa: E402
from community.jobs import run_worker  # noqa: E402
from config import TestingConfig  # noqa: E402


def build_config() -> TestingConfig:
    folder = Path(os.environ["SERVE_FOLDER"])
    config = TestingConfig()
    config.SQLALCHEMY_DATABASE_URI = f"sqlite:///{folder / 'community.db'}"
    config.UPLOAD_FOLDER = str(folder / "uploads")
    config.MAIL_OUTBOX = str(folder / "outbox")
    config.MAIL_SERVER = "127.0.0.1"
    config.MAIL_PORT = int(os.environ["MAIL_PORT"])
    config.JOBS_IMMEDIATE = False
    config.JOBS_URL = f"sqlite:///{folder / 'jobs.db'}"
    config.JOBS_POLL_MAX = 0.2
    delays = os.environ.get("JOBS_RETRY_DELAYS") or "20"
    config.JOBS_RETRY_DELAYS = tuple(float(d) for d in delays.split(","))
    return config


def main() -> None:
    app = create_app(build_config())
    if os.environ.get("CREATE_TABLES"):
        with app.app_context():
            db.create_all()
    if sys.argv[1] == "worker":
        run_worker(app, workers=1)
    else:
        app.run(host="127.0.0.1", port=int(sys.argv[2]), use_reloader=False, threaded=True)


if __name__ == "__main__":
    main()
