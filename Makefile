# Quorum: `make run` sets up and starts Quorum; `make test` sets up and runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test lint bench clean-venv browser

$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(INSTALLED)

run: $(INSTALLED)
	$(BIN)/quorum instance init
	$(BIN)/quorum db upgrade
	$(BIN)/quorum demo ensure
	$(BIN)/quorum serve --host $(HOST) --port $(PORT)

# The browser tests drive Debian's Chromium; install it when it is missing (CI runs as root).
CHROMIUM := /usr/bin/chromium
browser:
	@test -x $(CHROMIUM) || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# The single sign-on tests run a real OpenID provider (oidc-provider, npm) with Node 20.
OIDC_PROVIDER := tests/oidc/node_modules/.installed
$(OIDC_PROVIDER): tests/oidc/package.json tests/oidc/package-lock.json
	cd tests/oidc && npm ci --no-audit --no-fund --silent
	touch $(OIDC_PROVIDER)

# The accessibility tests run Deque's axe-core (npm) in Chromium over every page.
AXE := tests/axe/node_modules/.installed
$(AXE): tests/axe/package.json tests/axe/package-lock.json
	cd tests/axe && npm ci --no-audit --no-fund --silent
	touch $(AXE)

test: $(INSTALLED) browser $(OIDC_PROVIDER) $(AXE)
	$(BIN)/python -m pytest

lint: $(INSTALLED)
	$(BIN)/ruff check app solver tests
	$(BIN)/ruff format --check app solver tests
	$(BIN)/mypy app solver

bench: $(INSTALLED)
	$(BIN)/python -m solver bench --time-limit 10 60

clean-venv:
	rm -rf $(VENV)
