"""Ask the model trained in lesson 04 which digit your pictures show.

    python -m helpers.predict IMAGE [IMAGE ...] [--model PATH] [--json]

Prints one line per picture, e.g. `digit_3.png: 3 (97.2 %)`. A picture that cannot be used gets a
one-line error on stderr, the others are still predicted, and the exit code is then 1 (2 when
there is no model to load).
"""

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from helpers.images import ImageError, preprocess
from helpers.models import MODEL_FILE, model_dir


class ModelError(RuntimeError):
    """The trained model is missing or cannot be loaded."""


def default_model() -> Path:
    """The full-mode model of lesson 04 if it exists, else the fast-mode one."""
    candidates = [model_dir(fast) / MODEL_FILE for fast in (False, True)]
    for path in candidates:
        if path.is_file():
            return path
    raise ModelError(
        f"no trained model (looked for {' and '.join(map(str, candidates))}): "
        "run lesson 04 or `make course` first"
    )


def load_digit_classifier(path: Path):
    """Load a saved Keras model that reads digits; ModelError if it is missing or does not.

    (helpers.models.load_model is another thing: lessons 05-07 get lesson 04's model from it.)
    TensorFlow is only imported here, so `--help` stays fast.
    """
    if not path.is_file():
        raise ModelError(f"{path}: no such model file")
    import keras

    try:
        model = keras.saving.load_model(path)
    except Exception as exc:  # Keras raises many kinds; the student needs one clear line
        raise ModelError(f"{path}: cannot be loaded as a Keras model ({exc})") from None
    check_digit_classifier(model, path)
    return model


def check_digit_classifier(model, path: Path) -> None:
    """ModelError unless `model` takes 28×28×1 images and answers ten probabilities."""
    fix = "use lesson 04's model (leave out --model)"
    inputs, outputs = tuple(model.input_shape[1:]), tuple(model.output_shape[1:])
    if inputs != (28, 28, 1) or outputs != (10,):
        raise ModelError(f"{path}: takes {inputs} and answers {outputs}, but a digit reader "
                         f"takes (28, 28, 1) images and answers 10 probabilities: {fix}")
    answer = model.predict(np.full((1, 28, 28, 1), 0.5, dtype="float32"), verbose=0)[0]
    if not (np.all(answer >= 0) and abs(float(answer.sum()) - 1) < 1e-3):
        raise ModelError(f"{path}: its 10 outputs are not probabilities (they add up to "
                         f"{float(answer.sum()):.3g}; is the last layer's softmax missing?): {fix}")


def predict_files(model, files: list[str]) -> list[dict]:
    """Predict all files in one batch, keeping their order.

    Each result is {"file", "digit", "probability", "probabilities"}, or {"file", "error"} for
    a file that cannot be preprocessed.
    """
    results, inputs = [], []
    for file in files:
        try:
            inputs.append(preprocess(file))
            results.append({"file": file})
        except ImageError as exc:
            results.append({"file": file, "error": str(exc)})
    good = [r for r in results if "error" not in r]
    if good:
        probabilities = model.predict(np.stack(inputs)[..., None], verbose=0)
        for result, p in zip(good, probabilities, strict=True):
            result["digit"] = int(p.argmax())
            result["probability"] = round(float(p.max()), 4)
            result["probabilities"] = [round(float(q), 4) for q in p]
    return results


def print_result(result: dict) -> None:
    """Print one result as `file: digit (probability %)`, or its error on stderr."""
    if "error" in result:
        print(f"error: {result['error']}", file=sys.stderr)
    else:
        print(f"{result['file']}: {result['digit']} ({100 * result['probability']:.1f} %)")


def main(argv: list[str] | None = None) -> int:
    """Command line: predict the given images; return the exit code."""
    parser = argparse.ArgumentParser(prog="python -m helpers.predict", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("images", nargs="+", metavar="IMAGE", help="picture files of digits")
    parser.add_argument("--model", type=Path, help="a saved .keras model (default: lesson 04's)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    try:
        model = load_digit_classifier(args.model or default_model())
    except ModelError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    results = predict_files(model, args.images)
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        for result in results:
            print_result(result)
    return 1 if any("error" in r for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
