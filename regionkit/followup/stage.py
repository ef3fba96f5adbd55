"""The corpus-level stage of `regionkit build`: tables in, the same tables plus two out.

Runs once, after every document is segmented and tagged, on the assembled tables; it reads
`documents`, `segments` and `entity_mentions` and returns them unchanged with `activity_links`
and `activity_status` filled in (schemas in `regionkit.schemas`).
"""

from __future__ import annotations

from dataclasses import replace

from regionkit.followup.link import link_activities
from regionkit.followup.status import activity_statuses
from regionkit.schemas import TABLES, enforce_schema
from regionkit.tables import Tables


def add_followup_tables(tables: Tables) -> Tables:
    """Return `tables` with `activity_links` and `activity_status` computed from the corpus.

    Raises:
        regionkit.datafiles.DataFileError: a follow-up data file cannot be used (the message
            names the file and line); the build stops rather than write tables without them.
    """
    links = link_activities(tables.documents, tables.segments, tables.entity_mentions)
    status = activity_statuses(tables.documents, tables.segments)
    return replace(tables,
                   activity_links=enforce_schema(links, TABLES["activity_links"]),
                   activity_status=enforce_schema(status, TABLES["activity_status"]))
