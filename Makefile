# make run   installs what is missing, then serves the example graphs
# make test  installs what is missing, then runs every test suite
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test setup test-setup system-deps python web lint format clean

run: setup
	$(BIN)/manim-nodes watch ./graphs

test: test-setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/pytest -q
	@if [[ -f web/package.json ]]; then cd web && npm test --silent; fi

setup: system-deps python web

test-setup:
	@bash scripts/system-deps.sh --with-browser
	@$(MAKE) --no-print-directory python web

system-deps:
	@bash scripts/system-deps.sh

python: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

web:
	@bash scripts/build-web.sh

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format:
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) web/node_modules manim_nodes/static build dist *.egg-info
