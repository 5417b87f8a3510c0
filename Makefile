# Sinergi: `make run` serves the demo, `make test` runs the whole suite on real services.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
UV := $(PYTHON) -m uv
VENV := .venv
PY := $(VENV)/bin/python
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON := $(PYTHON)

.PHONY: help install system-packages run serve test bench lint format migrate messages \
	backup restore drills loadtest

help:
	@echo "make run    - install, migrate, load demo data; web + Celery worker + beat on :8000"
	@echo "make serve  - production: gunicorn + worker + beat (needs DATABASE_URL, REDIS_URL...)"
	@echo "make backup BACKUP=FILE / make restore BACKUP=FILE [FORCE=1] - database + media"
	@echo "make drills - fault drills (database restart, Redis down, worker killed, media full)"
	@echo "make loadtest - locust against the production stack on demo data"
	@echo "make test   - start throwaway PostgreSQL + Redis and run the whole suite"
	@echo "make bench  - benchmarks on PostgreSQL (see bench/README.md)"
	@echo "make lint   - ruff check and format check"

$(VENV)/.installed: pyproject.toml uv.lock package.json package-lock.json
	@$(PYTHON) -m uv --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet "uv>=0.5,<1"
	$(UV) sync --frozen
	@command -v npm >/dev/null || (apt-get update -qq && apt-get install -y -qq nodejs npm)
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

install: $(VENV)/.installed

system-packages:
	@bash .ci/system-packages

migrate: install
	$(PY) manage.py migrate --noinput

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py import_regions
	$(PY) manage.py load_demo
	$(PY) manage.py setup_schedules
	@bash .ci/serve

serve: install
	@bash .ci/serve production

backup: install
	@test -n "$(BACKUP)" || (echo "usage: make backup BACKUP=FILE.tar"; exit 2)
	@bash .ci/backup "$(BACKUP)"

restore: install
	@test -n "$(BACKUP)" || (echo "usage: make restore BACKUP=FILE.tar [FORCE=1]"; exit 2)
	@FORCE="$(FORCE)" bash .ci/restore "$(BACKUP)"

test: install system-packages
	@bash .ci/with-services $(PY) -m pytest $(PYTEST_ARGS)

# Each drill breaks something real (PostgreSQL, Redis, a worker, the media volume) in the
# throwaway services and says what it did and what it saw; run as root (mounts a volume).
drills: install system-packages
	@bash .ci/with-services $(PY) -m pytest -m drill tests/drills -v $(PYTEST_ARGS)

# LOADTEST_USERS (50) for LOADTEST_SECONDS (300) against `make serve` on the demo data.
loadtest: install system-packages
	@bash .ci/with-services bash .ci/loadtest

bench: install system-packages
	@bash .ci/with-services $(PY) bench/run.py $(BENCH_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Refresh the English catalog after adding strings, translate the new entries in
# locale/en/LC_MESSAGES/django.po, then run `make messages` again to compile the .mo
# (both are committed; tests/config/test_i18n.py checks they agree).
messages: install
	@command -v msgfmt >/dev/null || (apt-get update -qq && apt-get install -y -qq gettext)
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=node_modules --ignore=bench --no-obsolete
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules
