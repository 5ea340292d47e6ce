"""Regenerate the images of lesson 06 in data/png/ and their list data/images.json.

    python data/make_pngs.py

How the images were made (everything is deterministic: fixed seeds, no fonts, no downloads):

* digit_0.png … digit_9.png: each digit is a few pen strokes (lines, Bézier curves and ellipse
  arcs in a unit box), shifted, slanted and rotated a little at random, then drawn with PIL's
  ImageDraw at 4× size and shrunk, which gives smooth (anti-aliased) edges like a paint program.
  Dark ink on a light background, on canvases of different sizes, never centred, with strokes
  of different widths; some are RGBA with a transparent background whose hidden colour is black
  (as many paint programs save it), so ignoring the alpha channel turns them all black.
* chalk_7.png: a light "chalk" 7 on a dark green board, to show that light-on-dark images work.
* cat.png: scikit-image's cat photo (skimage.data.chelsea()), 300 px wide, saved with a
  256-colour palette to stay small: something that is not a digit at all.
"""

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import skimage.data
from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
PNG_DIR = HERE / "png"
BASE_URL = "https://raw.githubusercontent.com/cnn-course/mnist-cnn-course/main/data/png/"
SUPERSAMPLE = 4

Stroke = list[tuple[float, float]]


def arc(cx: float, cy: float, rx: float, ry: float, start: float, end: float) -> Stroke:
    """Points on an ellipse arc; angles in degrees, 0 = right, 90 = down (image coordinates)."""
    t = np.radians(np.linspace(start, end, 40))
    return list(zip(cx + rx * np.cos(t), cy + ry * np.sin(t), strict=True))


def bezier(p0: tuple, p1: tuple, p2: tuple) -> Stroke:
    """Points on the quadratic Bézier curve from p0 to p2 pulled towards p1."""
    t = np.linspace(0, 1, 30)[:, None]
    points = (1 - t) ** 2 * np.array(p0) + 2 * t * (1 - t) * np.array(p1) + t**2 * np.array(p2)
    return [tuple(p) for p in points]


#: The pen strokes of each digit in a unit box (x to the right, y downwards).
DIGITS: dict[int, list[Stroke]] = {
    0: [arc(0.5, 0.5, 0.36, 0.48, -80, 285)],
    1: [[(0.3, 0.22), (0.58, 0.0), (0.56, 1.0)]],
    2: [[*arc(0.5, 0.3, 0.36, 0.28, 195, 380), (0.08, 1.0), (0.95, 0.98)]],
    3: [arc(0.5, 0.26, 0.32, 0.24, 200, 450), arc(0.48, 0.74, 0.38, 0.26, 270, 515)],
    4: [[(0.62, 0.0), (0.05, 0.66), (0.95, 0.64)], [(0.68, 0.3), (0.66, 1.0)]],
    5: [[(0.88, 0.02), (0.28, 0.0), (0.22, 0.44)], arc(0.5, 0.7, 0.36, 0.3, 235, 520)],
    6: [bezier((0.78, 0.0), (0.12, 0.2), (0.16, 0.74)), arc(0.5, 0.73, 0.34, 0.27, 180, 540)],
    7: [[(0.05, 0.05), (0.95, 0.0), (0.38, 1.0)], [(0.3, 0.52), (0.8, 0.5)]],
    8: [arc(0.5, 0.25, 0.28, 0.24, 0, 360), arc(0.5, 0.72, 0.36, 0.28, -90, 270)],
    9: [arc(0.48, 0.28, 0.34, 0.27, 0, 360), bezier((0.82, 0.3), (0.84, 0.7), (0.68, 1.0))],
}


@dataclass
class Drawing:
    """One image to draw: which digit, on what canvas, where, and with what pen."""

    name: str
    digit: int
    size: tuple[int, int]  # canvas (width, height) in pixels
    mode: str  # "RGB" or "RGBA"
    background: tuple  # colour; (0, 0, 0, 0) is a transparent background
    ink: tuple
    width: int  # stroke width in pixels
    box: tuple[float, float, float]  # digit's top-left corner and height, as canvas fractions
    description: str


WHITE, BLACK, CLEAR = (255, 255, 255), (20, 20, 20), (0, 0, 0, 0)
DRAWINGS = [
    Drawing("digit_0.png", 0, (200, 200), "RGB", WHITE, BLACK, 8, (0.1, 0.12, 0.6),
            "a 0 in black marker, top left of a white 200×200 canvas"),
    Drawing("digit_1.png", 1, (300, 180), "RGB", (236, 236, 236), (30, 40, 120), 12,
            (0.62, 0.2, 0.7), "a thick dark blue 1 on the right of a light grey 300×180 canvas"),
    Drawing("digit_2.png", 2, (150, 250), "RGBA", CLEAR, (0, 0, 0, 255), 6, (0.3, 0.45, 0.45),
            "a thin black 2 low on a transparent 150×250 canvas"),
    Drawing("digit_3.png", 3, (200, 200), "RGBA", CLEAR, (0, 0, 0, 255), 14, (0.45, 0.1, 0.75),
            "a bold black 3 on the right of a transparent 200×200 canvas"),
    Drawing("digit_4.png", 4, (250, 250), "RGB", (250, 247, 238), (70, 70, 70), 5,
            (0.15, 0.3, 0.55), "a 4 in grey pencil on cream paper, 250×250"),
    Drawing("digit_5.png", 5, (320, 240), "RGB", WHITE, BLACK, 18, (0.55, 0.3, 0.6),
            "a very thick 5 in the lower right of a 320×240 canvas"),
    Drawing("digit_6.png", 6, (180, 180), "RGBA", (255, 255, 255, 255), (190, 20, 20, 255), 9,
            (0.08, 0.35, 0.55), "a red 6 on an opaque white RGBA 180×180 canvas"),
    Drawing("digit_7.png", 7, (400, 300), "RGB", WHITE, BLACK, 10, (0.2, 0.05, 0.5),
            "a crossed 7, top left of a wide 400×300 canvas"),
    Drawing("digit_8.png", 8, (120, 160), "RGB", WHITE, (10, 60, 20), 7, (0.35, 0.15, 0.6),
            "a dark green 8 on a small 120×160 canvas"),
    Drawing("digit_9.png", 9, (240, 200), "RGBA", CLEAR, (0, 0, 0, 255), 11, (0.1, 0.4, 0.55),
            "a 9 in the lower left of a transparent 240×200 canvas"),
    Drawing("chalk_7.png", 7, (300, 200), "RGB", (34, 52, 40), (235, 235, 222), 9,
            (0.55, 0.2, 0.65), "a 7 in white chalk on a dark green blackboard, 300×200"),
]


def jitter(strokes: list[Stroke], rng: np.random.Generator) -> list[np.ndarray]:
    """Slant, rotate and wobble the strokes a little, the way no two hand-drawn digits match."""
    angle = np.radians(rng.uniform(-8, 8))
    slant = rng.uniform(-0.25, 0.1)
    rotate = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    transform = rotate @ np.array([[1.0, slant], [0.0, 1.0]])
    return [
        (np.array(stroke) - 0.5) @ transform.T + 0.5 + rng.normal(0, 0.02, size=2)
        for stroke in strokes
    ]


def draw(drawing: Drawing, rng: np.random.Generator) -> Image.Image:
    """Draw one digit with a pen of the drawing's width and colour on its canvas."""
    width, height = drawing.size
    left, top, box_h = drawing.box
    scale = np.array([0.65, 1.0]) * box_h * height * SUPERSAMPLE  # digits are narrower than tall
    offset = np.array([left * width, top * height]) * SUPERSAMPLE
    pen_width = drawing.width * SUPERSAMPLE
    mask = Image.new("L", (width * SUPERSAMPLE, height * SUPERSAMPLE), 0)
    pen = ImageDraw.Draw(mask)
    for stroke in jitter(DIGITS[drawing.digit], rng):
        points = [tuple(p) for p in stroke * scale + offset]
        pen.line(points, fill=255, width=pen_width, joint="curve")
        for x, y in (points[0], points[-1]):  # round pen tips
            r = pen_width / 2
            pen.ellipse((x - r, y - r, x + r, y + r), fill=255)
    mask = mask.resize(drawing.size, Image.Resampling.LANCZOS)
    background = Image.new(drawing.mode, drawing.size, drawing.background)
    return Image.composite(Image.new(drawing.mode, drawing.size, drawing.ink), background, mask)


def cat() -> Image.Image:
    """scikit-image's cat photo, 300 px wide, with a 256-colour palette."""
    photo = Image.fromarray(skimage.data.chelsea())
    height = round(photo.height * 300 / photo.width)
    return photo.resize((300, height), Image.Resampling.LANCZOS).quantize(256)


def main() -> None:
    """Write every PNG into data/png/ and the list of them into data/images.json."""
    PNG_DIR.mkdir(exist_ok=True)
    entries = []
    for seed, drawing in enumerate(DRAWINGS):
        draw(drawing, np.random.default_rng(seed)).save(PNG_DIR / drawing.name, optimize=True)
        entries.append({"name": drawing.name, "label": drawing.digit,
                        "description": drawing.description})
    cat().save(PNG_DIR / "cat.png", optimize=True)
    entries.append({"name": "cat.png", "label": None,
                    "description": "a photo of a cat (scikit-image's chelsea): not a digit"})
    listing = {"base_url": BASE_URL, "images": entries}
    (HERE / "images.json").write_text(json.dumps(listing, indent=2, ensure_ascii=False) + "\n")
    for path in sorted(PNG_DIR.glob("*.png")):
        print(f"{path.name:<12} {path.stat().st_size / 1000:5.1f} kB")


if __name__ == "__main__":
    main()
