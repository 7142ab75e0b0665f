"""MNIST for the course: the bundled 5,000-digit subset, the original IDX files, a safe download.

* :func:`load_mnist_subset` reads the package's ``mnist_subset.npz`` (shipped with it, verified by
  SHA-256, loaded without pickle): 5,000 real MNIST training digits, split into a stratified
  4,000-image training part and a held-out 1,000-image test part.
* :func:`read_idx` reads one original IDX file (gzipped or not) and validates its header, magic
  number, dimensions and size.
* :func:`load_mnist` loads the full 60,000/10,000 dataset from a folder of IDX files, verifying
  each file's SHA-256 against the published checksums; with ``download=True`` it fetches missing
  files first (:func:`download_mnist`: progress bar, atomic write, checksum check, clear message
  when offline).
* :func:`load_course_mnist` is what chapter 06 calls: the subset by default, the full set when the
  environment variable ``COURSE_MNIST_DIR`` names a folder of the four files (a shared, possibly
  read-only copy on a JupyterHub) or ``COURSE_MNIST=full`` is set.

Introduced in: 05_backpropagation.ipynb (a first look at the digits); the subject of
06_mnist_from_scratch.ipynb
"""

from __future__ import annotations

import gzip
import hashlib
import http.client
import math
import os
import tempfile
import urllib.error
import urllib.request
import zipfile
import zlib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from course_utils._validation import require_bool, require_positive_scalar

__all__ = [
    "MNIST_FILES",
    "MNIST_SHA256",
    "SUBSET_PATH",
    "SUBSET_SHA256",
    "DataError",
    "Dataset",
    "sha256_of",
    "read_idx",
    "load_mnist_subset",
    "load_mnist",
    "download_mnist",
    "load_course_mnist",
]

#: The bundled subset ships inside the package (package data), so a non-editable install has it.
SUBSET_PATH = Path(str(resources.files("course_utils.learning") / "mnist_subset.npz"))
#: SHA-256 of the bundled subset (made by scripts/make_mnist_subset.py; also in data/SHA256SUMS).
SUBSET_SHA256 = "5d40d3e433ce29e70f28432ca57356dba998e34c5e54a34d2c3424f1691d630c"

MNIST_FILES = {
    "train_images": "train-images-idx3-ubyte.gz",
    "train_labels": "train-labels-idx1-ubyte.gz",
    "test_images": "t10k-images-idx3-ubyte.gz",
    "test_labels": "t10k-labels-idx1-ubyte.gz",
}
#: Published SHA-256 checksums of the original gzipped IDX files.
MNIST_SHA256 = {
    "train-images-idx3-ubyte.gz": "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",  # noqa: E501
    "train-labels-idx1-ubyte.gz": "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",  # noqa: E501
    "t10k-images-idx3-ubyte.gz": "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
    "t10k-labels-idx1-ubyte.gz": "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
}
#: A public mirror of the original files (the historical host is often unavailable).
DEFAULT_MIRROR = "https://ossci-datasets.s3.amazonaws.com/mnist/"

_IDX_TYPES = {0x08: np.uint8}
_EXPECTED_SHAPES = {
    "train_images": (60000, 28, 28),
    "train_labels": (60000,),
    "test_images": (10000, 28, 28),
    "test_labels": (10000,),
}


class DataError(ValueError):
    """A data file is missing, corrupt, truncated or not what it claims to be."""


@dataclass(frozen=True)
class Dataset:
    """Images and labels, split into training and test parts.

    Attributes
    ----------
    x_train : ndarray of uint8, shape (N_train, 784)
        Flattened 28 × 28 images, pixel values 0-255.
    y_train : ndarray of int64, shape (N_train,)
    x_test : ndarray of uint8, shape (N_test, 784)
    y_test : ndarray of int64, shape (N_test,)
    source : str
        Where the data came from.
    """

    x_train: NDArray
    y_train: NDArray
    x_test: NDArray
    y_test: NDArray
    source: str


def sha256_of(path: str | os.PathLike[str]) -> str:
    """Hex SHA-256 of a file, read in chunks."""
    file = _as_path(path, "path")
    digest = hashlib.sha256()
    try:
        with open(file, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    except OSError as exc:
        raise DataError(f"{file}: cannot be read ({exc.strerror or exc})") from None
    return digest.hexdigest()


def _as_path(path: object, name: str) -> Path:
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"{name} must be a path (str or pathlib.Path), got {type(path).__name__}")
    return Path(path).expanduser()


def read_idx(path: str | os.PathLike[str]) -> NDArray:
    """Read an IDX file (the MNIST format), gzipped (``.gz``) or not.

    The header is two zero bytes, a type code (0x08 = unsigned byte), the number of dimensions,
    then one big-endian 32-bit size per dimension; the data follow. Everything is checked.

    Parameters
    ----------
    path : path-like

    Returns
    -------
    ndarray of uint8
        Shaped as the header says, e.g. (60000, 28, 28).

    Raises
    ------
    DataError
        Not an IDX file, unsupported type, truncated or with trailing bytes, or a broken gzip.
    """
    path = _as_path(path, "path")
    if not path.is_file():
        raise DataError(f"{path}: no such file")
    try:
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rb") as handle:
            raw = handle.read()
    except (OSError, EOFError, zlib.error) as exc:
        raise DataError(
            f"{path}: cannot be read as {'gzip' if path.suffix == '.gz' else 'a file'}"
            f" ({exc}); the file is corrupt or truncated"
        ) from None
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0:
        raise DataError(f"{path}: not an IDX file (bad magic number {raw[:4].hex()})")
    type_code, ndim = raw[2], raw[3]
    if type_code not in _IDX_TYPES:
        raise DataError(
            f"{path}: unsupported IDX data type 0x{type_code:02x} (only unsigned "
            "bytes, 0x08, are used by MNIST)"
        )
    if ndim < 1 or len(raw) < 4 + 4 * ndim:
        raise DataError(f"{path}: truncated IDX header")
    shape = tuple(int.from_bytes(raw[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim))
    # Python integers: a header's sizes multiply exactly, however large (np.prod would wrap)
    expected = 4 + 4 * ndim + math.prod(shape)
    if len(raw) != expected:
        what = "truncated" if len(raw) < expected else "longer than its header says"
        raise DataError(
            f"{path}: {what}: header promises shape {shape} "
            f"({expected} bytes) but the file holds {len(raw)} bytes"
        )
    return np.frombuffer(raw, dtype=_IDX_TYPES[type_code], offset=4 + 4 * ndim).reshape(shape)


def _verify(path: Path, expected_sha256: str) -> None:
    actual = sha256_of(path)
    if actual != expected_sha256:
        raise DataError(
            f"{path}: SHA-256 {actual} does not match the expected "
            f"{expected_sha256}; the file is corrupt or not the original"
        )


def load_mnist_subset(
    path: str | os.PathLike[str] | None = None, *, verify: bool = True
) -> Dataset:
    """The course's bundled MNIST subset (no download needed).

    5,000 real MNIST *training* digits (the first 500 of each class in the original order),
    split once, stratified and seeded, into 4,000 for training and 1,000 held out for testing —
    none of them are from the official test set.

    Parameters
    ----------
    path : path-like, optional
        Default :data:`SUBSET_PATH`, the package's own ``mnist_subset.npz``.
    verify : bool
        Check the file's SHA-256 first (default).

    Returns
    -------
    Dataset
        x_train (4000, 784), y_train (4000,), x_test (1000, 784), y_test (1000,).
    """
    require_bool(verify, "verify")
    file = _as_path(path, "path") if path is not None else SUBSET_PATH
    if not file.is_file():
        if path is not None:
            raise DataError(f"{file}: no such file")
        raise DataError(
            f"{file}: the bundled MNIST subset is missing; restore it from the "
            "course repository (scripts/make_mnist_subset.py rebuilds it)"
        )
    if path is None:
        # The bundled subset is always checked against its published checksum; a file given by
        # path has no known checksum, so its structure, dtypes, shapes and ranges are checked.
        _verify(file, SUBSET_SHA256)
    try:
        with np.load(file, allow_pickle=False) as archive:
            if not hasattr(archive, "files"):
                raise ValueError("a single .npy array, not an .npz archive")
            missing = {"x_train", "y_train", "x_test", "y_test"} - set(archive.files)
            if missing:
                raise ValueError(f"missing arrays {sorted(missing)}")
            arrays = {k: archive[k] for k in ("x_train", "y_train", "x_test", "y_test")}
    except (KeyError, ValueError, OSError, EOFError, zipfile.BadZipFile, zlib.error) as exc:
        raise DataError(f"{file}: not a valid course subset ({exc})") from None
    _check_split(arrays, file)
    return Dataset(
        arrays["x_train"],
        arrays["y_train"].astype(np.int64),
        arrays["x_test"],
        arrays["y_test"].astype(np.int64),
        source=f"bundled subset {file.name}",
    )


def _check_split(arrays: dict[str, NDArray], where: Path) -> None:
    for part in ("train", "test"):
        x, y = arrays[f"x_{part}"], arrays[f"y_{part}"]
        if x.dtype != np.uint8 or x.ndim != 2 or x.shape[1] != 784:
            raise DataError(
                f"{where}: x_{part} must be uint8 of shape (N, 784), got {x.dtype} {x.shape}"
            )
        if x.shape[0] == 0:
            raise DataError(f"{where}: x_{part} holds no images")
        if y.dtype == np.bool_ or not np.issubdtype(y.dtype, np.integer):
            raise DataError(f"{where}: y_{part} must hold integer labels, got dtype {y.dtype}")
        if y.shape != (x.shape[0],) or y.min() < 0 or y.max() > 9:
            raise DataError(f"{where}: y_{part} must hold one label 0-9 per image")


def _mnist_paths(data_dir: Path) -> dict[str, Path]:
    return {key: data_dir / name for key, name in MNIST_FILES.items()}


def load_mnist(
    data_dir: str | os.PathLike[str],
    *,
    download: bool = False,
    mirror: str = DEFAULT_MIRROR,
    verify: bool = True,
) -> Dataset:
    """The full MNIST dataset from a folder of the four original gzipped IDX files.

    Parameters
    ----------
    data_dir : path-like
        Folder holding (or to receive) the ``*-ubyte.gz`` files.
    download : bool
        Fetch missing files with :func:`download_mnist` first.
    mirror : str
        Base URL for downloads.
    verify : bool
        Check every file's SHA-256 against :data:`MNIST_SHA256`.

    Returns
    -------
    Dataset
        x_train (60000, 784), y_train (60000,), x_test (10000, 784), y_test (10000,).
    """
    folder = _as_path(data_dir, "data_dir")
    require_bool(download, "download")
    require_bool(verify, "verify")
    if not isinstance(mirror, str):
        raise TypeError(f"mirror must be a URL string, got {type(mirror).__name__}")
    paths = _mnist_paths(folder)
    missing = [p.name for p in paths.values() if not p.is_file()]
    if missing and download:
        download_mnist(folder, mirror=mirror)
    elif missing:
        raise DataError(
            f"{folder}: missing {', '.join(missing)}; pass download=True (needs the "
            "internet) or point data_dir at a folder with the four MNIST files"
        )
    arrays = {}
    for key, path in paths.items():
        if verify:
            _verify(path, MNIST_SHA256[path.name])
        arrays[key] = read_idx(path)
        if arrays[key].shape != _EXPECTED_SHAPES[key]:
            raise DataError(f"{path}: shape {arrays[key].shape}, expected {_EXPECTED_SHAPES[key]}")
    return Dataset(
        arrays["train_images"].reshape(60000, 784),
        arrays["train_labels"].astype(np.int64),
        arrays["test_images"].reshape(10000, 784),
        arrays["test_labels"].astype(np.int64),
        source=f"full MNIST from {folder}",
    )


def download_mnist(
    data_dir: str | os.PathLike[str],
    *,
    mirror: str = DEFAULT_MIRROR,
    progress: bool = True,
    timeout: float = 30.0,
) -> list[Path]:
    """Download the four MNIST files into ``data_dir`` safely.

    Each file is written to a temporary file in the same folder, checked against its published
    SHA-256 and only then renamed into place, so an interrupted or corrupted download never
    leaves a half-written file behind. Files already present with the right checksum are kept.

    Parameters
    ----------
    data_dir : path-like
    mirror : str
        Base URL ending in "/".
    progress : bool
        Show a tqdm progress bar per file.
    timeout : float
        Seconds to wait for the server.

    Returns
    -------
    list of Path
        The four files.

    Raises
    ------
    DataError
        Offline, server error, or a checksum mismatch (nothing is left behind).
    """
    folder = _as_path(data_dir, "data_dir")
    if not isinstance(mirror, str):
        raise TypeError(f"mirror must be a URL string, got {type(mirror).__name__}")
    if not mirror.startswith(("http://", "https://", "file://")):
        raise ValueError(f"mirror must be an http(s):// or file:// URL, got {mirror!r}")
    require_bool(progress, "progress")
    timeout = require_positive_scalar(timeout, "timeout")
    created = [p for p in (folder, *folder.parents) if not p.exists()]
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataError(f"{folder}: cannot create the download folder ({exc})") from None
    base = mirror if mirror.endswith("/") else mirror + "/"
    done = []
    try:
        for name in MNIST_FILES.values():
            target = folder / name
            if target.is_file() and sha256_of(target) == MNIST_SHA256[name]:
                done.append(target)
                continue
            handle, tmp_name = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=folder)
            tmp = Path(tmp_name)
            try:
                with os.fdopen(handle, "wb") as out:
                    _fetch(base + name, out, progress=progress, timeout=timeout)
                _verify(tmp, MNIST_SHA256[name])
                os.replace(tmp, target)
            finally:
                tmp.unlink(missing_ok=True)
            done.append(target)
    except BaseException:
        # Nothing half-made stays behind: folders this call created are removed if still empty.
        for made in created:
            try:
                made.rmdir()
            except OSError:
                break
        raise
    return done


def _fetch(url: str, out: object, *, progress: bool, timeout: float) -> None:
    from tqdm.auto import tqdm

    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            total = int(response.headers.get("Content-Length") or 0) or None
            with tqdm(
                total=total,
                unit="B",
                unit_scale=True,
                desc=url.rsplit("/", 1)[-1],
                disable=not progress,
            ) as bar:
                received = 0
                for chunk in iter(lambda: response.read(1 << 16), b""):
                    out.write(chunk)  # type: ignore[attr-defined]
                    received += len(chunk)
                    bar.update(len(chunk))
                if total is not None and received < total:
                    raise http.client.IncompleteRead(b"\0" * received, total - received)
    except urllib.error.HTTPError as exc:
        raise DataError(f"download of {url} failed: HTTP {exc.code} {exc.reason}") from None
    except http.client.IncompleteRead as exc:
        raise DataError(
            f"download of {url} was cut off after {len(exc.partial)} bytes"
            + (f" ({exc.expected} more expected)" if exc.expected else "")
            + "; the connection dropped: try again"
        ) from None
    except (http.client.HTTPException, ValueError) as exc:
        raise DataError(f"download of {url} failed ({type(exc).__name__}: {exc})") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise DataError(
            f"could not download {url} ({exc}). Are you offline? The course works offline with "
            "its bundled subset; for the full set, copy the four MNIST files into a folder and "
            "pass it as data_dir (or COURSE_MNIST_DIR)."
        ) from None


#: Where ``COURSE_MNIST=full`` keeps the full set when ``COURSE_MNIST_DIR`` is not set.
DEFAULT_MNIST_DIR = "~/.cache/calculus-for-ml/mnist"


def load_course_mnist() -> Dataset:
    """The dataset chapter 06 uses: the bundled subset, or the full set when asked for.

    * ``COURSE_MNIST_DIR=/path/to/mnist`` alone selects the full dataset from that folder. One
      variable, set for every user of a JupyterHub (or in an image), points a whole class at one
      shared copy of the four files; the folder may be read-only. Files missing from a writable
      folder are downloaded into it; from a read-only one they are reported, never downloaded
      per user.
    * ``COURSE_MNIST=full`` alone: the full set in ``~/.cache/calculus-for-ml/mnist``, downloaded
      there once if missing.
    * ``COURSE_MNIST=subset`` (or neither variable): the bundled 5,000-digit subset, even when
      ``COURSE_MNIST_DIR`` is set.
    """
    shared = os.environ.get("COURSE_MNIST_DIR", "").strip()
    default = "full" if shared else "subset"
    choice = os.environ.get("COURSE_MNIST", default).strip().lower() or default
    if choice == "subset":
        return load_mnist_subset()
    if choice != "full":
        raise ValueError(f"COURSE_MNIST must be 'subset' or 'full', got {choice!r}")
    folder = Path(shared or DEFAULT_MNIST_DIR).expanduser()
    missing = [p.name for p in _mnist_paths(folder).values() if not p.is_file()]
    if missing and shared and not _writable(folder):
        raise DataError(
            f"COURSE_MNIST_DIR={shared}: the folder lacks {', '.join(missing)} and is read-only, "
            "so nothing is downloaded. Whoever set up this course (the hub's administrator) "
            "should put the four MNIST files there; unset COURSE_MNIST_DIR to use the bundled "
            "subset meanwhile."
        )
    return load_mnist(folder, download=bool(missing))


def _writable(folder: Path) -> bool:
    """Whether files can be created in ``folder`` (or it can be created)."""
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    return existing.is_dir() and os.access(existing, os.W_OK | os.X_OK)
