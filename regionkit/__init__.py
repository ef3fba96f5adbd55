"""regionkit: compare how Sweden's healthcare regions set and follow up priorities.

In JupyterLab::

    import regionkit as rk
    t = rk.load()                      # the processed tables of data/processed
    rk.find_segments(t, sjukvardsregion="sodra", theme="kompetensforsorjning")
    rk.where_mentioned(t, "akut-vard")
    rk.show_segment(t, segment_id)

The names below are imported when first used, so that ``regionkit`` on the command line starts
without loading pandas or spaCy for a command that does not need them.
"""

from importlib import import_module

__version__ = "0.1.0"

_LAZY = {
    "find_segments": "regionkit.explore",
    "segment_html": "regionkit.explore",
    "show_segment": "regionkit.explore",
    "where_mentioned": "regionkit.explore",
    "Tables": "regionkit.tables",
    "load_build_info": "regionkit.tables",
    "load_tables": "regionkit.tables",
    "load": "regionkit.tables",
}

__all__ = sorted([*_LAZY, "__version__"])


def __getattr__(name: str):
    """Import the public names on first use (PEP 562)."""
    if name not in _LAZY:
        raise AttributeError(f"module 'regionkit' has no attribute {name!r}")
    value = getattr(import_module(_LAZY[name]), "load_tables" if name == "load" else name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
