# Two commands for a fresh machine:
#   make run    create .venv, install, start the app on http://localhost:8501
#   make test   the same set-up plus test dependencies and Ray (optional at run time), then the whole suite
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501

.PHONY: run test install dev ray bench screenshots clean

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

# Ray: only for training on a cluster (ray_address); `make run` and the local executor never need it.
$(VENV)/.ray-installed: requirements-ray.txt $(VENV)/.installed
	$(PY) -m pip install --quiet -r requirements-ray.txt
	touch $@

install: $(VENV)/.installed

dev: $(VENV)/.dev-installed

ray: $(VENV)/.ray-installed

run: install
	$(PY) -m streamlit run app.py --server.port $(PORT)

test: dev ray
	$(PY) -m pytest -n 2 --dist loadfile  # CI has 2 cores; one file stays on one worker (browser fixtures)

bench: dev
	$(PY) bench/analysis.py

clean:
	rm -rf $(VENV) .pytest_cache
