# Two commands for a fresh machine:  make run   and   make test   (see README.md).
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PYTHON ?= python3

.PHONY: run test setup assets lint serve-only

run: setup assets
	$(BIN)/icv db upgrade
	$(BIN)/icv demo
	$(BIN)/icv serve --with-scheduler

test: setup assets
	$(BIN)/ruff check .
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

assets: node_modules/.installed setup
	npm run --silent build
	$(BIN)/python -m whitenoise.compress --quiet icv/static

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check icv tests
