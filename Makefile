# The README's commands. Every target creates the virtualenv if it is missing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
export DJANGO_SETTINGS_MODULE := nationscup.settings

.PHONY: run test lint format bench venv demo web worker

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

bench: venv
	@echo "The benchmark arrives with the scale issue; nothing to measure yet."
