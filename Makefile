# Virtual Town Hall. `make run` serves the demo; `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1:8000

.PHONY: run install test test-redis loadtest chaos browser lint typecheck format bench lock check-deploy clean screenshots audit

# Development installs requirements-dev.lock: the production lock (requirements.lock, what a
# server installs) and the test and build tools, at the same versions, every file hashed.
$(STAMP): requirements-dev.lock pyproject.toml
	@bash scripts/ensure-venv "$(PYTHON)" "$(VENV)"
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.lock
	@touch $(STAMP)

install: $(STAMP)

# The web server and the task worker (emails, feeds, reminders) together; one Ctrl-C stops both.
# The demo's local feeds are served by the development server itself: allow fetching them.
run: export FETCH_ALLOWED_HOSTS ?= $(HOST)
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	@echo "Serving on http://$(HOST)/  (sign in with a demo account above)"
	PYTHON=$(BIN)/python HOST=$(HOST) $(BIN)/honcho start -f Procfile.dev

browser:
	@bash scripts/ensure-chromium
	@bash scripts/ensure-java
	@bash scripts/ensure-fonts
	@bash scripts/ensure-zbar
	@bash scripts/ensure-oidc-provider

test: install browser
	$(BIN)/python manage.py makemigrations --check --dry-run > /dev/null
	$(BIN)/pytest

# The tests marked redis (shared cache, rate limits, the RQ queue) against a real Redis on loopback.
test-redis: install
	bash scripts/with-redis $(BIN)/pytest -m redis

# The production stack on this machine (PostgreSQL, Redis, gunicorn with 1 and N workers, the
# task worker) under a mixed locust load; prints req/s, p50/p95/p99, errors and the speed-up.
loadtest: install
	bash scripts/with-postgres bash scripts/with-redis $(BIN)/python loadtest/run.py

# Faults under load (at most five minutes, loopback only): the loadtest's stack under a steady
# mixed load while a web worker is killed, Redis and PostgreSQL restart and the task worker stops;
# then every acknowledged write and queued email is checked. Prints one `faults:` line.
chaos: install
	bash scripts/with-postgres bash scripts/with-redis $(BIN)/python loadtest/chaos.py

# ruff, then mypy with django-stubs over the apps (settings in pyproject.toml).
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

typecheck: install
	$(BIN)/mypy

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install
	$(BIN)/python bench/markdown.py
	$(BIN)/python bench/run.py
	$(BIN)/python bench/scale.py

# Re-pin every dependency from pyproject.toml (run after editing it).
# Both locks from pyproject.toml, with hashes; versions already pinned are kept unless
# pip-compile is told to upgrade (add --upgrade-package NAME to both lines).
lock: install
	$(BIN)/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe \
	  --no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml
	$(BIN)/pip-compile --quiet --generate-hashes --extra dev --strip-extras --allow-unsafe \
	  --no-emit-index-url --no-emit-find-links -o requirements-dev.lock pyproject.toml

check-deploy: install
	DJANGO_DEBUG=0 DJANGO_SECRET_KEY=$$(openssl rand -hex 40) DJANGO_ALLOWED_HOSTS=townhall.example \
	  PUBLIC_BASE_URL=https://townhall.example \
	  $(BIN)/python manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) staticfiles

# Full-page screenshots of every public page kind, 1280 and 390 px wide, of a fresh demo.
SCREENSHOT_DIR ?= screenshots
DEMO_PORT ?= 8765
screenshots: install browser
	@set -m; bash scripts/demo-server $(DEMO_PORT) & server=$$!; \
	  trap "kill -- -$$server 2>/dev/null" EXIT; \
	  for i in $$(seq 60); do curl -sf -o /dev/null http://127.0.0.1:$(DEMO_PORT)/ && break; sleep 1; done; \
	  $(BIN)/python scripts/screenshots.py http://127.0.0.1:$(DEMO_PORT) $(SCREENSHOT_DIR)

# Lighthouse (npm, driving Debian's Chromium) on a fresh demo: not part of `make test`.
audit: install browser
	npm install --no-audit --no-fund --loglevel=error
	@set -m; bash scripts/demo-server $(DEMO_PORT) & server=$$!; \
	  trap "kill -- -$$server 2>/dev/null" EXIT; \
	  for i in $$(seq 60); do curl -sf -o /dev/null http://127.0.0.1:$(DEMO_PORT)/ && break; sleep 1; done; \
	  $(BIN)/python scripts/audit.py http://127.0.0.1:$(DEMO_PORT)
