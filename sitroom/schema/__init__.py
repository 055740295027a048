"""The JSON Schema of the record contract (document.schema.json) and a validator."""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def document_schema() -> dict:
    return json.loads(resources.files(__package__).joinpath("document.schema.json").read_text(encoding="utf-8"))


def validate(document: dict) -> None:
    """Raise jsonschema.ValidationError when `document` (a Document's as_dict()) breaks the contract."""
    import jsonschema
    jsonschema.validate(document, document_schema(), cls=jsonschema.Draft202012Validator)
