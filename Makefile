# Two commands for a newcomer (see README):
#   make serve   set up, build and serve the site on http://127.0.0.1:8000
#   make test    set up (including Chromium) and run every test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

# The Python side installs exactly requirements/*.txt (versions and hashes, made by `make lock`);
# pyproject.toml keeps the ranges for people who install the package into their own environment.
LOCK_TOOL := uv==0.13.9
LOCK_VENV := .lock-venv
COMPILE = $(LOCK_VENV)/bin/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes $(UPGRADE_FLAG)
UPGRADE_FLAG = $(if $(UPGRADE),--upgrade,)

.PHONY: serve test test-fast test-repeat test-stress setup setup-test build check bench clean lock

serve: setup
	$(BIN)/pathway build --preview
	$(BIN)/pathway serve

# A local preview (site_url is mkdocs.yml's loopback address); to publish, run
# `$(BIN)/pathway build --site-url https://where-you-publish/` (or set site_url in mkdocs.yml).
build: setup
	$(BIN)/pathway build --preview

check: setup
	$(BIN)/pathway check

test: setup-test
	$(BIN)/python -m pytest

# The quick loop while editing: everything but the tests marked slow (site builds, Chromium, Pyodide).
test-fast: setup-test
	$(BIN)/python -m pytest -m "not slow"

# Proof that the browser tests wait on state, not on time: N runs in a row, each from scratch, all must pass.
#   make test-repeat [N=3]   the browser suite N times
#   make test-stress [N=3]   the quick-exit, session-mode, walker-runtime and crawl tests N times, with a
#                            Python busy loop on every core beside them (bounded: MAX_MINUTES for all runs)
N ?= 3
MAX_MINUTES ?= 60
STRESS_TESTS := tests/browser/test_quick_exit.py tests/browser/test_session_mode.py \
	tests/browser/test_walker_runtime.py tests/browser/test_crawl.py

test-repeat: setup-test
	$(BIN)/python scripts/repeat-tests --runs $(N) --max-minutes $(MAX_MINUTES) -- tests/browser -q

test-stress: setup-test
	$(BIN)/python scripts/repeat-tests --runs $(N) --load $$(nproc) --max-minutes $(MAX_MINUTES) -- $(STRESS_TESTS) -q

bench: setup-test
	$(BIN)/python -m bench

setup: $(VENV)/.installed node_modules/.installed

setup-test: setup $(VENV)/.installed-test
	@scripts/ensure-system-packages

$(VENV)/.installed: pyproject.toml requirements/runtime.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements/runtime.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

$(VENV)/.installed-test: requirements/test.txt $(VENV)/.installed
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements/test.txt
	touch $@

# Refresh the lock on purpose: `make lock` adds what pyproject.toml newly asks for and keeps every
# other pin; `make lock UPGRADE=1` moves every package to its newest release within pyproject's ranges.
# Then run `make test` before committing requirements/.
lock:
	test -x $(LOCK_VENV)/bin/uv || { $(PYTHON) -m venv $(LOCK_VENV) && $(LOCK_VENV)/bin/python -m pip install --quiet $(LOCK_TOOL); }
	$(COMPILE) pyproject.toml requirements/build.in -o requirements/runtime.txt
	$(COMPILE) --extra test pyproject.toml requirements/build.in -c requirements/runtime.txt -o requirements/test.txt

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

clean:
	rm -rf site .pathway
