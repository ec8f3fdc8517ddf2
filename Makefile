# The README's commands. Every target creates the virtualenv if it is missing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
export DJANGO_SETTINGS_MODULE := nationscup.settings

.PHONY: run test lint format bench venv demo web worker screenshots

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

venv: $(VENV)/.installed

## run: set everything up and serve the site with a demo season, worker and beat.
run: venv
	DEBUG=$${DEBUG-1} $(MANAGE) migrate --noinput
	DEBUG=$${DEBUG-1} $(MANAGE) load_demo --if-empty
	DEBUG=$${DEBUG-1} $(PY) scripts/run_all.py

## test: the whole suite (integration tests run when DATABASE_URL and REDIS_URL point at them).
test: venv
	$(PY) -m pytest $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

## bench: a synthetic season of DRIVERS registrations on PostgreSQL + Redis (a database of its
## own, dropped and rebuilt); writes docs/benchmarks.md. Installs wrk from Debian if missing.
DRIVERS ?= 200000
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/nc_bench
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/13
bench: venv
	command -v wrk >/dev/null || (apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk)
	DATABASE_URL=$${DATABASE_URL:-$(BENCH_DATABASE_URL)} REDIS_URL=$${REDIS_URL:-$(BENCH_REDIS_URL)} \
	  $(MANAGE) bench --drivers $(DRIVERS) $(BENCH_ARGS)

## screenshots: the public pages at 360 px and 1366 px, in Chromium, into docs/screenshots/
## (the browser test of every page type with SCREENSHOTS_DIR set). Installs Debian's emoji
## font if missing, so that flags show in the pictures as they do on phones.
screenshots: venv
	fc-list | grep -qi "color emoji" || (apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-color-emoji)
	SCREENSHOTS_DIR=docs/screenshots $(PY) -m pytest -q -p no:cacheprovider \
	  tests/browser/test_public_pages.py -k every_public_page
