"""The strict marker every answer type carries (pydantic reads the config; nothing imports it)."""

STRICT = {"extra": "forbid", "strict": True}


def strict(cls):
    """Mark a TypedDict as closed: no key beyond those listed, no coercion of values."""
    cls.__pydantic_config__ = STRICT
    return cls
