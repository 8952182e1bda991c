# Karya: `make run` starts it with its demo data; `make test` runs the whole test suite.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
WORKERS ?= 3

.PHONY: run test lint format lock messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements/base.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements/base.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-test: requirements/test.txt $(VENV)/.installed
	$(BIN)/pip install --quiet --require-hashes -r requirements/test.txt
	touch $@

var/secret_key:
	mkdir -p var
	$(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@
	chmod 600 $@

## run: install, migrate, load the demo (idempotent) and serve on http://$(HOST):$(PORT) with gunicorn
run: $(VENV)/.installed var/secret_key
	@export SECRET_KEY="$${SECRET_KEY:-$$(cat var/secret_key)}"; \
	$(BIN)/karya migrate --noinput && \
	$(BIN)/karya collectstatic --noinput --verbosity 0 && \
	$(BIN)/karya load-demo && \
	echo "Karya: http://$(HOST):$(PORT)/" && \
	exec $(BIN)/gunicorn karya.wsgi --bind $(HOST):$(PORT) --workers $(WORKERS) \
		--access-logfile - --timeout 120

## test: install the test dependencies and run the whole suite (browser tests included)
test: $(VENV)/.installed-test
	$(BIN)/pytest $(PYTEST_ARGS)

## lint: ruff (lint and format), bandit (security scan), the check that migrations are complete
lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit -c pyproject.toml -r karya --quiet
	DEBUG=1 $(BIN)/karya makemigrations --check --dry-run
	DEBUG=1 $(BIN)/karya check-messages

format: $(VENV)/.installed-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## lock: re-pin the dependencies (after changing pyproject.toml)
lock: | $(BIN)/python
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --generate-hashes --python-version 3.11 -o requirements/base.txt
	$(BIN)/uv pip compile pyproject.toml --extra test --generate-hashes --python-version 3.11 -o requirements/test.txt

## messages: collect the translatable strings into karya/locale/*/django.po
messages: $(VENV)/.installed
	cd karya && DEBUG=1 ../$(BIN)/karya makemessages -l id --no-location --ignore=tests \
		--ignore=conftest.py
	DEBUG=1 $(BIN)/karya compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) var
