import pandas as pd
import pytest

from regionkit.schemas import REPAIRS, SEGMENT_THEMES, TABLES, SchemaError, enforce_schema


def _themes(rows):
    return pd.DataFrame(rows, columns=SEGMENT_THEMES.column_names)


def test_every_table_has_a_key_made_of_its_own_columns():
    for schema in TABLES.values():
        assert schema.key
        assert set(schema.key) <= set(schema.column_names)


def test_enforce_schema_sorts_by_key_and_casts_types():
    df = _themes([["d:0002", "d", "pandemi", 1, "corona"], ["d:0001", "d", "forskning", 2.5, "x"]])
    out = enforce_schema(df, SEGMENT_THEMES)
    assert out["segment_id"].tolist() == ["d:0001", "d:0002"]
    assert str(out["score"].dtype) == "float64"
    assert str(out["theme"].dtype) == "string"


def test_enforce_schema_rejects_a_duplicate_key():
    df = _themes([["d:0001", "d", "pandemi", 1.0, ""], ["d:0001", "d", "pandemi", 2.0, ""]])
    with pytest.raises(SchemaError, match="not unique"):
        enforce_schema(df, SEGMENT_THEMES)


def test_enforce_schema_names_missing_and_extra_columns():
    df = _themes([]).drop(columns=["evidence"]).assign(colour="red")
    with pytest.raises(SchemaError, match=r"missing columns \['evidence'\].*\['colour'\]"):
        enforce_schema(df, SEGMENT_THEMES)


def test_enforce_schema_rejects_a_null_key():
    df = pd.DataFrame([[None, 1, 2, "ocr", "a", "ä"]], columns=REPAIRS.column_names)
    with pytest.raises(SchemaError, match="null"):
        enforce_schema(df, REPAIRS)


def test_empty_tables_have_their_columns():
    for schema in TABLES.values():
        assert schema.empty().columns.tolist() == schema.column_names
