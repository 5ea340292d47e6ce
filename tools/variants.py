"""Train the model variants that lesson 07 compares, and record them in data/variants.json.

    python tools/variants.py [--seeds 42 43 44]      # make variants (about 25 minutes, 2 cores)

Lesson 07's two comparison tables (what lesson 04's additions buy; what exercise 3's ideas
buy) are read from that file, so every number in them comes from this script, not from a
hand-typed table. The networks and the training settings are the lessons' own, saved by their
`#@save` cells to helpers/lessons.py: `build_basic_cnn` (lesson 03), `build_model`,
`compile_model` and `BATCH_SIZE` (lesson 04) and `build_better_model` (lesson 07, exercise 3),
so they cannot drift from what the lessons teach. Every variant is
judged on the validation split (the last 5,000 training images); the test set is not touched.
"""

import argparse
import hashlib
import json
import statistics
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import keras
import tensorflow as tf
import tensorflow_datasets as tfds

from helpers import lessons
from helpers.mnist import prepare_mnist
from helpers.paths import DATA_DIR, REPO_ROOT
from helpers.precision import fastest_policy
from helpers.receipt import versions

OUT = DATA_DIR / "variants.json"
BATCH = lessons.BATCH_SIZE  # lesson 04's batch size

#: name -> (description, builder, builder arguments, learning rate, batch size)
ABLATION = {
    "basic_constant": ("lesson 03's network, Adam at a constant 0.001", "build_basic_cnn", {},
                       "constant", BATCH),
    "basic": ("lesson 03's network, lesson 04's cosine schedule", "build_basic_cnn", {},
              "cosine", BATCH),
    "basic_4_filters": ("the same, 4 filters in conv1", "build_basic_cnn", {"filters_1": 4},
                        "cosine", BATCH),
    "basic_no_dropout": ("the same, no dropout", "build_basic_cnn", {"dropout": 0.0},
                         "cosine", BATCH),
    "lesson04": ("lesson 04's model (+ augmentation, batch normalisation)", "build_model", {},
                 "cosine", BATCH),
}
EXERCISE_3 = {
    "lesson04": ("lesson 04's model, unchanged", "build_model", {}, "cosine", BATCH),
    "wide": ("twice the filters (32 and 64)", "build_model", {"filters_1": 32, "filters_2": 64},
             "cosine", BATCH),
    "batch_128": ("lesson 04's model, batches of 128", "build_model", {}, "cosine", 128),
    "solution": ("a third block of two 3 × 3 convolutions (the solution)", "build_better_model",
                 {}, "cosine", BATCH),
}
GROUPS = {"ablation": (ABLATION, 12), "exercise_3": (EXERCISE_3, 10)}


def builder(name: str, seed: int) -> Callable[..., keras.Model]:
    """A lesson's network builder from helpers.lessons, its random layers seeded with `seed`.

    The saved functions read the module's SEED, as the lesson's read its parameters cell's.
    """
    lessons.SEED = seed
    return getattr(lessons, name)


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
    """Train as lesson 04 does (its compile_model), or as lesson 03 (Adam at 0.001); history."""
    train_data = lessons.pipeline(data["train"], batch_size, shuffle_seed=seed)
    if learning_rate == "cosine":
        lessons.compile_model(model, epochs * len(train_data))
    else:
        model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3),
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
    data = {"train": train_split, "val": lessons.pipeline(val_split, 1024)}
    record = {"made_by": "tools/variants.py", "date": date.today().isoformat(),
              "precision": policy, "seeds": args.seeds, "machine": versions(), "groups": {}}
    for group, (variants, epochs) in GROUPS.items():
        rows = {}
        for name, (description, build, kwargs, learning_rate, batch_size) in variants.items():
            runs = []
            for seed in args.seeds:
                keras.utils.set_random_seed(seed)
                model = float32_output(builder(build, seed)(**kwargs))
                runs.append(train(model, data, epochs, learning_rate, batch_size, seed))
                print(f"{group:<11} {name:<17} seed {seed}: validation accuracy "
                      f"{runs[-1]['val_accuracy'][-1]:.2%} in {runs[-1]['seconds']:.0f} s",
                      flush=True)
            rows[name] = {"description": description, "builder": build, "arguments": kwargs,
                          "learning_rate": learning_rate, "batch_size": batch_size,
                          "parameters": model.count_params(),
                          "fingerprint": architecture(builder(build, args.seeds[0]), kwargs),
                          "runs": runs,
                          "median_val_accuracy": statistics.median(
                              run["val_accuracy"][-1] for run in runs)}
        record["groups"][group] = {"epochs": epochs, "variants": rows}
    tmp = args.out.with_suffix(".json.part")
    tmp.write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n")
    tmp.replace(args.out)
    print(f"wrote {args.out.relative_to(REPO_ROOT)}")


if __name__ == "__main__":
    main()
