# Two commands for a fresh machine: `make run` (the kiosk with demo data) and `make test`.
PY := .venv/bin/python


.PHONY: run test test-dayboundary bench server clean-venv

run:
	@sh scripts/bootstrap.sh run
	$(PY) main.py $(ARGS)

# the suite, then the day-boundary tests with the machine's clock faked at 23:30 and 16:59 UTC
test:
	@sh scripts/bootstrap.sh test
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q $(PYTEST_ARGS)
	PY=$(PY) sh scripts/dayboundary.sh

test-dayboundary:
	@sh scripts/bootstrap.sh test
	PY=$(PY) sh scripts/dayboundary.sh

bench:
	@sh scripts/bootstrap.sh test
	QT_QPA_PLATFORM=offscreen $(PY) bench/run.py

server:
	@sh scripts/bootstrap.sh run
	$(PY) main.py server $(ARGS)

clean-venv:
	rm -rf .venv
