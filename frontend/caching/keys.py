"""What a cached page is filed under, and which names its validity depends on.

A page's key is its normalised path plus the canonical values of the query parameters its
view declares; anything else in the query string is ignored, and a malformed declared
parameter is a 400 before the cache is touched. So junk query strings cannot make keys.
"""

from flask import abort, request

ALL = "*"  # the generation every page shares: replaced by "purge everything"


def normalise_path(path: str) -> str:
    path = "/" + "/".join(part for part in path.split("/") if part)
    return path if path == "/" or path.endswith("/") or "." in path.rsplit("/", 1)[-1] else path + "/"


def key_for(path: str, values: dict) -> str:
    """The cache key of a page: its normalised path plus the canonical values its view reads."""
    query = "&".join(f"{name}={value}" for name, value in sorted(values.items()) if value is not None)
    return f"page:{normalise_path(path)}?{query}"


KEY = "key:"  # generations of surrogate keys (shared.surrogate_keys) are named "key:<key>"


def generation_names(path: str, keys=()) -> list[str]:
    """The generations a copy of this path is checked against (besides the store's epoch): its
    path's, the one every page shares, and one per surrogate key the copy carries, so a purge
    of a key drops every copy showing it, whatever its path."""
    return [normalise_path(path), ALL, *key_generation_names(keys)]


def key_generation_names(keys) -> list[str]:
    return [KEY + key for key in sorted(set(keys))]


def read_parameters(params: dict) -> dict:
    """The canonical value of each declared query parameter of this request; 400 if malformed.

    `params` maps a name to a parser that returns its canonical value (None for the default)
    or raises ValueError."""
    values = {}
    for name, parse in params.items():
        try:
            values[name] = parse(request.args.getlist(name))
        except ValueError as error:
            abort(400, description=str(error))
    return values
