# Two commands for a fresh machine: `make run` and `make test` (see README).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
CORPUS ?= ../shared/corpus/datasets.jsonl
export CATALOGUE_DATA_DIR ?= ./var

.PHONY: install run serve test import bench relevance clean services services-stop

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/.installed

## Install, load the sample corpus (published), and serve on http://127.0.0.1:8000
run: install import serve

import: install
	@if [ -f "$(CORPUS)" ]; then $(BIN)/catalogue import --publish "$(CORPUS)"; \
	else echo "sample corpus $(CORPUS) not found: serving an empty catalogue"; fi

serve: install
	$(BIN)/catalogue serve

## The whole test suite: embedded engines, and the real ones started by scripts/services.sh
test: install
	PYTHON=$(BIN)/python bash scripts/test.sh $(PYTEST_ARGS)

## Start / stop the real engines (Elasticsearch, MinIO, PostgreSQL) on 127.0.0.1
services:
	bash scripts/services.sh start
services-stop:
	bash scripts/services.sh stop

relevance: install
	$(BIN)/python -m search.relevance --corpus ../shared/corpus/datasets.jsonl --queries ../shared/corpus/queries-dev.jsonl

bench: install
	$(BIN)/python benchmarks/bench_search.py

clean:
	rm -rf $(VENV) var .pytest_cache
