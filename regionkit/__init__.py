"""regionkit: compare how Sweden's healthcare regions set and follow up priorities."""

__version__ = "0.1.0"

