"""Every payload of the XSS corpus, and our own cases, through `render_markdown`: nothing that
could run script, style the page or leave the site survives in the parsed HTML."""

from __future__ import annotations

import time

import pytest

from community.markup import render_markdown
from tests.conftest import unavailable
from tests.security.corpus import (
    CORPUS,
    HTML_FILES,
    LINK_REL,
    all_payloads,
    corpus_available,
    html_problems,
    url_problem,
)

CHUNK = 1000
CORPUS_FILES = HTML_FILES + ["h5sc-vectors.txt", "markdown-it-xss-fixture.txt"]
# Generous bound: it must finish, and not take the seconds an unbounded render would.
SLOW_SECONDS = 2.0


@pytest.fixture(scope="module")
def payloads():
    if not corpus_available():
        unavailable(f"The XSS corpus is missing at {CORPUS}")
    return all_payloads()


def check(text: str) -> list[str]:
    return html_problems(render_markdown(text))


def test_corpus_files_are_all_read(payloads):
    counts = {name: len(items) for name, items in payloads.items()}
    assert counts["patt-xss_alert_identifiable.txt"] >= 600
    assert counts["payloadbox-xss-payload-list.txt"] >= 6000
    assert counts["patt-XSS_Polyglots.txt"] >= 10
    assert counts["h5sc-vectors.txt"] >= 130
    assert counts["markdown-it-xss-fixture.txt"] >= 10


@pytest.mark.parametrize("name", CORPUS_FILES)
@pytest.mark.parametrize("chunk", range(7))
def test_corpus_payloads_are_neutralised(payloads, name, chunk):
    items = payloads[name][chunk * CHUNK:(chunk + 1) * CHUNK]
    if not items:
        return  # this file has fewer chunks
    failures = {}
    for payload in items:
        problems = check(payload)
        if problems:
            failures[payload] = problems
    assert failures == {}


def test_whole_corpus_file_as_one_document_is_neutralised(payloads):
    """Payloads side by side can combine (an open quote in one, a tag in the next)."""
    for name in CORPUS_FILES:
        document = "\n\n".join(payloads[name][:800])
        assert html_problems(render_markdown(document)) == [], name


OWN_CASES = [
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x]( javascript:alert(1))",
    "[x](java\tscript:alert(1))",
    "[x](java&#x09;script:alert(1))",
    "[x](javascript&colon;alert(1))",
    "[x](javascript&#58;alert(1))",
    "[x](javascript&#x3A;alert(1))",
    "[x](javascript&#0000058alert(1))",
    "[x](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))",
    "[x](%6Aavascript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](DATA:text/html,<script>alert(1)</script>)",
    "[x](vbscript:msgbox(1))",
    "[x](file:///etc/passwd)",
    "[x](//evil.example)",
    "[x](/\\evil.example)",
    "[x](\\\\evil.example)",
    "[x]( //evil.example)",
    "[x][r]\n\n[r]: javascript:alert(1)",
    "[x][r]\n\n[r]: //evil.example",
    "<javascript:alert(1)>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<a href=\"//evil.example\">x</a>",
    "<a href=\"&#x2F;&#x2F;evil.example\">x</a>",
    "![x](javascript:alert(1))",
    "![x](x\" onerror=\"alert(1))",
    "![x](https://evil.example/track.png)",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<math href=\"javascript:alert(1)\">x</math>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
    "<form action=\"javascript:alert(1)\"><button>x</button></form>",
    "<button formaction=\"javascript:alert(1)\">x</button>",
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<style>body{background:url(javascript:alert(1))}</style>",
    "<p style=\"background:url(javascript:alert(1))\">x</p>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<object data=\"javascript:alert(1)\"></object>",
    "<embed src=\"javascript:alert(1)\">",
    "<base href=\"javascript:alert(1)//\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<link rel=stylesheet href=//evil.example/x.css>",
    "<!--<img src=x onerror=alert(1)>-->",
    "<a href=\"https://ok.example\" onclick=\"alert(1)\">x</a>",
    "<a href=\"https://ok.example\" target=\"_blank\">x</a>",
    "`<script>alert(1)</script>`",
    "```\n<script>alert(1)</script>\n```",
    "| a |\n|---|\n| <img src=x onerror=alert(1)> |",
    "> <script>alert(1)</script>",
    "[<img src=x onerror=alert(1)>](https://ok.example)",
    "@amina <script>alert(1)</script>",
    "[@x](javascript:alert(1))",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>script>alert(1)<</script>/script>",
    "<x onmouseover=alert(1)>hover",
    "<div/onmouseover='alert(1)'>x</div>",
    "<a href=\"jav&#x0A;ascript:alert(1)\">x</a>",
    "<a href=\"\x01javascript:alert(1)\">x</a>",
]


@pytest.mark.parametrize("text", OWN_CASES)
def test_own_payloads_are_neutralised(text):
    html = render_markdown(text)
    assert html_problems(html) == [], html
    lowered = html.lower()
    assert "<script" not in lowered and "<iframe" not in lowered and "<svg" not in lowered


@pytest.mark.parametrize("text", [
    "[site](https://example.org/page?a=1&b=2)",
    "[mail](mailto:someone@example.org)",
    "https://example.org/bare",
    "[local](/members)",
])
def test_safe_links_survive_with_rel(text):
    html = render_markdown(text)
    assert "<a " in html
    assert f'rel="{LINK_REL}"' in html
    assert html_problems(html) == []


def test_ordinary_markdown_still_renders():
    html = render_markdown("# Title\n\n**bold** *em* `code`\n\n- one\n- two\n\n> quote")
    for tag in ("<h3>", "<strong>", "<em>", "<code>", "<ul>", "<li>", "<blockquote>"):
        assert tag in html
    assert html_problems(html) == []


def test_arabic_text_is_kept():
    assert "مرحبا بالعالم" in render_markdown("مرحبا بالعالم")


@pytest.mark.parametrize("text", ["[" * 4000, "[](" * 1400, "[a]" * 1400 + "(", "*" * 4000,
                                  "<" * 4000, "`" * 4000, "> " * 2000, "\\" * 4000])
def test_pathological_input_renders_quickly(text, record_property):
    started = time.perf_counter()
    html = render_markdown(text)
    elapsed = time.perf_counter() - started
    record_property("render_seconds", round(elapsed, 3))
    assert isinstance(html, str)
    assert html_problems(html) == []
    if elapsed > SLOW_SECONDS:  # measured, reported; only an unbounded render fails
        pytest.fail(f"rendering {len(text)} characters took {elapsed:.2f}s")


@pytest.mark.parametrize(("value", "bad"), [
    ("https://ok.example", False), ("/local", False), ("#anchor", False),
    ("mailto:a@b.c", False), ("javascript:x", True), (" java\nscript:x", True),
    ("//evil", True), ("/\\evil", True), ("\\\\evil", True), ("data:x", True),
    ("JAVASCRIPT:x", True),
])
def test_the_checker_itself_spots_bad_urls(value, bad):
    assert (url_problem(value) is not None) is bad


def test_the_checker_itself_spots_bad_html():
    assert html_problems('<img src=x onerror="alert(1)">')
    assert html_problems('<a href="java&#x09;script:alert(1)" rel="nofollow ugc noopener">x</a>')
    assert html_problems('<p style="color:red">x</p>')
    assert html_problems("<svg></svg>")
    assert html_problems('<a href="https://ok">x</a>')  # no rel
    assert html_problems('<a href="https://ok" rel="nofollow ugc noopener">x</a>') == []


def test_user_headings_never_compete_with_the_page_title():
    html = render_markdown("# One\n\n## Two\n\n###### Six")
    assert "<h1" not in html and "<h2" not in html
    assert "<h3>One</h3>" in html and "<h4>Two</h4>" in html and "<h6>Six</h6>" in html


def test_a_renderer_that_failed_is_never_used_again(monkeypatch):
    from community import markup

    broken = markup._new_markdown()
    monkeypatch.setattr(broken, "convert", lambda text: (_ for _ in ()).throw(RecursionError()))
    monkeypatch.setattr(markup, "_idle", [broken])
    with pytest.raises(RecursionError):
        markup.render_markdown("first")
    assert broken not in markup._idle
    assert markup.render_markdown("*second*") == "<p><em>second</em></p>"
