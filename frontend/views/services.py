"""/services/ and /services/<slug>/."""

from .sections import section_blueprint

bp = section_blueprint("services")
