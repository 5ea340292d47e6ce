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
* boxed_4.png, shadow_2.png, underlined_7.png: three digits drawn the same way that the model
  gets wrong even after MNIST-style preprocessing, each because of something real pictures
  have and MNIST does not (without it, the same strokes are read correctly):
  - boxed_4.png: a blue-pen 4 inside a crisp printed box, like a field on a paper form. The box
    is dark ink too, so cropping to the ink keeps the box: the digit ends up small inside a frame.
  - shadow_2.png: a dark 2 on paper in uneven light, a smooth shadow darkening the page towards
    the lower left (background from about 0.95 to 0.35). The background is not one brightness,
    so the contrast stretch and the ink threshold take the shadow for ink.
  - underlined_7.png: a 7 with a long underline that touches its foot. The underline is ink
    too, so the crop and the scaling include it, and a 7 with a bar under it looks like a 2.
* drawn_3.png: lesson 06's stored example for its drawing canvas (helpers/draw.py), generated
  like the digits above but as that canvas saves a drawing: black strokes 22 pixels wide with
  round ends on an opaque white 280×280 RGBA canvas. It is listed under "canvas" in
  data/images.json, apart from the lesson's pictures ("images").
* cat.png: scikit-image's cat photo (skimage.data.chelsea()), 300 px wide, saved with a
  256-colour palette to stay small: something that is not a digit at all.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import skimage.data
from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
PNG_DIR = HERE / "png"
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
    extra: list[Stroke] = field(default_factory=list)  # more pen strokes, in the digit's unit box
    frame: tuple | None = None  # a printed box: left, top, right, bottom (fractions), line width
    shadow: tuple | None = None  # uneven light: darkest light (0–1), direction (dx, dy) it falls


WHITE, BLACK, CLEAR = (255, 255, 255), (20, 20, 20), (0, 0, 0, 0)
PRINT = (35, 35, 40)  # the ink of printed forms
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
    # Three pictures that fool the model, each for a reason MNIST does not have:
    Drawing("boxed_4.png", 4, (200, 260), "RGB", (250, 250, 247), (25, 35, 110), 9,
            (0.3, 0.25, 0.5), "a 4 in blue pen inside a printed box, like a field on a form, "
            "200×260", frame=(0.1, 0.08, 0.9, 0.92, 6)),
    Drawing("shadow_2.png", 2, (240, 240), "RGB", (244, 243, 238), (25, 25, 30), 10,
            (0.3, 0.22, 0.55), "a 2 on paper in uneven light, a shadow darkening the lower left, "
            "240×240", shadow=(0.37, -1.0, 0.6)),
    Drawing("underlined_7.png", 7, (260, 220), "RGB", WHITE, BLACK, 9, (0.3, 0.1, 0.6),
            "a 7 with a long underline touching its foot, 260×220",
            extra=[[(-0.3, 1.08), (1.35, 1.05)]]),
]

#: The stored example of lesson 06's drawing canvas: what the canvas would save (see above).
CANVAS_EXAMPLE = Drawing(
    "drawn_3.png", 3, (280, 280), "RGBA", (255, 255, 255, 255), (0, 0, 0, 255), 22,
    (0.3, 0.13, 0.72), "a 3 as lesson 06's drawing canvas saves it: black 22-pixel strokes on "
    "a white 280×280 canvas",
)


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
    for stroke in jitter(DIGITS[drawing.digit] + drawing.extra, rng):
        points = [tuple(p) for p in stroke * scale + offset]
        pen.line(points, fill=255, width=pen_width, joint="curve")
        for x, y in (points[0], points[-1]):  # round pen tips
            r = pen_width / 2
            pen.ellipse((x - r, y - r, x + r, y + r), fill=255)
    mask = mask.resize(drawing.size, Image.Resampling.LANCZOS)
    background = Image.new(drawing.mode, drawing.size, drawing.background)
    image = Image.composite(Image.new(drawing.mode, drawing.size, drawing.ink), background, mask)
    if drawing.frame is not None:
        image = print_frame(image, drawing.frame)
    if drawing.shadow is not None:
        image = cast_shadow(image, drawing.shadow)
    return image


def print_frame(image: Image.Image, frame: tuple[float, ...]) -> Image.Image:
    """Print a crisp near-black rectangle on the image, like the box of a field on a paper form."""
    *corners, line_width = frame
    box = np.multiply(corners, image.size * 2).round()
    printed = Image.new("L", image.size, 0)
    ImageDraw.Draw(printed).rectangle(tuple(box), outline=255, width=int(line_width))
    return Image.composite(Image.new(image.mode, image.size, PRINT), image, printed)


def cast_shadow(image: Image.Image, shadow: tuple[float, float, float]) -> Image.Image:
    """Darken the image smoothly towards one side, the way a hand or a phone shades the page.

    The light falls from 1 (no shadow) on one side to `darkest` on the other, along the
    direction (dx, dy), with a gentle S-shaped curve.
    """
    darkest, dx, dy = shadow
    width, height = image.size
    x, y = np.meshgrid(np.linspace(0, 1, width), np.linspace(0, 1, height))
    along = x * dx + y * dy
    t = (along - along.min()) / (along.max() - along.min())
    light = 1 - (1 - darkest) * t * t * (3 - 2 * t)
    pixels = np.asarray(image, dtype=np.float64) * light[..., None]
    return Image.fromarray(pixels.round().astype(np.uint8), image.mode)


def cat() -> Image.Image:
    """scikit-image's cat photo, 300 px wide, with a 256-colour palette."""
    photo = Image.fromarray(skimage.data.chelsea())
    height = round(photo.height * 300 / photo.width)
    return photo.resize((300, height), Image.Resampling.LANCZOS).quantize(256)


def main() -> None:
    """Write every PNG into data/png/ and the lists of them into data/images.json."""
    PNG_DIR.mkdir(exist_ok=True)
    entries = []
    for seed, drawing in enumerate(DRAWINGS):
        draw(drawing, np.random.default_rng(seed)).save(PNG_DIR / drawing.name, optimize=True)
        entries.append({"name": drawing.name, "label": drawing.digit,
                        "description": drawing.description, "kind": "generated"})
    cat().save(PNG_DIR / "cat.png", optimize=True)
    entries.append({"name": "cat.png", "label": None,
                    "description": "a photo of a cat (scikit-image's chelsea): not a digit",
                    "kind": "photo"})
    example = CANVAS_EXAMPLE
    draw(example, np.random.default_rng(len(DRAWINGS))).save(PNG_DIR / example.name, optimize=True)
    canvas = [{"name": example.name, "label": example.digit, "description": example.description,
               "kind": "generated"}]
    listing = {"images": entries, "canvas": canvas}
    (HERE / "images.json").write_text(json.dumps(listing, indent=2, ensure_ascii=False) + "\n")
    for path in sorted(PNG_DIR.glob("*.png")):
        print(f"{path.name:<16} {path.stat().st_size / 1000:5.1f} kB")


if __name__ == "__main__":
    main()
