# Accord — the two commands of the quick start are `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DEV_STAMP := $(VENV)/.installed-dev-stamp
OIDC_PROVIDER := tests/oidc_provider/node_modules/.installed-stamp
export ACCORD_DATABASE_URL ?= sqlite:///$(CURDIR)/var/accord.db
# Python keeps the bytecode it compiles (its default), even where the machine's environment says not to: with
# PYTHONDONTWRITEBYTECODE=1 each test worker rewrote the asserts of 485 modules at each run (collecting took 10 s, 4 s
# with them kept) and each server or command a test starts compiled Accord's 338 modules again (0.4 s each).
unexport PYTHONDONTWRITEBYTECODE
# `make run PORT=8080`: the server's port, and the one mail links name unless ACCORD_PUBLIC_URL is set.
PORT ?= $(or $(ACCORD_PORT),8000)

.PHONY: run test test-postgresql bench lint i18n setup lock clean editor

setup: $(DEV_STAMP)

# Every machine installs the same stack: the versions and hashes of the locks (`make lock` renews them from
# pyproject.toml's ranges), then Accord itself without resolving anything more. `make run` installs what running
# needs (requirements.lock); `make test`, `make lint` and `make bench` add the test and development tools
# (requirements-dev.lock: the same versions, and the tools). Sizes and times: README, "Quick start".
# Each step says what it does; pip shows each package it takes, with a progress bar only on a terminal (a CI log
# gets one line per package, not a bar redrawn a thousand times).
$(STAMP): pyproject.toml requirements.lock
	@echo "Creating the virtual environment in $(VENV)…"
	$(PYTHON) -m venv $(VENV)
	@echo "Installing what Accord needs to run…"
	@if [ -t 1 ]; then bar=on; else bar=off; fi; \
	  $(BIN)/python -m pip install --progress-bar $$bar --disable-pip-version-check --require-hashes -r requirements.lock
	@echo "Installing Accord itself…"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

$(DEV_STAMP): $(STAMP) requirements-dev.lock
	@echo "Installing the test and development tools (about 2 minutes on first run)…"
	@if [ -t 1 ]; then bar=on; else bar=off; fi; \
	  $(BIN)/python -m pip install --progress-bar $$bar --disable-pip-version-check --require-hashes -r requirements-dev.lock
	touch $(DEV_STAMP)

# The development lock first (everything), then the runtime lock constrained to its versions: one stack in both.
lock: $(DEV_STAMP)
	$(BIN)/pip-compile --quiet --generate-hashes --extra test --extra dev --allow-unsafe --strip-extras \
	  -o requirements-dev.lock pyproject.toml
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras -c requirements-dev.lock \
	  -o requirements.lock pyproject.toml

run: $(STAMP)
	@echo "Migrating the database…"
	$(BIN)/accord db upgrade
	@echo "Loading the demo processes (first run only)…"
	$(BIN)/accord demo
	@echo "Starting Accord on http://127.0.0.1:$(PORT)…"
	ACCORD_PORT=$(PORT) $(BIN)/accord serve --host 127.0.0.1 --port $(PORT)

# One test process per core and one more (at most four; `make test WORKERS=2` to choose). With one per core the cores
# stand idle a tenth of the run, while tests wait on a server they started, Chromium, a lock or a clock; a third worker
# fills them. 2 cores, 5,086 tests, every ACCORD_REQUIRE_* set, the machine quiet, 2026-11-30: in a clean clone two
# workers 1,045 s and 979 s (/proc/stat: 10 % idle), three 943 s, 947 s and 950 s (1.2 % idle); later, on a new
# machine, two 1,070 s, three 1,024 s. With three, CI once saw a stream of tests/web/live/test_live_crowd.py miss its
# thread: the test took a wave's requests as noted by the server once one was answered, which a starved server does not
# promise; it now waits for the server's count of them (accord_event_streams_asked_total).
# A worker that runs out of tests takes some of the other's (`--dist worksteal`: the suite's tests last from a
# millisecond to half a minute, and a long one dealt last made the other worker wait).
# The 25 slowest tests are printed at the end: where the time goes is seen at each run. Hypothesis
# properties try a quarter of their examples; `ACCORD_EXAMPLES=all make test` tries them all (tests/examples.py).
# Every test runs on SQLite, and on PostgreSQL too where the store's own code differs by backend (the store, its
# migrations, search, backups, the job queue …); the PostgreSQL twin of every other (a race of threads or servers, a
# page, a rendering, a refusal decided above the store) runs in `make test-postgresql`, which CI runs after this
# (tests/backends.py says which is which). ACCORD_BACKENDS=all runs both in one go.
WORKERS ?= $(shell n=$$(nproc 2>/dev/null || echo 1); echo $$(( n + 1 < 4 ? n + 1 : 4 )))
test: $(DEV_STAMP) $(OIDC_PROVIDER)
	$(BIN)/python -m pytest -q -n $(WORKERS) --dist worksteal --durations=25

test-postgresql: $(DEV_STAMP) $(OIDC_PROVIDER)
	ACCORD_BACKENDS=postgresql-rest $(BIN)/python -m pytest -q -n $(WORKERS) --dist worksteal --durations=10

# The OpenID provider the sign-in tests run (panva's oidc-provider, tests/oidc_provider): its package-lock.json's
# versions, installed by npm ci (two seconds, 40 packages). Without npm, the tests that need it are skipped (and
# fail under ACCORD_REQUIRE_OIDC_PROVIDER=1, as in CI).
$(OIDC_PROVIDER): tests/oidc_provider/package.json tests/oidc_provider/package-lock.json
	@if command -v npm >/dev/null; then \
	  echo "Installing the OpenID provider of the tests (npm ci in tests/oidc_provider)…"; \
	  cd tests/oidc_provider && npm ci --no-audit --no-fund --loglevel=error && touch node_modules/.installed-stamp; \
	else \
	  echo "npm is not installed: the OpenID sign-in tests are skipped (they fail under ACCORD_REQUIRE_OIDC_PROVIDER=1)"; \
	fi

bench: $(DEV_STAMP)
	$(BIN)/python -m pytest -q -s -o addopts="" tests/bench

lint: $(DEV_STAMP)
	$(BIN)/ruff format --check workspace tests tools
	$(BIN)/ruff check workspace tests tools
	$(BIN)/mypy
	$(BIN)/python -m tools.catalog_check
	$(BIN)/python -m tools.code_figures

i18n: $(DEV_STAMP)
	$(BIN)/pybabel -q extract -F locales/babel.cfg -k N_ -k NN_:1,2 -k C_:1c,2 -k _ -k gettext -k ngettext:1,2 \
	  --no-location --no-wrap --sort-output --project Accord -o locales/messages.pot .
	for lang in es en fr; do \
	  if [ -f locales/$$lang/LC_MESSAGES/messages.po ]; then \
	    $(BIN)/pybabel -q update --no-wrap --no-fuzzy-matching --ignore-obsolete -i locales/messages.pot -d locales -l $$lang; \
	  else \
	    $(BIN)/pybabel -q init -i locales/messages.pot -d locales -l $$lang; \
	  fi; \
	done
	$(BIN)/pybabel compile --statistics -d locales

# The rich editor of a draft paragraph (editor/, ProseMirror and markdown-it from npm) rebuilt into
# workspace/web/static/editor/, where it is committed: run, test and CI need no npm. Needs node and npm.
editor:
	cd editor && npm ci --no-audit --no-fund && npm run --silent build && npm test --silent

clean:
	rm -rf $(VENV) var .pytest_cache tests/oidc_provider/node_modules
