# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip

# `make run PORT=8001` for a second checkout on the same machine.
PORT ?= 8000

.PHONY: install run test lint check

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e ".[dev]"
	touch $@

install: $(VENV)/.installed
	$(PY) manage.py compilemessages -i .venv -i var -i node_modules

# The portal on the embedded default: SQLite under var/, tasks run in-process, demo data, on PORT.
run: install
	mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# Every check and test; honours DATABASE_URL and REDIS_URL, else uses PostgreSQL and Redis when they answer on
# localhost under a database name and Redis DB number of this checkout's own (see scripts/test.sh).
test: install
	bash scripts/test.sh
