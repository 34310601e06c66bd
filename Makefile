# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# seed_demo prints the admin's address from these.
export HOST PORT
# The report's content; spc_rebases (three measures rebased at the new operating model) needs the
# measures and the timeline, so it comes last.
FIXTURES := performance improvement options commentary spc_rebases

.PHONY: typecheck run test test-browser browser-if-chromium test-postgres lint format migrations-check setup fixtures clean bench browser

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

# plotly.js's basic bundle (scatter and bar), pinned in package-lock.json; core.staticfiles serves it.
NODE_STAMP := node_modules/.package-lock.json

$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm not found: install Node.js (apt-get install npm), then run make again."; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

setup: $(STAMP) $(NODE_STAMP)

## run: install, migrate, load the report's content, create demo users, serve on SQLite with one
## worker beside the server for the jobs (pack exports, imports); Ctrl-C stops both
run: $(STAMP) $(NODE_STAMP)
	$(PY) manage.py migrate --no-input
	$(PY) manage.py loaddata $(FIXTURES)
	$(PY) manage.py seed_demo
	$(PY) manage.py seed_report_pack
	$(PY) tools/run_dev.py $(HOST):$(PORT)

fixtures: $(STAMP)
	$(PY) manage.py loaddata $(FIXTURES)

CHROMIUM ?= /usr/bin/chromium

## test: lint, migrations check, the fast suite, then the browser tests when Chromium is installed
test: $(STAMP) $(NODE_STAMP) lint migrations-check
	$(PY) -m pytest -n 2 --dist loadfile
	@$(MAKE) --no-print-directory browser-if-chromium

browser-if-chromium: $(STAMP) $(NODE_STAMP)
	@if [ -x "$(CHROMIUM)" ]; then $(PY) -m pytest -m browser; \
	else echo "Browser tests SKIPPED: Chromium not found at $(CHROMIUM)." \
	  "Install Debian's chromium (apt-get install chromium) or run .ci/run, which installs it."; fi

test-browser: $(STAMP) $(NODE_STAMP)
	$(PY) -m pytest -m browser

test-postgres: $(STAMP) $(NODE_STAMP)
	$(PY) -m pytest -m "not browser"

## typecheck: mypy with django-stubs over the apps and settings (configured in pyproject.toml)
typecheck: $(STAMP)
	$(VENV)/bin/mypy

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: $(STAMP)
	DJANGO_ENV=test $(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache .ruff_cache

## bench: the public pages under gunicorn + PostgreSQL + Redis on 25 measures x 20 years (bench/pages.py)
bench: $(STAMP) $(NODE_STAMP)
	$(PY) bench/pages.py

.PHONY: bench-import
## bench-import: import 100,000 values through the admin's import path, beside the defaults (bench/import_values.py)
bench-import: $(STAMP)
	$(PY) bench/import_values.py

# --- Production serving and the load run ---------------------------------------------------------
# serve: the production configuration locally: DJANGO_ENV=production, collectstatic (hashed, gzip
# and Brotli), migrate, then gunicorn (deploy/gunicorn.conf.py) on $(HOST):$(PORT) against
# DATABASE_URL (SQLite when unset) and REDIS_URL when set. Plain HTTP on loopback: no HTTPS
# redirect; a throwaway SECRET_KEY unless one is set.
SERVE_ENV = DJANGO_ENV=production \
	SECRET_KEY="$${SECRET_KEY:-$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')}" \
	ALLOWED_HOSTS="$${ALLOWED_HOSTS:-127.0.0.1,localhost}" \
	SECURE_SSL_REDIRECT="$${SECURE_SSL_REDIRECT:-false}" BEHIND_TLS_PROXY="$${BEHIND_TLS_PROXY:-false}" \
	HOST=$(HOST) PORT=$(PORT)

.PHONY: serve bench-load

serve: $(STAMP) $(NODE_STAMP)
	@echo "Serving the production configuration on http://$(HOST):$(PORT)/ (database: $${DATABASE_URL:-SQLite})"
	$(SERVE_ENV) $(PY) manage.py collectstatic --no-input --verbosity 0
	$(SERVE_ENV) $(PY) manage.py migrate --no-input
	$(SERVE_ENV) $(VENV)/bin/gunicorn -c deploy/gunicorn.conf.py

## bench-load: gunicorn + PostgreSQL + Redis, every public page, 60 s at 32 connections, cache on and
## off side by side, worker memory before and after 10,000 requests (bench/load.py)
bench-load: $(STAMP) $(NODE_STAMP)
	$(PY) bench/load.py

# --- Council report packs ------------------------------------------------------------------------
.PHONY: bench-restore
## bench-restore: back up 25 measures x 20 years and restore into a new PostgreSQL database, timed (bench/restore.py)
bench-restore: $(STAMP)
	$(PY) bench/restore.py

.PHONY: report-pack bench-report
## report-pack: create the demo pack (May 2015 to April 2016) and export it in all three formats
report-pack: $(STAMP) $(NODE_STAMP)
	$(PY) manage.py seed_report_pack --export media/packs

## bench-report: build the whole pack (25 measures, all sections) in PDF, Word and Excel (bench/report_pack.py)
bench-report: $(STAMP) $(NODE_STAMP)
	$(PY) bench/report_pack.py

.PHONY: bench-jobs
## bench-jobs: pack exports as jobs through HTTP (click time, files ready) beside the export inside the request,
## and the public pages under load with and without exports running (bench/jobs.py; PostgreSQL, Chromium)
bench-jobs: $(STAMP)
	$(PY) bench/jobs.py
