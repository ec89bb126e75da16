# Two commands for a fresh machine: `make run` and `make test` (see README).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
CORPUS ?= ../shared/corpus/datasets.jsonl
export CATALOGUE_DATA_DIR ?= ./var

.PHONY: install run serve lint test import bench relevance relevance-ablation clean services services-stop mutation

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

## The tools that keep the architecture true (config in pyproject.toml): style, types, the layers
## api → catalogue → search → schemas, and SQL built only in repositories (scripts/check_sql.py)
lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache
	$(BIN)/python scripts/check_sql.py

## The whole test suite, after `make lint`: embedded engines, and the real ones started by scripts/services.sh
test: install lint
	PYTHON=$(BIN)/python bash scripts/test.sh $(PYTEST_ARGS)

## Mutation testing (mutmut) of the rule modules with their focused tests; slow, not part of `make test`
SCHEMAS_T := tests/schemas/test_hardening_text.py tests/schemas/test_dataset.py tests/schemas/test_mutation_text.py \
	tests/schemas/test_mutation_urls.py tests/schemas/test_mutation_links.py tests/schemas/test_mutation_iso.py
REQUESTS_T := tests/access_requests/test_policies.py tests/access_requests/test_mutation_policies.py \
	tests/access_requests/test_mutation_substance.py tests/access_requests/test_mutation_workflow.py \
	tests/access_requests/test_mutation_effects.py
ENGINE_T := tests/catalogue/test_workflow_engine.py tests/catalogue/test_rules.py \
	tests/catalogue/test_mutation_engine.py tests/catalogue/test_mutation_lifecycle.py
VISIBILITY_T := tests/access_requests/test_pinned_visibility.py tests/catalogue/test_pinned_lifecycle.py \
	tests/access_requests/test_mutation_visibility.py tests/catalogue/test_mutation_dataset_listing.py
mutation: install
	bash scripts/mutation.sh "schemas/text.py schemas/urls.py schemas/links.py schemas/iso.py" "$(SCHEMAS_T)"
	bash scripts/mutation.sh "search/cursors.py search/index_version.py" "tests/search/test_properties.py \
		tests/search/test_hardening_search_index_version.py tests/search/test_mutation_cursors.py \
		tests/search/test_mutation_index_version.py"
	bash scripts/mutation.sh "catalogue/access_requests/policies.py catalogue/access_requests/substance.py \
		catalogue/access_requests/workflow.py" "$(REQUESTS_T)"
	bash scripts/mutation.sh "catalogue/workflow.py catalogue/concurrency.py catalogue/policies.py \
		catalogue/datasets/lifecycle.py" "$(ENGINE_T)"
	MUTATION_FUNCTIONS='x_(visible_to|list_page|in_review_for|visible)__' bash scripts/mutation.sh \
		"catalogue/access_requests/repository.py catalogue/datasets/repository.py" "$(VISIBILITY_T)"
	bash scripts/mutation.sh "catalogue/organisations/roles.py catalogue/accounts/throttle.py \
		catalogue/accounts/passwords.py" "tests/catalogue/test_mutation_roles.py \
		tests/catalogue/test_mutation_throttle.py tests/catalogue/test_mutation_passwords.py"
	MUTATION_FUNCTIONS=x_backoff__ bash scripts/mutation.sh "catalogue/notifications/service.py" \
		"tests/access_requests/test_mutation_notifications.py \
		tests/access_requests/test_hardening_mail.py::test_the_backoff_schedule"
	bash scripts/mutation.sh "catalogue/audit/service.py catalogue/audit/chain.py catalogue/audit/verification.py" \
		"tests/catalogue/test_audit.py tests/catalogue/test_hardening_audit.py tests/catalogue/test_mutation_audit.py"
	bash scripts/mutation.sh "catalogue/spreadsheet/csvsafe.py catalogue/spreadsheet/decoding.py" \
		"tests/spreadsheet/test_hardening_csv.py tests/spreadsheet/test_mutation_csvsafe.py \
		tests/spreadsheet/test_mutation_decoding.py"
	bash scripts/mutation.sh "catalogue/outbox/service.py" \
		"tests/catalogue/test_hardening_outbox.py tests/catalogue/test_mutation_outbox.py"

## Start / stop the real engines (Elasticsearch, MinIO, PostgreSQL) on 127.0.0.1
services:
	bash scripts/services.sh start
services-stop:
	bash scripts/services.sh stop

## nDCG@10, recall@20, MRR on the judged sets side by side, per kind of query and per query: Tantivy, and
## Elasticsearch too when scripts/services.sh runs it. RELEVANCE_ARGS passes more, e.g. "--json after.json
## --compare before.json"; RELEVANCE_SETS names other sets (NAME=PATH ...).
RELEVANCE_SETS ?= dev=../shared/corpus/queries-dev.jsonl heldout=benchmarks/relevance/queries-heldout.jsonl
relevance: install
	@env_file=$$(bash scripts/services.sh env --path 2>/dev/null); \
	if [ -n "$$env_file" ] && [ -f "$$env_file" ]; then . "$$env_file"; fi; \
	$(BIN)/python -m search.relevance --corpus $(CORPUS) $(foreach s,$(RELEVANCE_SETS),--set $(s)) --per-query \
		$(RELEVANCE_ARGS)

relevance-ablation: install
	@env_file=$$(bash scripts/services.sh env --path 2>/dev/null); \
	if [ -n "$$env_file" ] && [ -f "$$env_file" ]; then . "$$env_file"; fi; \
	$(BIN)/python benchmarks/relevance/ablation.py

bench: install
	$(BIN)/python benchmarks/bench.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var .pytest_cache
