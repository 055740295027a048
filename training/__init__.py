"""Training data and harness for sitroom's learned reader (not part of the installed package).

    training/corpus.py    the texts of ../shared/corpus and ../shared/gold/dev, by doc_id
    training/silver.py    the stand-off silver corpus: load, verify, rebuild full records
    training/annotate.py  the annotators' tool: show a document's sentences, compile drafts to stand-off
"""
