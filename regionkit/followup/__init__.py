"""Plan and follow-up: which activities continue from document to document, and what became of them.

A corpus-level stage (`regionkit.followup.stage.add_followup_tables`): after every document is
segmented and tagged, it reads the `documents`, `segments` and `entity_mentions` tables and adds
`activity_links` (an activity of an earlier document and the activity of a later one of the same
healthcare region and body that carries the same commitment) and `activity_status` (what a
follow-up says became of each activity). It never changes the tables it reads. Cues, thresholds
and word lists are data: `regionkit/data/followup_linking.yaml` and `followup_status.yaml`.
"""
