"""data/variants.json, which lesson 07's tables read, still describes the lessons' networks.

tools/variants.py takes the networks from helpers/lessons.py, the lessons' `#@save` code. If
a lesson's network changes, the recorded runs no longer describe it: this test then fails and
says to run `make variants` again.
"""

import json

import keras
import pytest

from helpers.paths import DATA_DIR
from tools.variants import GROUPS, builder, fingerprint

RECORD = json.loads((DATA_DIR / "variants.json").read_text())


def test_the_record_has_every_variant_of_the_script_with_all_seeds() -> None:
    assert set(RECORD["groups"]) == set(GROUPS)
    for group, (variants, epochs) in GROUPS.items():
        recorded = RECORD["groups"][group]
        assert recorded["epochs"] == epochs and set(recorded["variants"]) == set(variants)
        for row in recorded["variants"].values():
            assert [run["seed"] for run in row["runs"]] == RECORD["seeds"]
            assert all(len(run["val_accuracy"]) == epochs for run in row["runs"])


@pytest.mark.parametrize(
    ("group", "name"),
    [(group, name) for group, (variants, _) in GROUPS.items() for name in variants],
)
def test_each_recorded_network_is_the_lessons_network_today(group: str, name: str) -> None:
    _, build, arguments, learning_rate, batch_size = GROUPS[group][0][name]
    row = RECORD["groups"][group]["variants"][name]
    assert (row["builder"], row["arguments"], row["learning_rate"], row["batch_size"]) == (
        build, arguments, learning_rate, batch_size), "the script changed: run `make variants`"
    model = builder(build, RECORD["seeds"][0])(**arguments)
    assert fingerprint(model) == row["fingerprint"], (
        f"{build} in the lessons is no longer the network of the recorded runs: "
        "run `make variants` and commit data/variants.json"
    )
    parameters = model.count_params()
    assert parameters == row["parameters"], (
        f"{build} in the lessons now has {parameters:,} parameters, the recorded runs "
        f"{row['parameters']:,}: run `make variants` and commit data/variants.json"
    )


def test_the_fingerprint_sees_a_change_the_parameter_count_does_not() -> None:
    model = builder("build_model", 42)()
    zoomed = keras.Sequential([keras.Input(shape=(28, 28, 1)),
                               keras.layers.RandomZoom(0.1, name="zoom"), *model.layers])
    assert zoomed.count_params() == model.count_params()
    assert fingerprint(zoomed) != fingerprint(model)
    assert fingerprint(builder("build_model", 42)()) == fingerprint(model)  # and is repeatable
