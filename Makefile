# Two commands for a fresh machine: `make run` (the kiosk with demo data) and `make test`.
PY := .venv/bin/python


.PHONY: run test bench server clean-venv

run:
	@sh scripts/bootstrap.sh run
	$(PY) main.py $(ARGS)

test:
	@sh scripts/bootstrap.sh test
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q $(PYTEST_ARGS)

bench:
	@sh scripts/bootstrap.sh test
	QT_QPA_PLATFORM=offscreen $(PY) bench/run.py

server:
	@sh scripts/bootstrap.sh run
	$(PY) main.py server $(ARGS)

clean-venv:
	rm -rf .venv
