"""Turn your own digit pictures into MNIST-style 28×28 inputs, and fetch the lesson's pictures.

MNIST digits are white ink on black, scaled so the longer side is 20 pixels and placed in a
28×28 square so that the ink's centre of mass is in the middle. A photo or a drawing from a paint
program is none of that, so `preprocess` repeats those steps, one small function each:

    load_grayscale → invert_if_light → stretch_contrast → crop_to_ink → scale_to_box
    → centre_by_mass

Lesson 06 does the same steps one by one with scikit-image in its cells, and checks that the
result equals `preprocess`; `python -m helpers.predict` uses it on any picture.
"""

import json
import stat
import warnings
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError
from skimage import color, measure, transform

from helpers.download import DownloadError, disk_problem, download
from helpers.paths import CACHE_DIR, DATA_DIR, raw_url

MAX_PIXELS = 40_000_000  # a 40-megapixel picture is already far more than a digit needs
MAX_SIDE = 1000  # larger pictures are shrunk to at most this many pixels a side first
INK_THRESHOLD = 0.25  # after stretch_contrast, brighter pixels count as ink
MIN_CONTRAST = 0.1  # an image whose ink is barely brighter than its background is blank
BOX, CANVAS = 20, 28  # MNIST: the digit fits in 20×20, centred in 28×28


class ImageError(ValueError):
    """A file cannot be used as a digit picture; the message names the file and the reason."""


def open_image(path: str | Path) -> Image.Image:
    """Open and decode an image file with PIL, turning every failure into an ImageError.

    The size is checked from the header, before any pixel is decoded, so a tiny file that
    claims to be 100 000 × 100 000 pixels cannot fill the memory.
    """
    path = Path(path)
    check_file(path)
    try:
        with warnings.catch_warnings():  # PIL only warns below 2× its own limit; refuse those too
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(path)
    except UnidentifiedImageError:
        raise ImageError(f"{path}: not an image (PIL cannot recognise the format)") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageError(f"{path}: too large (more than {MAX_PIXELS:,} pixels)") from None
    except PermissionError:
        raise ImageError(f"{path}: permission denied; make it readable: chmod u+r {path}") from None
    except (OSError, ValueError) as exc:  # ValueError: e.g. a text chunk too large to unpack
        raise ImageError(f"{path}: cannot be read ({exc})") from None
    with image:  # closes the file, keeps the decoded pixels
        if image.width * image.height > MAX_PIXELS:
            raise ImageError(
                f"{path}: too large ({image.width}×{image.height} pixels, "
                f"the limit is {MAX_PIXELS:,}); shrink it first"
            )
        try:
            image.load()
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            raise ImageError(f"{path}: cannot be decoded, truncated or corrupted ({exc})") from None
    return image


def check_file(path: Path) -> None:
    """ImageError unless `path` is a non-empty regular file (a folder or a pipe is refused).

    A pipe is refused before it is opened: opening one waits for a writer, maybe for ever.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ImageError(f"{path}: no such file") from None
    except PermissionError:
        raise ImageError(f"{path}: permission denied (a folder on its path cannot be searched)") \
            from None
    except OSError as exc:
        raise ImageError(f"{path}: cannot be read ({exc.strerror})") from None
    if stat.S_ISDIR(info.st_mode):
        raise ImageError(f"{path}: a folder, not a picture file")
    if not stat.S_ISREG(info.st_mode):
        raise ImageError(f"{path}: not a regular file (a pipe or a device?)")
    if info.st_size == 0:
        raise ImageError(f"{path}: the file is empty")


def shrink_large(image: Image.Image, side: int = MAX_SIDE) -> Image.Image:
    """Shrink a picture whose longer side exceeds `side` pixels by a whole factor (box average).

    A digit needs far fewer pixels, and the float copies of a 40-megapixel picture that the
    next steps make would take gigabytes and half a minute. Palette and 1-bit pictures become
    RGBA, 16-bit ones 32-bit integers first: PIL cannot average those.
    """
    factor = -(-max(image.size) // side)  # rounded up
    if factor == 1:
        return image
    if image.mode in ("1", "P", "PA"):
        image = image.convert("RGBA")
    elif image.mode.startswith("I;16"):
        image = image.convert("I")
    return image.reduce(factor)


def load_grayscale(path: str | Path) -> np.ndarray:
    """Load any image as grayscale floats in [0, 1] (1 = white), as lesson 06 does.

    Transparent parts are laid on white paper first (scikit-image's `rgba2rgb`), so a
    transparent background counts as light whatever colour is hidden under it; then
    `rgb2gray` weighs red, green and blue as the eye does. 16-bit images keep their full range.
    Pictures larger than MAX_SIDE pixels are shrunk first (`shrink_large`).
    """
    image = shrink_large(ImageOps.exif_transpose(open_image(path)))  # phones store photos sideways
    if image.mode.startswith("I"):  # 16-bit grayscale (PIL's integer modes)
        return np.clip(np.asarray(image, dtype=np.float32) / 65535, 0, 1)
    if image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info:
        rgb = color.rgba2rgb(np.asarray(image.convert("RGBA")))
    else:
        rgb = np.asarray(image.convert("RGB"))
    return color.rgb2gray(rgb).astype(np.float32)


def border(image: np.ndarray) -> np.ndarray:
    """The pixels along the four edges of an image (the background, in a picture of a digit)."""
    return np.concatenate([image[0], image[-1], image[:, 0], image[:, -1]])


def invert_if_light(image: np.ndarray) -> np.ndarray:
    """Make the ink bright: invert when the background (the border's median) is light."""
    return 1 - image if np.median(border(image)) > 0.5 else image


def stretch_contrast(image: np.ndarray) -> np.ndarray:
    """Make the background exactly 0 and the brightest ink 1 (all zeros if there is no ink)."""
    background = np.median(border(image))
    span = image.max() - background
    if span < MIN_CONTRAST:
        return np.zeros_like(image)
    return np.clip((image - background) / span, 0, 1)


def crop_to_ink(image: np.ndarray) -> np.ndarray:
    """Cut the image down to the bounding box of its ink (pixels above INK_THRESHOLD)."""
    rows, cols = np.nonzero(image > INK_THRESHOLD)
    return image[rows.min() : rows.max() + 1, cols.min() : cols.max() + 1]


def scale_to_box(image: np.ndarray, box: int = BOX) -> np.ndarray:
    """Resize (anti-aliased) so the longer side is `box` pixels, keeping the aspect ratio."""
    height, width = image.shape
    factor = box / max(height, width)
    size = (max(1, round(height * factor)), max(1, round(width * factor)))
    return transform.resize(image, size, anti_aliasing=True).astype(np.float32)


def centre_by_mass(image: np.ndarray, canvas: int = CANVAS) -> np.ndarray:
    """Paste the digit on a black canvas so that its ink's centre of mass is in the middle."""
    centre = (canvas - 1) / 2  # 13.5: pixels are numbered 0 to 27
    mass_row, mass_col = measure.centroid(image)  # the brightness-weighted centre
    top = round(centre - mass_row)
    left = round(centre - mass_col)
    top = min(max(top, 0), canvas - image.shape[0])  # keep all of the digit on the canvas
    left = min(max(left, 0), canvas - image.shape[1])
    result = np.zeros((canvas, canvas), dtype=np.float32)
    result[top : top + image.shape[0], left : left + image.shape[1]] = image
    return result


def preprocess_steps(path: str | Path) -> dict[str, np.ndarray]:
    """Every step of `preprocess`, in order, for a "what the model sees" figure."""
    steps = {"loaded": load_grayscale(path)}
    steps["inverted"] = invert_if_light(steps["loaded"])
    steps["stretched"] = stretch_contrast(steps["inverted"])
    if not steps["stretched"].any():
        raise ImageError(f"{path}: the image is blank (no ink stands out from the background)")
    steps["cropped"] = crop_to_ink(steps["stretched"])
    steps["scaled"] = scale_to_box(steps["cropped"])
    steps["centred"] = centre_by_mass(steps["scaled"])
    return steps


def preprocess(path: str | Path) -> np.ndarray:
    """An image file as an MNIST-style input: float32 (28, 28) in [0, 1], white ink on black."""
    return preprocess_steps(path)["centred"]


def image_entries(listing: Path = DATA_DIR / "images.json", key: str = "images") -> list[dict]:
    """The lesson's pictures from data/images.json, each with its download "url" filled in.

    `key` picks the list: "images" (the lesson's pictures) or "canvas" (the stored example of
    the drawing canvas).
    """
    data = json.loads(listing.read_text())
    return [{**entry, "url": raw_url(f"data/png/{entry['name']}")} for entry in data[key]]


def fetch_images(
    entries: list[dict],
    shipped_dir: Path = DATA_DIR / "png",
    cache_dir: Path = CACHE_DIR / "png",
    timeout: float = 5.0,
    deadline: float = 30.0,
) -> list[Path]:
    """Local files for the lesson's pictures, in order.

    The copies shipped with the course in `shipped_dir` are used where they are. Only a picture
    that is not there (a notebook opened on its own, e.g. in Colab, has no data/ folder) is
    downloaded from its "url", once, into `cache_dir`; a failed download raises DownloadError.
    Only a file that decodes as a picture is kept, and a cached one that no longer does is
    deleted (with a sentence) and downloaded again.
    """
    paths = []
    for entry in entries:
        shipped, cached = shipped_dir / entry["name"], cache_dir / entry["name"]
        if shipped.is_file():
            paths.append(shipped)
            continue
        try:
            if not _cached_picture_is_good(cached):
                _download_picture(entry["url"], cached, timeout, deadline)
        except OSError as exc:
            raise DownloadError(f"{entry['name']} cannot be saved in the picture cache: "
                                f"{disk_problem(exc, cache_dir)}.") from None
        except DownloadError as exc:
            raise DownloadError(
                f"{exc}. The course's copy of {entry['name']} is not in {shipped_dir} either: "
                "connect to the internet, or run the lesson from the course's folder."
            ) from None
        paths.append(cached)
    return paths


def _cached_picture_is_good(cached: Path) -> bool:
    """True if `cached` decodes as a picture; a cached file that does not is deleted, saying so."""
    if not cached.exists():
        return False
    try:
        open_image(cached)
    except ImageError as exc:
        cached.unlink()
        print(f"The cached picture {cached} cannot be used ({_reason(exc, cached)}); "
              "deleted it and downloading it again.")
        return False
    return True


def _download_picture(url: str, cached: Path, timeout: float, deadline: float) -> None:
    """Download one picture into the cache, keeping it only if it decodes as a picture."""
    download(url, cached, content_type="image/", max_bytes=5_000_000, timeout=timeout,
             deadline=deadline, check=_must_be_picture)


def _must_be_picture(path: Path) -> None:
    """ValueError (saying why, without the temporary file's name) unless `path` decodes."""
    try:
        open_image(path)
    except ImageError as exc:
        raise ValueError(_reason(exc, path)) from None


def _reason(exc: ImageError, path: Path) -> str:
    """An ImageError's message without the file name it starts with."""
    return str(exc).removeprefix(f"{path}: ")
