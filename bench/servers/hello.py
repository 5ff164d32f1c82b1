"""The ceiling of the page benchmark: a bare Flask app answering "hello", served by the same
gunicorn command and flags as the product (bench/run.py starts both)."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "hello"


@app.get("/healthz")
def healthz() -> str:
    return "ok\n"
