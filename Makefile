# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip

.PHONY: install run test lint check

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e ".[dev]"
	touch $@

install: $(VENV)/.installed
	$(PY) manage.py compilemessages -i .venv -i var -i node_modules

# The portal on the embedded default: SQLite under var/, tasks run in-process, demo data, port 8000.
run: install
	mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver 127.0.0.1:8000

# Every check and test; uses PostgreSQL and Redis when they answer on localhost (see scripts/test.sh).
test: install
	bash scripts/test.sh
