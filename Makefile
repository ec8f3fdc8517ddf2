# The README's commands. Every target creates the virtualenv if it is missing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
export DJANGO_SETTINGS_MODULE := nationscup.settings

.PHONY: run test lint format bench venv venv-dev lock demo web worker screenshots

# requirements.txt (what the site runs on) and requirements-dev.txt (tests, linters, type
# checker) are locks compiled by `make lock` from requirements*.in: every package, direct and
# indirect, pinned with its hashes. A changed lock reinstalls on the next target.
PIP_INSTALL := $(PY) -m pip install --quiet --require-hashes

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PIP_INSTALL) -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed

venv-dev: $(VENV)/.installed-dev

## lock: recompile both locks after editing requirements.in or requirements-dev.in (keeps
## today's pins; LOCK_ARGS="--upgrade-package django" or LOCK_ARGS=--upgrade to move them).
PIP_COMPILE := $(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
  --no-emit-index-url --no-emit-find-links $(LOCK_ARGS)
lock:
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	test -x $(VENV)/bin/pip-compile || $(PY) -m pip install --quiet pip-tools==7.6.2
	$(PIP_COMPILE) --output-file requirements.txt requirements.in
	$(PIP_COMPILE) --output-file requirements-dev.txt requirements-dev.in

## run: set everything up and serve the site with a demo season, worker and beat.
run: venv
	DEBUG=$${DEBUG-1} $(MANAGE) migrate --noinput
	DEBUG=$${DEBUG-1} $(MANAGE) load_demo --if-empty
	DEBUG=$${DEBUG-1} STAFF_TWO_FACTOR=$${STAFF_TWO_FACTOR-0} $(PY) scripts/run_all.py

## test: the whole suite (integration tests run when DATABASE_URL and REDIS_URL point at them).
test: venv-dev
	$(PY) -m pytest $(PYTEST_ARGS)

lint: venv-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: venv-dev
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
screenshots: venv-dev
	fc-list | grep -qi "color emoji" || (apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-color-emoji)
	SCREENSHOTS_DIR=docs/screenshots $(PY) -m pytest -q -p no:cacheprovider \
	  tests/browser/test_public_pages.py -k every_public_page
