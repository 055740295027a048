# Two entry points for a fresh machine (see README): `make demo` and `make test`.
PY ?= python3
PIP = $(PY) -m pip install -q --disable-pip-version-check
DB ?= sample.db

.PHONY: demo test install install-test web gazetteer quality throughput crash-sweep store-writes scale store-scale train crossval clean

install: ## sitroom, its spaCy pipeline package, the gazetteer index and the web assets
	$(PIP) -e .
	$(MAKE) --no-print-directory gazetteer web

gazetteer:
	@if $(PY) -c "import sitroom.resources.gazetteer as g; assert hasattr(g, 'build')" 2>/dev/null; then \
	  $(PY) -m sitroom.resources.gazetteer build; fi

web:
	@if [ -f scripts/build_web.sh ]; then bash scripts/build_web.sh; fi

install-test: install ## plus test tools and Debian's Chromium for the browser tests
	$(PIP) -e '.[test]'
	@command -v chromium >/dev/null 2>&1 || { (apt-get update -qq && apt-get install -y -qq chromium chromium-driver) >/dev/null; }

demo: install ## run the main job on the bundled sample corpus with the embedded store
	sitroom run examples/sample_corpus/briefs.jsonl --db $(DB)

test: install-test
	$(PY) -m pytest -q

quality:
	$(PY) benchmarks/quality.py

throughput:
	$(PY) benchmarks/throughput.py

scale: ## documents/s of a distributed run with 1 and 2 Dask workers, peak RSS per worker (minutes)
	$(PIP) -e '.[dask]'
	$(PY) benchmarks/scale.py

store-scale: ## p95 of each API view over a synthetic store of 1,000,000 events (about 10 minutes)
	$(PY) benchmarks/store_scale.py

train: ## the learned reader's models from the silver corpus (training/silver) -> sitroom/models (minutes)
	$(PIP) -e '.[train]'
	$(PY) -m training.train

crossval: ## document-fold cross-validated scores, learned reader next to the rules, plus dev and GSR; ships the models trained on all the silver and pins the scores (long)
	$(PIP) -e '.[train]'
	$(PY) benchmarks/crossval.py --json --out out/crossval --save-models sitroom/models
	cp out/crossval/scores.json benchmarks/crossval_scores.json

crash-sweep: ## every text of ../shared/corpus and ../shared/gold through the pipeline (minutes)
	$(PY) benchmarks/crash_sweep.py --workers 2 --out crash_sweep.json

store-writes: ## store write time per document from 0 to 100,000 documents (minutes)
	$(PY) benchmarks/store_writes.py

clean:
	rm -rf build dist *.egg-info .pytest_cache artifacts out crash_sweep.json $(DB) $(DB)-wal $(DB)-shm
