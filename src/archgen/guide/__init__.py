"""The text guide: Jinja templates that pull in figures, specs and tables kept as data."""

from archgen.guide.errors import GuideError, MissingSpecError
from archgen.guide.render import GuideSources, load_data, render_guide

__all__ = ["GuideError", "GuideSources", "MissingSpecError", "load_data", "render_guide"]
