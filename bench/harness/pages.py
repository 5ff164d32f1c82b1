"""Pages under wrk: sign in once through the login form, check the sampled paths answer 200,
then measure every page signed out and signed in."""

from __future__ import annotations

import re
from pathlib import Path

import requests

from bench.harness import wrk
from bench.harness.wrk import Measure

USER_AGENT = "i-community-bench"  # the same for the sign-in and for wrk
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def sign_in(base_url: str, username: str, password: str) -> str:
    """The `Cookie` header value of a signed-in session. Cookies are carried by hand: in
    production they are `Secure`, which a client over plain http would not send back."""
    headers = {"User-Agent": USER_AGENT}
    form = requests.get(f"{base_url}/login", headers=headers, timeout=30)
    form.raise_for_status()
    token = CSRF.search(form.text)
    if token is None:
        raise RuntimeError("no csrf_token in the login form")
    answer = requests.post(f"{base_url}/login", headers=headers, allow_redirects=False,
                           cookies={"session": form.cookies["session"]}, timeout=30,
                           data={"login": username, "password": password,
                                 "csrf_token": token.group(1)})
    if answer.status_code != 302 or "session" not in answer.cookies:
        raise RuntimeError(f"signing in as {username} answered {answer.status_code}")
    cookie = f"session={answer.cookies['session']}"
    # A cookie that does not sign in would measure the signed-out pages a second time.
    settings = requests.get(f"{base_url}/settings/account", allow_redirects=False, timeout=30,
                            headers=headers | {"Cookie": cookie})
    if settings.status_code != 200:
        raise RuntimeError(f"the session of {username} is not signed in "
                           f"({settings.status_code} on /settings/account)")
    return cookie


def check_paths(base_url: str, paths: dict[str, list[str]], cookie: str | None,
                per_page: int = 3) -> None:
    """A few paths of each page must answer 200 before wrk hammers them: a page that errs or
    redirects is a broken benchmark, said at once, not a fast one."""
    headers = {"User-Agent": USER_AGENT} | ({"Cookie": cookie} if cookie else {})
    for page, page_paths in paths.items():
        for path in page_paths[:per_page]:
            status = requests.get(base_url + path, headers=headers, allow_redirects=False,
                                  timeout=60).status_code
            if status != 200:
                raise RuntimeError(f"{page}: GET {path} answered {status}"
                                   f"{' (signed in)' if cookie else ''}")


# Signed out, each page is measured on its most-read paths (the visitors' page cache holds
# them), each fetched once before the timed runs: a steady state, as popular pages are. A path
# read for the first time costs what the same page costs signed in (measured next).
HOT_PATHS = 200


def hot_files(paths: dict[str, list[str]], folder: Path) -> dict[str, Path]:
    """The first `HOT_PATHS` of each page, one file per page (what urls.lua reads)."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {}
    for page, page_paths in paths.items():
        files[page] = folder / f"{page}.txt"
        files[page].write_text("\n".join(page_paths[:HOT_PATHS]) + "\n")
    return files


def prime(base_url: str, files: dict[str, Path]) -> int:
    """Fetch every path of `files` once, four at a time, as visitors: what a warm cache holds."""
    from concurrent.futures import ThreadPoolExecutor

    paths = [path for f in files.values() for path in f.read_text().split()]

    def fetch(path: str) -> None:
        requests.get(base_url + path, headers={"User-Agent": USER_AGENT}, timeout=120)

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(fetch, paths))
    return len(paths)


def wrk_headers(cookie: str | None) -> list[str]:
    return [f"User-Agent: {USER_AGENT}"] + ([f"Cookie: {cookie}"] if cookie else [])


def as_figures(measure: Measure) -> dict:
    return {"per_second": round(measure.per_second, 1), "p50_ms": round(measure.p50_ms, 2),
            "p99_ms": round(measure.p99_ms, 2), "requests": measure.requests,
            "non2xx": measure.non2xx,
            "first_bad_status": measure.first_bad_status,
            "socket_errors": measure.socket_errors, "runs": measure.runs}


def measure_pages(base_url: str, files: dict[str, Path], cookie: str | None,
                  timing: dict, log=print) -> dict[str, dict]:
    """{page: figures} for one mode (signed out when `cookie` is None)."""
    figures = {}
    for page, path_file in files.items():
        measure = wrk.measure(base_url, path_file, headers=wrk_headers(cookie), **timing)
        figures[page] = as_figures(measure)
        log(f"  {page:12} {measure.per_second:8.1f} req/s  p99 {measure.p99_ms:7.2f} ms"
            + (f"  {measure.non2xx} non-2xx (first {measure.first_bad_status})"
               if measure.failed else ""))
    return figures
