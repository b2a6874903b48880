# FlexiDesk: the two everyday commands are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: run test bench reliability messages lint screenshots clean bytecode package package-check xcb-check typecheck

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -c constraints.txt -e '.[dev]'
	touch $(STAMP)

# Installed software starts from compiled bytecode; an editable install only gets it if
# Python may write it (PYTHONDONTWRITEBYTECODE stops that), so compile what changed here.
bytecode: $(STAMP)
	$(PY) -m compileall -q flexidesk

# Qt's xcb platform needs these system libraries on Linux; say which package is missing.
xcb-check:
	@sh packaging/linux/check-xcb.sh

run: bytecode xcb-check
	$(PY) -m flexidesk --demo

# A one-folder bundle (dist/FlexiDesk/FlexiDesk) that needs no Python (PyInstaller, see packaging/).
package: $(STAMP)
	$(PY) -m pip install -q -c constraints.txt -e '.[package]'
	$(PY) -m PyInstaller --noconfirm --clean --log-level WARN --distpath dist \
		--workpath build/pyinstaller packaging/flexidesk.spec

# Build the bundle and start it with no Python in sight (run by .ci/run after make test).
package-check: package
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -m bundle tests/packaging

# Type checking runs first and must stay at zero errors (see [tool.mypy] in pyproject.toml).
test: $(STAMP)
	$(PY) -m mypy
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

typecheck: $(STAMP)
	$(PY) -m mypy

bench: bytecode
	QT_QPA_PLATFORM=offscreen $(PY) -m benchmarks

# The crash loop (1,000 SIGKILLs), the two-writer soak (two processes, 300 audited saves each)
# and a restore started during a 20,000-pupil import; each prints its figures. (The suite's
# five-minute limit per test is for hangs; the crash loop takes longer by design.)
reliability: $(STAMP)
	QT_QPA_PLATFORM=offscreen FLEXIDESK_CRASH_CYCLES=1000 FLEXIDESK_SOAK_SAVES=300 $(PY) -m pytest -m slow tests/reliability -s --timeout 3600

# Extract every user-visible string, update the Welsh catalogue, compile; lists what is missing.
messages: $(STAMP)
	$(PY) tools/messages.py

lint: $(STAMP)
	$(VENV)/bin/ruff check .

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m flexidesk --demo --screenshot docs/screenshots

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache
