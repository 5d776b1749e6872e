# Entry points. Each target installs what it needs itself and is quick when already set up.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY_STAMP := $(VENV)/.installed
NODE_STAMP := mock/node_modules/.installed
# The spec and release tooling runs from the checkout (it is not part of the package).
VBC_SPEC := PYTHONPATH=tools $(BIN)/python -m vbc_spec
PORT ?= 4010
SANDBOX_PORT ?= 4011
DOCS_OUT ?= docs/_build/html
DOCS_PORT ?= 8000

.PHONY: help demo test lint docs docs-serve browser generate spec vendor-update release-notes \
	release-snapshot dist mock sandbox bench lock clean

help:
	@echo "make demo      narrated CLI session against the local sandbox"
	@echo "make test      lint, type-check and the whole test suite (the docs build included)"
	@echo "make docs      build the docs site into $(DOCS_OUT) (warnings are errors)"
	@echo "make docs-serve  build it and serve it on http://127.0.0.1:$(DOCS_PORT)"
	@echo "make generate  rebuild generated/ from openapi.yaml"
	@echo "make spec      rebuild openapi.yaml and docs/deviations.md from spec/, then generated/"
	@echo "make vendor-update VENDOR=path/to/telephony.yml [ARGS=--accept]"
	@echo "               report what a new vendor file changes (ARGS=--accept takes it in)"
	@echo "make release-notes  the version bump since the last release; writes CHANGELOG.md"
	@echo "               (ARGS=--check: write nothing, exit 1 if pyproject's version is too low)"
	@echo "make release-snapshot  record HEAD as the release of pyproject's version (releases/)"
	@echo "make dist      build the sdist and the wheel, check them, smoke-test the wheel"
	@echo "make mock      serve openapi.yaml with Prism on 127.0.0.1:$(PORT)"
	@echo "make sandbox   serve the stateful sandbox of the API on 127.0.0.1:$(SANDBOX_PORT)"
	@echo "make bench     benchmark the client, and the sandbox against Prism"

$(PY_STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

$(NODE_STAMP): mock/package.json mock/package-lock.json
	cd mock && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The browser the tests drive with Playwright: Debian's chromium (Playwright's own download
# cannot be fetched here). Installed with apt-get when missing and we are root; otherwise
# the command to run is named, and make test stops.
browser:
	@command -v chromium >/dev/null 2>&1 || test -x "$${VBC_CHROMIUM:-/nonexistent}" || \
	if [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "make test needs chromium for its browser tests: sudo apt-get install -y chromium" \
			"(or set VBC_CHROMIUM to a chromium binary)" >&2; \
		exit 1; \
	fi

demo: $(PY_STAMP)
	$(BIN)/python tools/demo.py

lint: $(PY_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Bytecode is cached even where PYTHONDONTWRITEBYTECODE is set: the suite starts hundreds
# of Python processes (xdist workers, the CLI, schemathesis), and each would compile the
# package and rewrite the tests' asserts again (2.6 s instead of 6 s to collect, per worker).
test: $(PY_STAMP) $(NODE_STAMP) browser lint
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest

# The site, from scratch (-E: the reference is read from the code, which Sphinx does not
# track), with warnings as errors and every cross-reference resolved (-n).
docs: $(PY_STAMP)
	$(BIN)/python -m sphinx -E -W --keep-going -n -q -b html docs $(DOCS_OUT)

docs-serve: docs
	@echo "serving $(DOCS_OUT) on http://127.0.0.1:$(DOCS_PORT) (Ctrl-C stops it)"
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory $(DOCS_OUT) $(DOCS_PORT)

generate: $(PY_STAMP)
	$(BIN)/python tools/generate.py

# openapi.yaml and docs/deviations.md are built from the vendor's file and our overlay.
spec: $(PY_STAMP)
	$(VBC_SPEC) build
	$(BIN)/python tools/generate.py

vendor-update: $(PY_STAMP)
	@test -n "$(VENDOR)" || { echo "usage: make vendor-update VENDOR=path/to/telephony.yml [ARGS=--accept]" >&2; exit 2; }
	$(VBC_SPEC) update "$(VENDOR)" $(ARGS)

# The version bump since the last release (releases/), and its CHANGELOG.md entry.
release-notes: $(PY_STAMP)
	$(VBC_SPEC) release-notes $(ARGS)

# When releasing: record HEAD as the release of pyproject.toml's version.
release-snapshot: $(PY_STAMP)
	$(VBC_SPEC) release-snapshot --commit "$$(git rev-parse HEAD)"

# The sdist and the wheel, built from the checkout with the pinned setuptools (no download),
# checked by twine, and the wheel installed into a new venv and used there.
dist: $(PY_STAMP)
	rm -rf dist
	$(BIN)/python -m build --no-isolation --outdir dist .
	$(BIN)/twine check --strict dist/*
	$(BIN)/python tools/wheel_smoke.py dist/*.whl

mock: $(PY_STAMP) $(NODE_STAMP)
	$(BIN)/vbc mock --port $(PORT)

sandbox: $(PY_STAMP)
	$(BIN)/vbc sandbox --port $(SANDBOX_PORT)

bench: $(PY_STAMP) $(NODE_STAMP)
	$(BIN)/python bench/run.py

# Re-pin every Python dependency from what the venv holds now.
lock: $(PY_STAMP)
	{ sed -n '1,2p' requirements.lock; $(BIN)/python -m pip freeze --all --exclude-editable | grep -v '^pip=='; } > requirements.lock.new
	mv requirements.lock.new requirements.lock

clean:
	rm -rf $(VENV) mock/node_modules .pytest_cache .mypy_cache .ruff_cache .hypothesis dist \
		docs/_build
