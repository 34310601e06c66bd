# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
FIXTURES := performance improvement options commentary
# spcpages: three measures rebased at the new operating model (needs performance and improvement)
FIXTURES += spc_rebases

.PHONY: run test test-browser browser-if-chromium test-postgres lint format migrations-check setup fixtures clean bench browser

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

setup: $(STAMP)

## run: install, migrate, load the report's content, create demo users, serve on SQLite
run: $(STAMP)
	$(PY) manage.py migrate --no-input
	$(PY) manage.py loaddata $(FIXTURES)
	$(PY) manage.py seed_demo
	$(PY) manage.py seed_report_pack
	$(PY) manage.py runserver $(HOST):$(PORT)

fixtures: $(STAMP)
	$(PY) manage.py loaddata $(FIXTURES)

CHROMIUM ?= /usr/bin/chromium

## test: lint, migrations check, the fast suite, then the browser tests when Chromium is installed
test: $(STAMP) lint migrations-check
	$(PY) -m pytest
	@$(MAKE) --no-print-directory browser-if-chromium

browser-if-chromium: $(STAMP)
	@if [ -x "$(CHROMIUM)" ]; then $(PY) -m pytest -m browser; \
	else echo "Browser tests SKIPPED: Chromium not found at $(CHROMIUM)." \
	  "Install Debian's chromium (apt-get install chromium) or run .ci/run, which installs it."; fi

test-browser: $(STAMP)
	$(PY) -m pytest -m browser

test-postgres: $(STAMP)
	$(PY) -m pytest -m "not browser"

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: $(STAMP)
	DJANGO_ENV=test $(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache

## bench: the public pages under gunicorn + PostgreSQL + Redis on 25 measures x 20 years (bench/pages.py)
bench: $(STAMP)
	$(PY) bench/pages.py

# imports: benchmark of importing 100,000 monthly values beside django-import-export's defaults
.PHONY: bench-import
## bench-import: import 100,000 values through the admin's import path, beside the defaults (bench/import_values.py)
bench-import: $(STAMP)
	$(PY) bench/import_values.py
