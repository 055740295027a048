"""Stages: each reads a parsed spaCy Doc and the pipeline Context and returns typed records.

Every stage module has `NAME` (a versioned name such as "sitroom.dates.v1"),
`extract(doc, ctx) -> list[record]` and optionally `setup(nlp)`, which adds
spaCy components once when the pipeline is loaded.
"""
