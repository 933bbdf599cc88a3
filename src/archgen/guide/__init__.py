"""The text guide: Jinja templates that pull in figures, specs and tables kept as data."""

from archgen.guide.errors import GuideError
from archgen.guide.render import GuideSources, load_data, render_guide

__all__ = ["GuideError", "GuideSources", "load_data", "render_guide"]
