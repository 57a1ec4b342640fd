# The two commands of the README: `make run` and `make test`.  Each creates .venv and installs what it
# needs.  On Debian/Ubuntu as root the Qt system libraries are installed with apt-get; elsewhere the
# list is printed.  The CJK font is bundled in resources/fonts/, so no font package is needed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Qt 6 (xcb/offscreen platform plugins, EGL/GL) and the PDF checks used by the tests
APT_PACKAGES := libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libglib2.0-0 libdbus-1-3 \
	libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-randr0 \
	libxcb-shape0 libxcb-xkb1 poppler-utils qpdf

.PHONY: run test quick-test lint typecheck pytest dist bench system-deps clean

run: $(STAMP)
	$(BIN)/qingdan

test: $(STAMP)
	$(BIN)/ruff check desktop tests bench tools
	$(BIN)/mypy
	$(BIN)/lint-imports
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest

# The same checks without the slow tests (`-m "not slow"`): for a quick look while working.
quick-test: $(STAMP)
	$(BIN)/ruff check desktop tests bench tools
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest -m "not slow"

# LibreOffice is the reference office converter of the PDF figures; without it that comparison is skipped.
bench: $(STAMP)
	@if ! command -v soffice >/dev/null 2>&1 && [ -f /etc/debian_version ] && [ "$$(id -u)" = 0 ]; then \
		echo "apt-get install: libreoffice-writer-nogui"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
			libreoffice-writer-nogui >/dev/null || echo "LibreOffice not installed: that comparison will be skipped"; \
	fi
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/run.py

dist: $(STAMP)
	$(BIN)/pyinstaller --noconfirm --clean build.spec
	QT_QPA_PLATFORM=offscreen dist/qingdan/qingdan --data-dir "$$(mktemp -d)" --startup-check
	QT_QPA_PLATFORM=offscreen dist/qingdan/qingdanw --data-dir "$$(mktemp -d)" --startup-check
	dist/qingdan/qingdan validate
	d="$$(mktemp -d)"; dist/qingdan/qingdan --data-dir "$$d" pdf resources/examples/case-kaiban.json -o "$$d/all.pdf" --kind all \
		&& dist/qingdan/qingdan --data-dir "$$d" classify --industry 零售业 --employees 3 --revenue 50 --assets 10 \
		&& dist/qingdan/qingdan check-id 11010519491231002X && echo "dist: PDF, classify and check-id work"

$(STAMP): pyproject.toml
	@$(MAKE) --no-print-directory system-deps
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

system-deps:
	@if [ -f /etc/debian_version ] && [ "$$(id -u)" = 0 ]; then \
		missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
		if [ -n "$$missing" ]; then echo "apt-get install:$$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; fi; \
	elif [ -f /etc/debian_version ]; then \
		echo "Qt needs these system packages (run as root): apt-get install $(APT_PACKAGES)"; \
	else \
		echo "Qt 6 needs OpenGL/EGL, xkbcommon, fontconfig and the xcb libraries from your system;"; \
		echo "the PDF checks in the tests use poppler-utils (pdffonts) and qpdf if present."; \
	fi

clean:
	rm -rf $(VENV) build dist .mypy_cache .ruff_cache .pytest_cache
