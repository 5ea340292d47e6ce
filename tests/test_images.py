"""helpers.images: MNIST-style preprocessing of all kinds of picture files, and clear errors."""

import struct
import time
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw
from scipy import ndimage

from helpers.images import (
    ImageError,
    image_entries,
    preprocess,
    preprocess_steps,
)
from helpers.paths import DATA_DIR

SHIPPED = sorted((DATA_DIR / "png").glob("*.png"))


def digit_mask(size=(120, 90)) -> Image.Image:
    """An "L" mask of a thick 7 drawn off-centre (255 = ink)."""
    mask = Image.new("L", size, 0)
    ImageDraw.Draw(mask).line([(15, 20), (60, 18), (30, 80)], fill=255, width=9)
    return mask


def check_mnist_like(x: np.ndarray) -> None:
    """28×28 float32 in [0, 1], white ink on a black border, ink's centre of mass in the middle."""
    assert x.shape == (28, 28) and x.dtype == np.float32
    assert x.min() >= 0 and 0.5 < x.max() <= 1
    assert not x[[0, -1]].any() and not x[:, [0, -1]].any()
    assert np.allclose(ndimage.center_of_mass(x), 13.5, atol=1.5)


def rgba_transparent() -> Image.Image:
    """Black ink on a transparent background that hides black: ignoring alpha shows nothing."""
    black = Image.new("RGBA", (120, 90), (0, 0, 0, 255))
    return Image.composite(black, Image.new("RGBA", (120, 90), (0, 0, 0, 0)), digit_mask())


def palette_transparent() -> Image.Image:
    """A palette image whose transparent background index hides black, nearly the ink's colour."""
    image = Image.new("P", (120, 90), 0)
    image.putpalette([0, 0, 0, 10, 10, 10] + [0] * 762)
    image.paste(1, mask=digit_mask())
    image.info["transparency"] = 0
    return image


def gray16_dark_on_light() -> Image.Image:
    """16-bit grayscale, dark ink on light paper (clipping to 8 bits would make it all white)."""
    ink = np.asarray(digit_mask(), dtype=np.float64) / 255
    return Image.fromarray((60000 - 58000 * ink).astype(np.uint16))


def light_on_dark() -> Image.Image:
    """Chalk on a blackboard: light ink on a dark background."""
    board = Image.new("RGB", (120, 90), (30, 50, 40))
    return Image.composite(Image.new("RGB", (120, 90), (230, 230, 220)), board, digit_mask())


def dark_on_light() -> Image.Image:
    """Grey pencil on cream paper."""
    paper = Image.new("RGB", (120, 90), (250, 245, 235))
    return Image.composite(Image.new("RGB", (120, 90), (70, 70, 70)), paper, digit_mask())


def gray_alpha() -> Image.Image:
    """A grayscale image with alpha ("LA"), transparent around the ink."""
    return rgba_transparent().convert("LA")


def tiny() -> Image.Image:
    """A 5×5 picture with a short vertical stroke."""
    x = np.full((5, 5), 255, dtype=np.uint8)
    x[1:4, 2] = 0
    return Image.fromarray(x)


@pytest.mark.parametrize(
    "make",
    [rgba_transparent, palette_transparent, gray16_dark_on_light, light_on_dark, dark_on_light,
     gray_alpha, tiny],
)
def test_every_kind_of_picture_becomes_white_ink_on_black(make, tmp_path):
    path = tmp_path / f"{make.__name__}.png"
    make().save(path)
    check_mnist_like(preprocess(path))


def test_light_on_dark_and_dark_on_light_give_the_same_digit(tmp_path):
    for make in (light_on_dark, dark_on_light):
        make().save(tmp_path / f"{make.__name__}.png")
    chalk = preprocess(tmp_path / "light_on_dark.png")
    pencil = preprocess(tmp_path / "dark_on_light.png")
    assert np.abs(chalk - pencil).max() < 0.1


def test_steps_are_in_order_and_end_with_the_result(tmp_path):
    dark_on_light().save(tmp_path / "seven.png")
    steps = preprocess_steps(tmp_path / "seven.png")
    assert list(steps) == ["loaded", "inverted", "stretched", "cropped", "scaled", "centred"]
    assert max(steps["scaled"].shape) == 20
    assert np.array_equal(steps["centred"], preprocess(tmp_path / "seven.png"))


def png_chunk(kind: bytes, data: bytes) -> bytes:
    """One PNG chunk: length, type, data, CRC."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def huge_png(width: int, height: int) -> bytes:
    """A tiny PNG file whose header claims width × height pixels (8-bit grayscale)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header)
            + png_chunk(b"IDAT", zlib.compress(b"\0" * 1000)) + png_chunk(b"IEND", b""))


def truncated_png(tmp_path: Path) -> bytes:
    """The first half of a real PNG file."""
    dark_on_light().save(tmp_path / "whole.png")
    data = (tmp_path / "whole.png").read_bytes()
    return data[: len(data) // 2]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"These are my notes, not a picture.\n", "not an image"),
        (huge_png(20000, 20000), "too large"),  # PIL itself refuses this one
        (huge_png(8000, 8000), "too large"),  # PIL would only warn; our limit refuses it
        (None, "truncated"),
    ],
    ids=["empty", "text", "huge", "over-our-limit", "truncated"],
)
def test_unusable_files_raise_a_clear_image_error(content, message, tmp_path):
    path = tmp_path / "notes.png"
    path.write_bytes(truncated_png(tmp_path) if content is None else content)
    start = time.perf_counter()
    with pytest.raises(ImageError, match=message) as error:
        preprocess(path)
    assert str(path) in str(error.value)
    assert time.perf_counter() - start < 1  # nothing huge was allocated or decoded


def test_a_blank_picture_is_refused(tmp_path):
    Image.new("RGB", (200, 200), (250, 250, 250)).save(tmp_path / "blank.png")
    with pytest.raises(ImageError, match="blank"):
        preprocess(tmp_path / "blank.png")


def test_a_missing_file_is_an_image_error(tmp_path):
    with pytest.raises(ImageError, match="no such file"):
        preprocess(tmp_path / "missing.png")


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_pictures_preprocess_like_mnist(path):
    check_mnist_like(preprocess(path))


def test_images_json_lists_exactly_the_shipped_pictures():
    entries = image_entries() + image_entries(key="canvas")
    assert sorted(e["name"] for e in entries) == [path.name for path in SHIPPED]
    assert [e["name"] for e in image_entries(key="canvas")] == ["drawn_3.png"]
    assert {f"digit_{d}.png" for d in range(10)} | {"cat.png"} <= {e["name"] for e in entries}
    assert all(e["url"].startswith("https://") and e["url"].endswith(e["name"]) for e in entries)
    assert all(path.stat().st_size < 60_000 for path in SHIPPED)
