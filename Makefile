# Two commands for a newcomer (see README):
#   make serve   set up, build and serve the site on http://127.0.0.1:8000
#   make test    set up (including Chromium) and run every test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: serve test setup setup-test build check bench clean

serve: setup
	$(BIN)/pathway build
	$(BIN)/pathway serve

build: setup
	$(BIN)/pathway build

check: setup
	$(BIN)/pathway check

test: setup-test
	$(BIN)/python -m pytest

bench: setup-test
	$(BIN)/python -m bench

setup: $(VENV)/.installed node_modules/.installed

setup-test: setup $(VENV)/.installed-test
	@scripts/ensure-system-packages

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

clean:
	rm -rf site .pathway
