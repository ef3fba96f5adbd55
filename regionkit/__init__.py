"""regionkit: compare how Sweden's healthcare regions set and follow up priorities.

In JupyterLab::

    import regionkit as rk
    t = rk.load()                      # the processed tables of data/processed
    rk.find_segments(t, sjukvardsregion="sodra", theme="kompetensforsorjning")
    rk.where_mentioned(t, "akut-vard")
    rk.show_segment(t, segment_id)
"""

__version__ = "0.1.0"

from regionkit.explore import (  # noqa: E402 - the version must be set before submodules
    find_segments,
    segment_html,
    show_segment,
    where_mentioned,
)
from regionkit.tables import Tables, load_build_info, load_tables  # noqa: E402

load = load_tables

__all__ = [
    "Tables",
    "__version__",
    "find_segments",
    "load",
    "load_build_info",
    "load_tables",
    "segment_html",
    "show_segment",
    "where_mentioned",
]
