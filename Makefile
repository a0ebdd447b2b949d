PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SAMPLE ?= data/sample

.PHONY: run test install install-dev ingest chat lint typecheck clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-dev: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'

## make run: install, ingest the bundled sample, open the terminal chat
run: install
	$(BIN)/dtbot ingest $(SAMPLE)
	$(BIN)/dtbot chat

## make test: install with dev extras and run the whole suite
test: install-dev
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

ingest: install
	$(BIN)/dtbot ingest $(SAMPLE)

chat: install
	$(BIN)/dtbot chat

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/mypy

clean:
	rm -rf .dtbot .pytest_cache
