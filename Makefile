# The two commands: `make demo` renders every example into out/, `make test` runs the whole suite.
# `make test` also type-checks the package (mypy --strict). Each sets up what it needs on a fresh machine: a virtual environment with the package and its
# test extras, and the Graphviz binaries (through apt-get where `dot` is missing).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
READY  := $(VENV)/.installed
OUT    := out
VIEWS  := flow
FORMATS := svg png pdf dot

.PHONY: demo test setup graphviz clean

demo: setup
	@mkdir -p $(OUT)
	@for map in examples/*.yaml; do \
	  name=$$(basename $$map .yaml); \
	  for view in $(VIEWS); do for fmt in $(FORMATS); do \
	    $(BIN)/journeymap render $$map --view $$view -o $(OUT)/$$name.$$view.$$fmt || exit 1; \
	  done; done; \
	  echo "rendered $$map into $(OUT)/$$name.*"; \
	done
	@for script in examples/*.py; do $(BIN)/python $$script $(OUT) || exit 1; done

test: setup
	$(BIN)/mypy
	$(BIN)/python -m pytest

setup: $(READY) graphviz

$(READY): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@

graphviz:
	@if ! command -v dot >/dev/null 2>&1; then \
	  echo "Graphviz's dot is missing: installing the graphviz package with apt-get"; \
	  if command -v apt-get >/dev/null 2>&1; then \
	    SUDO=""; [ "$$(id -u)" = 0 ] || SUDO="sudo"; \
	    $$SUDO apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq graphviz fonts-dejavu-core >/dev/null || { \
	      echo "Could not install Graphviz with apt-get; install it yourself (Debian/Ubuntu: apt-get install graphviz, macOS: brew install graphviz) and run make again." >&2; exit 1; }; \
	  else \
	    echo "Graphviz is not installed and apt-get is not available here; install it yourself (macOS: brew install graphviz; other systems: see Graphviz's download page) and run make again." >&2; exit 1; \
	  fi; \
	  dot -V; \
	fi

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .hypothesis build src/*.egg-info
