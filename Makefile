# Solidaire Gemeenten — the two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.9
UV := .tools/bin/uv
PY := .venv/bin/python
SEEDS ?= ../shared/seeds
LEGACY_PAGE := $(SEEDS)/000_62e2fbc28d8d54bd.txt
LEGACY_LETTER := $(SEEDS)/004_c5cf21f2fbf0fed5.txt
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-fast lint install install-dev messages messages-update static seed bench bench-load clean

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# npm: Leaflet (the map) is served as static files from node_modules; no bundler, no CDN.
install: $(UV)
	$(UV) sync --frozen --no-dev
	npm ci --omit=dev --no-audit --no-fund --silent

install-dev: $(UV)
	$(UV) sync --frozen
	npm ci --no-audit --no-fund --silent

messages:
	@if command -v msgfmt >/dev/null; then $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v0; \
	else echo "msgfmt (Debian package gettext) is missing: translations are not compiled."; fi

# After changing strings: the catalogues of all three languages (tests/lib/test_translations.py
# fails while a string is missing, untranslated or fuzzy in fr or en).
MESSAGES_IGNORE := --ignore=.venv --ignore=node_modules --ignore=.tools --ignore=staticfiles
messages-update:
	$(PY) manage.py makemessages -l nl_BE -l fr -l en $(MESSAGES_IGNORE)

static:
	$(PY) manage.py collectstatic --noinput -v0

seed:
	$(PY) manage.py migrate --noinput -v0
	@if [ -f "$(LEGACY_PAGE)" ] && [ -f "$(LEGACY_LETTER)" ]; then \
		$(PY) manage.py import_legacy_content "$(LEGACY_PAGE)" "$(LEGACY_LETTER)"; \
	else echo "No $(SEEDS): the network's legacy content is not imported."; fi

# The web server, and one worker beside it (tasks and the e-mail outbox) that stops when it does.
run: install messages static seed
	@echo "Serving on http://$(HOST):$(PORT)/ (back-office: /beheer/, create an account with '$(PY) manage.py createsuperuser')"
	@echo "The worker sends e-mail to $${EMAIL_HOST:-127.0.0.1}:$${EMAIL_PORT:-1025} (see docs/email.md)"
	@$(PY) manage.py run_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT; \
	$(PY) manage.py runserver $(HOST):$(PORT)

# The lock file matches pyproject.toml; code and templates are formatted; settings, URLs and
# models are consistent (no migration missing).
lint: install-dev
	$(UV) lock --check
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/djhtml --check templates solidair
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

# The suite runs in one process per core (pytest-xdist), a test file's tests in the same one:
# a file's tests share what they start (an SMTP server, a Redis database, a default install).
PYTEST_PARALLEL := -n auto --dist loadfile

test: install-dev messages
	.venv/bin/pytest $(PYTEST_PARALLEL)

# The tests without real servers, processes, LibreOffice, a browser or real-time waits
# (the `slow` marker, tests/conftest.py): a couple of minutes, for after every change.
test-fast: install-dev messages
	.venv/bin/pytest $(PYTEST_PARALLEL) -m "not slow"

bench: install-dev static
	$(PY) bench/run.py
	$(PY) bench/letters.py
	$(PY) bench/send.py
	$(PY) bench/brochure.py
	$(PY) bench/review.py
	$(PY) bench/practices.py

# The production stack (PostgreSQL: DATABASE_URL's server, database <name>_bench; a private Redis;
# nginx; two gunicorn instances; the worker) under 60 s of load; BENCH_LOAD_ARGS=--duration 10.
bench-load: install-dev messages
	$(PY) bench/load.py $(BENCH_LOAD_ARGS)

clean:
	rm -rf .venv .tools node_modules staticfiles db.sqlite3 db.sqlite3-wal db.sqlite3-shm
