"""Train the model variants that lesson 07 compares, and record them in data/variants.json.

    python tools/variants.py [--seeds 42 43 44]      # make variants (about 25 minutes, 2 cores)

Lesson 07's two comparison tables (what lesson 04's additions buy; what exercise 3's ideas
buy) are read from that file, so every number in them comes from this script, not from a
hand-typed table. The networks are the lessons' own: `build_basic_cnn` (lesson 03),
`build_model` (lesson 04) and `build_better_model` (lesson 07, exercise 3) are taken from the
notebooks' code cells, so they cannot drift from what the lessons teach. Every variant is
judged on the validation split (the last 5,000 training images); the test set is not touched.
"""

import argparse
import ast
import hashlib
import json
import statistics
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import keras
import nbformat
import tensorflow as tf
import tensorflow_datasets as tfds

from helpers.mnist import pipeline, prepare_mnist
from helpers.paths import DATA_DIR, REPO_ROOT
from helpers.precision import fastest_policy
from helpers.receipt import versions

OUT = DATA_DIR / "variants.json"
LESSONS = {"build_basic_cnn": "03_building_the_cnn.ipynb", "build_model": "04_training.ipynb",
           "build_better_model": "07_exercises.ipynb"}

#: name -> (description, builder, builder arguments, learning rate, batch size)
ABLATION = {
    "basic_constant": ("lesson 03's network, Adam at a constant 0.001", "build_basic_cnn", {},
                       "constant", 256),
    "basic": ("lesson 03's network, lesson 04's cosine schedule", "build_basic_cnn", {},
              "cosine", 256),
    "basic_4_filters": ("the same, 4 filters in conv1", "build_basic_cnn", {"filters_1": 4},
                        "cosine", 256),
    "basic_no_dropout": ("the same, no dropout", "build_basic_cnn", {"dropout": 0.0},
                         "cosine", 256),
    "lesson04": ("lesson 04's model (+ augmentation, batch normalisation)", "build_model", {},
                 "cosine", 256),
}
EXERCISE_3 = {
    "lesson04": ("lesson 04's model, unchanged", "build_model", {}, "cosine", 256),
    "wide": ("twice the filters (32 and 64)", "build_model", {"filters_1": 32, "filters_2": 64},
             "cosine", 256),
    "batch_128": ("lesson 04's model, batches of 128", "build_model", {}, "cosine", 128),
    "solution": ("a third block of two 3 × 3 convolutions (the solution)", "build_better_model",
                 {}, "cosine", 256),
}
GROUPS = {"ablation": (ABLATION, 12), "exercise_3": (EXERCISE_3, 10)}


def lesson_functions(names: dict[str, str], namespace: dict) -> dict:
    """Define the named top-level functions of the lessons' code cells in `namespace`.

    Like d2l's `#@save`: the notebook is the source, the function is taken from it as written.
    """
    for name, lesson in names.items():
        nb = nbformat.read(REPO_ROOT / "notebooks" / lesson, as_version=4)
        for cell in nb.cells:
            if cell.cell_type != "code" or f"def {name}(" not in cell.source:
                continue
            tree = ast.parse(cell.source)
            found = [node for node in tree.body
                     if isinstance(node, ast.FunctionDef) and node.name == name]
            exec(compile(ast.Module(found, []), lesson, "exec"), namespace)
        if name not in namespace:
            raise SystemExit(f"error: no function {name} in notebooks/{lesson}")
    return namespace


def fingerprint(model: keras.Model) -> str:
    """A short hash of a model's architecture, to tell when a lesson changed it.

    Made of the input shape and each layer's type and config (the layers' own names, not the
    names Keras numbers itself, such as "input_layer_3", which depend on what ran before).
    """
    layers = [(type(layer).__name__, layer.get_config()) for layer in model.layers]
    config = json.dumps([model.input_shape, layers], sort_keys=True, default=str)
    return hashlib.sha256(config.encode()).hexdigest()[:16]


def architecture(builder: Callable[..., keras.Model], kwargs: dict) -> str:
    """The fingerprint of `builder(**kwargs)` built under the float32 policy, as the test builds it.

    (Under mixed precision every layer's config names the policy, which says nothing about the
    architecture.)
    """
    policy = keras.mixed_precision.global_policy()
    keras.mixed_precision.set_global_policy("float32")
    try:
        return fingerprint(builder(**kwargs))
    finally:
        keras.mixed_precision.set_global_policy(policy)


def float32_output(model: keras.Model) -> keras.Model:
    """A copy of `model` whose layer named "output" computes in float32, as lesson 04 advises."""

    def clone(layer: keras.layers.Layer) -> keras.layers.Layer:
        config = layer.get_config()
        if layer.name == "output":
            config["dtype"] = "float32"
        return layer.__class__.from_config(config)

    return keras.models.clone_model(model, clone_function=clone)


def train(model: keras.Model, data: dict, epochs: int, learning_rate: str, batch_size: int,
          seed: int) -> dict:
    """Train as lesson 04 does (Adam, cosine decay from 0.002, or a constant 0.001); history."""
    train_data = pipeline(data["train"], batch_size, shuffle_seed=seed)
    rate = (keras.optimizers.schedules.CosineDecay(2e-3, decay_steps=epochs * len(train_data))
            if learning_rate == "cosine" else 1e-3)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=rate),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    start = time.perf_counter()
    history = model.fit(train_data, validation_data=data["val"], epochs=epochs, shuffle=False,
                        verbose=0)
    seconds = time.perf_counter() - start
    return {"seed": seed, "seconds": round(seconds, 1),
            **{key: [round(float(v), 5) for v in values]
               for key, values in history.history.items()}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[42, 43, 44])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    tf.config.experimental.enable_op_determinism()
    policy = fastest_policy()
    keras.mixed_precision.set_global_policy(policy)
    train_split, val_split = tfds.load("mnist", split=["train[:55000]", "train[55000:]"],
                                       as_supervised=True, data_dir=prepare_mnist(),
                                       download=False)
    data = {"train": train_split, "val": pipeline(val_split, 1024)}
    namespace = lesson_functions(LESSONS, {"keras": keras, "layers": keras.layers})
    record = {"made_by": "tools/variants.py", "date": date.today().isoformat(),
              "precision": policy, "seeds": args.seeds, "machine": versions(), "groups": {}}
    for group, (variants, epochs) in GROUPS.items():
        rows = {}
        for name, (description, builder, kwargs, learning_rate, batch_size) in variants.items():
            runs = []
            for seed in args.seeds:
                namespace["SEED"] = seed
                keras.utils.set_random_seed(seed)
                model = float32_output(namespace[builder](**kwargs))
                runs.append(train(model, data, epochs, learning_rate, batch_size, seed))
                print(f"{group:<11} {name:<17} seed {seed}: validation accuracy "
                      f"{runs[-1]['val_accuracy'][-1]:.2%} in {runs[-1]['seconds']:.0f} s",
                      flush=True)
            namespace["SEED"] = args.seeds[0]
            rows[name] = {"description": description, "builder": builder, "arguments": kwargs,
                          "learning_rate": learning_rate, "batch_size": batch_size,
                          "parameters": model.count_params(),
                          "fingerprint": architecture(namespace[builder], kwargs), "runs": runs,
                          "median_val_accuracy": statistics.median(
                              run["val_accuracy"][-1] for run in runs)}
        record["groups"][group] = {"epochs": epochs, "variants": rows}
    tmp = args.out.with_suffix(".json.part")
    tmp.write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n")
    tmp.replace(args.out)
    print(f"wrote {args.out.relative_to(REPO_ROOT)}")


if __name__ == "__main__":
    main()
