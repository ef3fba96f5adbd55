"""Compare: the analyses the notebooks and the README call, under one name.

A façade over `regionkit.analysis` (one module per job: `select`, `stats`, `shares`, `terms`,
`actors`, `overview`, `params`, `highlight`), so that ``from regionkit import compare;
compare.theme_shares(...)`` keeps working. New code may import from the analysis modules.
"""

from regionkit.analysis.actors import (
    ACTOR_LABELS,
    comentions,
    content_mentions,
    entity_counts,
    entity_names,
    hosted_npo,
    hosted_npo_mentions,
    lexicon_names,
    unique_entities,
)
from regionkit.analysis.highlight import (
    segment_spans,
)
from regionkit.analysis.instrument import InstrumentSection, instrument_section
from regionkit.analysis.overview import (
    document_counts,
    documents_overview,
    documents_per_year,
    metadata_warnings,
    region_differences,
    repairs_summary,
    segment_kinds,
)
from regionkit.analysis.params import (
    MEASURES,
    THEME_IDS,
    ParameterError,
    ValidIds,
    valid_ids,
    validate_parameters,
)
from regionkit.analysis.select import (
    DOC_TYPE_GROUPS,
    example_segments,
    expand_years,
    select_segments,
    theme_indicator,
)
from regionkit.analysis.series import (
    add_series,
    line_pairs,
    pooled_documents,
    series_overview,
    trend_lines,
    unit_profile,
    unit_warnings,
)
from regionkit.analysis.shares import (
    MIN_ONLY_HERE,
    distinctive_themes,
    document_shares,
    documents_per_region,
    first_last_change,
    plan_vs_followup,
    share_difference,
    shares_of,
    theme_shares,
    year_shares,
)
from regionkit.analysis.stats import (
    bootstrap_shares,
    exact_bounds_if_degenerate,
    group_seed,
)
from regionkit.analysis.terms import (
    PLACE_LABELS,
    keyness,
    lemma,
    lemmas,
    log_likelihood,
    log_ratio,
    place_name_lemmas,
    term_counts,
)
from regionkit.tagging.types import ENTITY_LABELS

__all__ = [
    "ACTOR_LABELS",
    "MIN_ONLY_HERE",
    "add_series",
    "line_pairs",
    "pooled_documents",
    "series_overview",
    "trend_lines",
    "unit_profile",
    "unit_warnings",
    "year_shares",
    "DOC_TYPE_GROUPS",
    "ENTITY_LABELS",
    "InstrumentSection",
    "MEASURES",
    "PLACE_LABELS",
    "ParameterError",
    "THEME_IDS",
    "ValidIds",
    "bootstrap_shares",
    "comentions",
    "content_mentions",
    "distinctive_themes",
    "document_counts",
    "document_shares",
    "documents_overview",
    "documents_per_region",
    "documents_per_year",
    "entity_counts",
    "entity_names",
    "exact_bounds_if_degenerate",
    "example_segments",
    "expand_years",
    "first_last_change",
    "group_seed",
    "hosted_npo",
    "hosted_npo_mentions",
    "instrument_section",
    "keyness",
    "lemma",
    "lemmas",
    "lexicon_names",
    "log_likelihood",
    "log_ratio",
    "metadata_warnings",
    "place_name_lemmas",
    "plan_vs_followup",
    "region_differences",
    "repairs_summary",
    "segment_kinds",
    "segment_spans",
    "select_segments",
    "share_difference",
    "shares_of",
    "term_counts",
    "theme_indicator",
    "theme_shares",
    "unique_entities",
    "valid_ids",
    "validate_parameters",
]
