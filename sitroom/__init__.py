"""sitroom: news reports about armed conflict -> sourced, structured PLOVER events, quotes, places and dates.

    import sitroom
    doc = sitroom.extract(text, published="2019-06-10", source="Reuters")
    store = sitroom.Store("sitroom.db"); report = store.ingest(["articles/"])
"""
from .pipeline import RawDocument, extract, extract_many
from .records import Document, Entity, Event, Place, Quote, When

__version__ = "0.1.0"


def __getattr__(name):  # lazy: the store pulls in nothing heavy, but keep import of sitroom cheap
    if name == "Store":
        from .store import Store
        return Store
    raise AttributeError(name)


__all__ = ["extract", "extract_many", "RawDocument", "Document", "Entity", "Event", "Place", "Quote", "When",
           "Store"]
