"""Analyses of the processed tables: pure functions, tables in and tables out, never plotting.

One module per job:

* `params`: checking report and notebook parameters against the data (`ParameterError`);
* `select`: choosing the content segments by region, period and theme;
* `stats`: bootstrap intervals and their exact bounds;
* `shares`: theme shares per region, document or year, differences, plan against follow-up;
* `terms`: distinctive terms (keyness);
* `actors`: entity counts, co-mentions, NPO hosts;
* `overview`: the corpus overview and what each region does that the others do not;
* `highlight`: the spans to highlight in a segment.

`regionkit.compare` gathers their public names for the notebooks.
"""
