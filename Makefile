# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
FIXTURES := performance improvement options commentary

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

# --- Council report packs (issue 6, reports app) ------------------------------------------------
.PHONY: report-pack bench-report
## report-pack: create the demo pack (May 2015 to April 2016) and export it in all three formats
report-pack: $(STAMP)
	$(PY) manage.py seed_report_pack --export media/packs

## bench-report: build the whole pack (25 measures, all sections) in PDF, Word and Excel (bench/report_pack.py)
bench-report: $(STAMP)
	$(PY) bench/report_pack.py
