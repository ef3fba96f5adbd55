"""The follow-up data files load through regionkit.datafiles and refuse bad entries."""

import copy

import pytest

from regionkit.datafiles import DataFileError, load_package_yaml
from regionkit.followup.cues import (
    LinkingConfig,
    StatusConfig,
    linking_config,
    status_config,
)


def test_packaged_files_load():
    assert linking_config().thresholds["min_score"] > 0
    assert {c.status for c in status_config().cues} == {"done", "in_progress", "postponed",
                                                       "not_done"}


def _linking():
    return copy.deepcopy(dict(load_package_yaml("regionkit.data", "followup_linking.yaml")))


def _status():
    return copy.deepcopy(dict(load_package_yaml("regionkit.data", "followup_status.yaml")))


def test_unknown_key_is_refused():
    data = _linking()
    data["tresholds"] = {}
    with pytest.raises(DataFileError, match="unknown key 'tresholds'"):
        LinkingConfig.from_dict(data)


def test_weights_must_add_up_to_one():
    data = _linking()
    data["weights"] = dict(data["weights"])
    data["weights"]["order"] = {"value": 0.5, "source": "x"}
    with pytest.raises(DataFileError, match="add up to 1"):
        LinkingConfig.from_dict(data)


def test_a_cue_needs_a_source_and_a_known_status_and_a_valid_pattern():
    for change, message in [({"source": ""}, "empty source"),
                            ({"status": "finished"}, "unknown status 'finished'"),
                            ({"pattern": "har (genomförts"}, "not a valid regular expression")]:
        data = _status()
        data["cues"] = [dict(data["cues"][0], **change)]
        with pytest.raises(DataFileError, match=message):
            StatusConfig.from_dict(data)
