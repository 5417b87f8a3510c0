# Sinergi: `make run` serves the demo, `make test` runs the whole suite on real services.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
UV := $(PYTHON) -m uv
VENV := .venv
PY := $(VENV)/bin/python
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON := $(PYTHON)

.PHONY: help install system-packages run serve backup restore test test-quick drills loadtest \
	bench lint format migrate messages

help: ## list the targets (this text)
	@awk 'BEGIN {FS = ":.*## "} /^[a-z][a-z-]*:.*## / {printf "  make %-16s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(VENV)/.installed: pyproject.toml uv.lock package.json package-lock.json
	@$(PYTHON) -m uv --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet "uv>=0.5,<1"
	$(UV) sync --frozen --compile-bytecode
	@command -v npm >/dev/null || (apt-get update -qq && apt-get install -y -qq nodejs npm)
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

install: $(VENV)/.installed ## install Python (uv) and npm dependencies into .venv and node_modules

system-packages: ## install the Debian packages the tests need (PostgreSQL, Redis, Chromium...)
	@bash .ci/system-packages

migrate: install ## apply migrations to the configured database
	$(PY) manage.py migrate --noinput

run: install ## migrate, load regions and demo data; web + Celery worker + beat on :8000; DRILL=1 [DRILL_SPEED=60] also plays a voting-day drill
	$(PY) manage.py migrate --noinput
	$(PY) manage.py import_regions
	$(PY) manage.py load_demo
	$(PY) manage.py setup_schedules
	@DRILL="$(DRILL)" DRILL_SPEED="$(or $(DRILL_SPEED),60)" bash .ci/serve

serve: install ## production: gunicorn + worker + beat (needs DATABASE_URL, REDIS_URL, ...)
	@bash .ci/serve production

backup: install ## BACKUP=FILE: database (pg_dump) and media files in one tar
	@test -n "$(BACKUP)" || (echo "usage: make backup BACKUP=FILE.tar"; exit 2)
	@bash .ci/backup "$(BACKUP)"

restore: install ## BACKUP=FILE [FORCE=1]: restore a backup (refuses a non-empty database)
	@test -n "$(BACKUP)" || (echo "usage: make restore BACKUP=FILE.tar [FORCE=1]"; exit 2)
	@FORCE="$(FORCE)" bash .ci/restore "$(BACKUP)"

test: install system-packages ## the whole suite on throwaway PostgreSQL + Redis (PYTEST_ARGS=...)
	@bash .ci/with-services $(PY) -m pytest $(PYTEST_ARGS)

test-quick: install system-packages ## the suite less browser, worker, live-server and 10,000-row tests
	@bash .ci/with-services $(PY) -m pytest -m "not slow and not drill" $(PYTEST_ARGS)

# Each drill breaks something real (PostgreSQL, Redis, a worker, the media volume) in the
# throwaway services and says what it did and what it saw; run as root (mounts a volume).
drills: install system-packages ## fault drills: database restart, Redis down, worker killed, media full
	@bash .ci/with-services $(PY) -m pytest -m drill tests/drills -v $(PYTEST_ARGS)

loadtest: install system-packages ## locust on `make serve` (LOADTEST_USERS, LOADTEST_SECONDS, LOADTEST_DATA=national, LOADTEST_SIGNIN_BURST=1)
	@bash .ci/with-services bash .ci/loadtest

bench: install system-packages ## benchmarks on PostgreSQL (see bench/README.md)
	@bash .ci/with-services $(PY) bench/run.py $(BENCH_ARGS)

lint: install ## ruff check, ruff format check and mypy (services and selectors)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: install ## ruff fix and format
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Refresh the English catalog after adding strings, translate the new entries in
# locale/en/LC_MESSAGES/django.po, then run `make messages` again to compile the .mo
# (both are committed; tests/config/test_i18n.py checks they agree).
messages: install ## refresh and compile the English catalog
	@command -v msgfmt >/dev/null || (apt-get update -qq && apt-get install -y -qq gettext)
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=node_modules --ignore=bench --no-obsolete
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules
