# Two commands for a fresh machine:  make run   and   make test   (see README.md).
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PYTHON ?= python3
# `make run PORT=8080` serves on another port (links in mail follow it unless ICV_BASE_URL is set).
PORT ?= 5000
HOST ?= 127.0.0.1
BASE_URL = $${ICV_BASE_URL:-http://$(HOST):$(PORT)}

.PHONY: run test setup assets lint serve-only translations compile-translations

run: setup assets
	$(BIN)/icv db upgrade
	ICV_BASE_URL=$(BASE_URL) $(BIN)/icv demo
	ICV_BASE_URL=$(BASE_URL) $(BIN)/icv serve --host $(HOST) --port $(PORT) --with-scheduler

test: setup assets
	$(BIN)/ruff check .
	# Security faults of medium or high severity fail the run; each one left is explained in
	# place with `# nosec BXXX: why`.
	$(BIN)/bandit --quiet --severity-level medium --recursive icv
	bash scripts/test.sh

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: node_modules/.installed setup compile-translations
	npm run --silent build
	$(BIN)/python -m whitenoise.compress --quiet icv/static

# The Welsh and English catalogues: the .po files are committed, the .mo files are built here
# (and by the app at start when missing or older than their .po).
compile-translations: setup
	$(BIN)/pybabel -q compile --directory translations --domain messages

# After marking text: collect it (messages.pot), add what is new to each language's .po, and
# compile. Translate the new entries in translations/cy/LC_MESSAGES/messages.po, then run again.
translations: setup
	$(BIN)/pybabel -q extract --mapping-file babel.cfg --keywords _l --keywords lazy_gettext --keywords N_ --keywords lazy_pgettext:1c,2 \
		--keywords Problem \
		--no-wrap --sort-by-file --project icv --output-file translations/messages.pot .
	$(BIN)/pybabel -q update --input-file translations/messages.pot \
		--output-dir translations --domain messages --no-wrap --ignore-obsolete
	$(BIN)/pybabel -q compile --directory translations --domain messages

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check icv tests
