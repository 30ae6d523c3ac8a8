"""/therapists/ and /therapists/<slug>/."""

from .sections import section_blueprint

bp = section_blueprint("therapists")
