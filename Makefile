# The two commands: `make run` and `make test`. Both are idempotent.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
FLASK := $(BIN)/flask --app wsgi

.PHONY: run test test-quick install vendor translations messages db demo lint clean bench

# The web server and, beside it, the job worker (mail, digests, reminders); stopping `make run`
# (Ctrl-C) stops the worker too.
run: install vendor translations db demo
	$(FLASK) worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	HOST=$(HOST) PORT=$(PORT) $(FLASK) run --host $(HOST) --port $(PORT)

# PYTEST_ARGS: extra options, e.g. `make test PYTEST_ARGS="-n 2 -k chat"`. Screenshots and
# reports go to test-artifacts/.
test: install vendor translations
	mkdir -p test-artifacts
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Quick loop while coding: SQLite only, no browser.
test-quick: install vendor translations
	TEST_BACKENDS=sqlite $(BIN)/python -m pytest -m "not browser" -x -q $(PYTEST_ARGS)

# The speed benchmark (bench/README.md): pages under wrk against a bare Flask app, queries per
# page, search, start-up, memory, chat; prints the table, writes bench/results/latest.json.
# About 20 minutes once the data set is made (cached); QUICK=1: a smaller set, one short run of
# each, about 3 minutes. BENCH_ARGS: more options of bench/run.py, e.g. BENCH_ARGS="--no-chat".
bench: install translations
	@command -v wrk >/dev/null || { echo "wrk is missing: sudo apt-get install wrk"; exit 1; }
	$(BIN)/python bench/run.py $(if $(QUICK),--quick) $(BENCH_ARGS)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --include=dev --no-audit --no-fund --loglevel=error
	touch $@

static/vendor/.copied: node_modules/.package-lock.json
	mkdir -p static/vendor/bootstrap static/vendor/socket.io static/vendor/axe
	cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/css/bootstrap.rtl.min.css \
	   node_modules/bootstrap/dist/js/bootstrap.bundle.min.js static/vendor/bootstrap/
	cp node_modules/socket.io-client/dist/socket.io.min.js static/vendor/socket.io/
	cp node_modules/axe-core/axe.min.js static/vendor/axe/
	mkdir -p static/vendor/flag-icons/css static/vendor/flag-icons/flags
	cp node_modules/flag-icons/css/flag-icons.min.css static/vendor/flag-icons/css/
	cp -r node_modules/flag-icons/flags/4x3 node_modules/flag-icons/flags/1x1 static/vendor/flag-icons/flags/
	touch $@

# Bootstrap's CSS without the rules no page uses (PurgeCSS, purgecss.config.cjs): re-run
# whenever a template, a script or a Python module changes, so a class added there is kept.
CSS_USERS := $(shell find templates static/js community -type f \
	\( -name '*.html' -o -name '*.js' -o -name '*.py' \) 2>/dev/null)

static/vendor/.purged: static/vendor/.copied purgecss.config.cjs $(CSS_USERS)
	node_modules/.bin/purgecss --config purgecss.config.cjs --output static/vendor/bootstrap/
	touch $@

# Every text file of static/ gets a .br and a .gz twin, sent to browsers that accept them (by
# the app and by nginx's brotli_static/gzip_static); rebuilt when a file changes.
STATIC_TEXT := $(shell find static -type f \( -name '*.css' -o -name '*.js' -o -name '*.svg' \) \
	-not -path 'static/vendor/*' 2>/dev/null)

static/.precompressed: static/vendor/.purged $(STATIC_TEXT) community/precompress.py | $(VENV)/.installed
	$(BIN)/python -m community.precompress static
	touch $@

vendor: static/.precompressed

translations: install
	$(BIN)/pybabel compile -d community/translations >/dev/null 2>&1

# Re-extract the marked strings and merge them into the French and Arabic catalogues.
messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output \
		--ignore-dirs='.* __pycache__ node_modules' -o community/translations/messages.pot .
	$(BIN)/pybabel update -i community/translations/messages.pot -d community/translations --no-fuzzy-matching --ignore-obsolete

db: install
	mkdir -p instance
	$(FLASK) db upgrade
	$(FLASK) clusters refresh-partners --if-empty

instance/.demo-loaded:
	$(FLASK) demo load
	touch $@

demo: db instance/.demo-loaded

# ruff, then bandit at medium severity and above (`# nosec BXXX` marks a checked false positive).
lint: install
	$(BIN)/ruff check .
	$(BIN)/bandit -ll -q -r community

clean:
	rm -rf $(VENV) node_modules static/vendor instance/.demo-loaded
