"""The corpus-level stage of `regionkit build`: tables in, the same tables plus two out.

Runs once, after every document is segmented and tagged, on the assembled tables; it reads
`documents`, `segments` and `entity_mentions` and returns them unchanged with `activity_links`
and `activity_status` filled in (schemas in `regionkit.schemas`). The activities and their
vocabulary (idf over all activities' texts) are made once and shared by both tables. Each
document is compared only with its neighbours in its series (see `regionkit.followup.link`), so
the stage grows linearly with the number of documents.
"""

from __future__ import annotations

from dataclasses import replace

from regionkit.followup.activities import collect_activities
from regionkit.followup.cues import linking_config
from regionkit.followup.link import link_activities
from regionkit.followup.status import activity_statuses
from regionkit.followup.terms import Vocabulary
from regionkit.schemas import TABLES, enforce_schema
from regionkit.tables import Tables


def add_followup_tables(tables: Tables) -> Tables:
    """Return `tables` with `activity_links` and `activity_status` computed from the corpus.

    Raises:
        regionkit.datafiles.DataFileError: a follow-up data file cannot be used (the message
            names the file and line); the build stops rather than write tables without them.
    """
    cfg = linking_config()
    activities = collect_activities(tables.documents, tables.segments, cfg)
    vocab = Vocabulary(cfg, [a.text for a in activities]) if activities else None
    links = link_activities(tables.documents, tables.segments, tables.entity_mentions, cfg=cfg,
                            activities=activities, vocab=vocab)
    status = activity_statuses(tables.documents, tables.segments, linking=cfg,
                               activities=activities, vocab=vocab)
    return replace(tables,
                   activity_links=enforce_schema(links, TABLES["activity_links"]),
                   activity_status=enforce_schema(status, TABLES["activity_status"]))
