# Jobcenter Online — developer commands. Only Python 3.11 is needed (no Node at run time).
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=

.PHONY: run test test-main test-worker test-fast lint bench loadtest audit install vendor messages chromium clean lighthouse

$(BIN)/python:
	$(PY) -m venv $(VENV)

# The installer is uv (pinned, from PyPI, into the venv itself): on a fresh venv it installs
# the ~150 pinned packages in seconds where pip took over two minutes (docs/development.md,
# "CI and its time"). Same pins, same index (PyPI). If uv cannot be installed or fails (a
# platform without its wheel, an index only pip is configured for), pip installs as before;
# `make install PIP_ONLY=1` uses pip alone.
UV_VERSION := 0.13.9
PIP_ONLY ?=
REQUIREMENTS = -r requirements-dev.txt $(if $(wildcard requirements-test-oracle.txt),-r requirements-test-oracle.txt)

$(VENV)/.installed: $(BIN)/python requirements.txt requirements-dev.txt $(wildcard requirements-test-oracle.txt)
	if [ -z "$(PIP_ONLY)" ] && $(BIN)/python -m pip install -q uv==$(UV_VERSION) \
	    && $(BIN)/uv pip install -q --python $(BIN)/python $(REQUIREMENTS); then :; else \
	  [ -n "$(PIP_ONLY)" ] || echo "uv did not install the requirements: pip installs them"; \
	  $(BIN)/python -m pip install -q --upgrade pip && $(BIN)/python -m pip install -q $(REQUIREMENTS); fi
	touch $@

install: $(VENV)/.installed

## make run: the whole product on embedded defaults (SQLite, demo data, broker-less Celery
## workers: one for the interactive queue with beat, one for the bulk queue)
run: install
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python scripts/run_dev.py

## make test: the whole suite (SQLite by default; PostgreSQL when DATABASE_URL is set):
## test-main, then test-worker. .ci/run runs test-worker alongside lint and test-main after
## it (docs/development.md, "CI and its time").
test: install chromium
	$(MAKE) --no-print-directory test-main
	$(MAKE) --no-print-directory test-worker

# The tests keep Python's bytecode cache even where PYTHONDONTWRITEBYTECODE is set (as on
# the CI host): otherwise every process they start — the xdist workers, each subprocess,
# gunicorn, every Celery worker — compiles the project and its dependencies again, about
# 2.3 s of CPU each (docs/development.md, "What was changed, and why").
PYTEST := env -u PYTHONDONTWRITEBYTECODE $(BIN)/python -m pytest

## make test-main: everything but the tests with real Celery worker processes, on 2 cores
test-main: install chromium
	$(PYTEST) -n 2 --dist loadgroup -m "not celery_worker" $(PYTEST_ARGS)

## make test-worker: the tests with real Celery worker processes, among them the fault suite
## (its own PostgreSQL, Redis, gunicorn and Celery), on their own without parallel workers;
## they mostly wait for those processes (exit code 5 = none selected by PYTEST_ARGS)
test-worker: install
	$(PYTEST) -m celery_worker $(PYTEST_ARGS) || [ $$? -eq 5 ]

## make test-fast: everything except the browser and slow validation tests and the fault
## suite (which starts its own PostgreSQL, Redis, gunicorn and Celery: make test, CI)
test-fast: install
	$(PYTEST) -n 2 -m "not browser and not slow and not faults" $(PYTEST_ARGS)

chromium:
	@bash scripts/ensure_chromium.sh

## make lint: ruff, the import contracts, the type checker (mypy: strict for sgb2 and
## jobcenter.core, a baseline for the rest; config in pyproject.toml), migrations check
lint: install
	$(BIN)/ruff check .
	PYTHONPATH=src $(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/python manage.py makemigrations --check --dry-run

bench: install
	@failed=""; for b in bench/*_bench.py; do echo "== $$b"; $(BIN)/python $$b || failed="$$failed $$b"; done; \
	if [ -n "$$failed" ]; then echo "below target or failed:$$failed"; exit 1; fi

## make loadtest: the fault suite, then LOAD_MULTIPLIER x a large Jobcenter's peak hour for
## LOAD_SECONDS against gunicorn + PostgreSQL + Redis + Celery, all private to the run
## (docs/performance.md "Load and faults"; needs PostgreSQL 15's binaries and redis-server).
LOAD_MULTIPLIER ?= 10
LOAD_SECONDS ?= 180
LOAD_ARGS ?=
loadtest: install
	$(BIN)/python -m pytest -m faults -p no:cacheprovider $(PYTEST_ARGS)
	$(BIN)/python -m loadtest.run --multiplier $(LOAD_MULTIPLIER) --duration $(LOAD_SECONDS) $(LOAD_ARGS)

## make audit: known vulnerabilities in the pinned requirements (pip-audit, pinned in
## requirements-audit.txt, in its own venv). Exit 1: vulnerabilities; exit 2: advisory data
## not reachable, the audit is incomplete (docs/security.md, "Dependency audit").
.venv-audit/.installed: requirements-audit.txt
	$(PY) -m venv .venv-audit
	if [ -x $(BIN)/uv ]; then $(BIN)/uv pip install -q --python .venv-audit/bin/python -r requirements-audit.txt; \
	else .venv-audit/bin/python -m pip install -q -r requirements-audit.txt; fi
	touch $@

audit: .venv-audit/.installed
	$(PY) scripts/audit.py --pip-audit .venv-audit/bin/pip-audit

## make lighthouse: Lighthouse (mobile) on 16 pages of a private demo instance (static files
## as in production), signed in where needed; prints the table for docs/performance.md.
## Needs Node >= 18.16 and /usr/bin/chromium (CHROME_PATH); not part of CI.
lighthouse: install
	cd tools/lighthouse && { [ -d node_modules/lighthouse ] || npm ci --no-audit --no-fund; }
	CHROME_PATH=$${CHROME_PATH:-/usr/bin/chromium} $(BIN)/python tools/lighthouse/run.py

## make vendor: refresh KERN UX, htmx and axe-core from the npm registry (needs Node/npm)
vendor:
	bash scripts/vendor_frontend.sh

## make messages: extract and compile translations (needs GNU gettext)
messages: install
	cd src/jobcenter && ../../$(BIN)/django-admin makemessages -l en --no-obsolete --no-location --ignore=static/vendor/*
	$(BIN)/python scripts/translations.py compile

clean:
	rm -rf var staticfiles .pytest_cache .venv-audit
