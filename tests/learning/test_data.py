"""MNIST data: the bundled subset, the IDX reader's validation, and the download path tested
against a local HTTP server on 127.0.0.1."""

from __future__ import annotations

import gzip
import hashlib
import http.server
import shutil
import threading
from pathlib import Path

import numpy as np
import pytest

from course_utils.learning import data
from course_utils.learning.data import (
    MNIST_FILES,
    DataError,
    download_mnist,
    load_course_mnist,
    load_mnist,
    load_mnist_subset,
    read_idx,
    sha256_of,
)

ROOT = Path(__file__).resolve().parents[2]
SHARED_MNIST = ROOT.parent / "shared" / "data" / "mnist"


def idx_bytes(array: np.ndarray) -> bytes:
    header = bytes([0, 0, 0x08, array.ndim]) + b"".join(
        int(n).to_bytes(4, "big") for n in array.shape
    )
    return header + array.astype(np.uint8).tobytes()


def test_subset_is_verified_stratified_and_disjoint():
    subset = load_mnist_subset()
    assert subset.x_train.shape == (4000, 784) and subset.x_test.shape == (1000, 784)
    assert subset.x_train.dtype == np.uint8
    assert np.array_equal(np.bincount(subset.y_train), [400] * 10)
    assert np.array_equal(np.bincount(subset.y_test), [100] * 10)
    train_rows = {row.tobytes() for row in subset.x_train}
    assert not any(row.tobytes() in train_rows for row in subset.x_test)
    assert sha256_of(data.SUBSET_PATH) == data.SUBSET_SHA256
    sums = (ROOT / "data" / "SHA256SUMS").read_text().split()  # paths from the top folder
    assert sums == [data.SUBSET_SHA256, "course_utils/learning/mnist_subset.npz"]
    assert sha256_of(ROOT / sums[1]) == data.SUBSET_SHA256


def test_subset_refuses_a_corrupt_copy(tmp_path, monkeypatch):
    bad = tmp_path / "mnist_subset.npz"
    raw = bytearray(data.SUBSET_PATH.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    bad.write_bytes(bytes(raw))
    monkeypatch.setattr(data, "SUBSET_PATH", bad)
    with pytest.raises(DataError, match="SHA-256 .* does not match"):
        load_mnist_subset()
    pickled = tmp_path / "pickled.npz"
    np.savez(
        pickled,
        x_train=np.array([object()], dtype=object),
        y_train=np.zeros(1),
        x_test=np.zeros(1),
        y_test=np.zeros(1),
    )
    with pytest.raises(DataError, match="not a valid course subset"):
        load_mnist_subset(pickled)  # object arrays would need pickle: refused


def test_read_idx_valid_plain_and_gzipped(tmp_path):
    images = np.arange(2 * 3 * 4, dtype=np.uint8).reshape(2, 3, 4)
    plain = tmp_path / "images-idx3-ubyte"
    plain.write_bytes(idx_bytes(images))
    zipped = tmp_path / "images-idx3-ubyte.gz"
    zipped.write_bytes(gzip.compress(idx_bytes(images)))
    assert np.array_equal(read_idx(plain), images)
    assert np.array_equal(read_idx(zipped), images)


@pytest.mark.parametrize(
    "mutate,match",
    [
        (lambda b: b"\x01" + b[1:], "bad magic number"),
        (lambda b: b[:2] + b"\x0d" + b[3:], "unsupported IDX data type 0x0d"),
        (lambda b: b[:-5], "truncated: header promises shape"),
        (lambda b: b + b"\x00", "longer than its header says"),
        (lambda b: b[:6], "truncated IDX header"),
    ],
    ids=["magic", "dtype", "truncated", "trailing", "short-header"],
)
def test_read_idx_refuses_corrupt_files(tmp_path, mutate, match):
    path = tmp_path / "bad-idx"
    path.write_bytes(mutate(idx_bytes(np.zeros((2, 3), dtype=np.uint8))))
    with pytest.raises(DataError, match=match):
        read_idx(path)


def test_read_idx_refuses_broken_gzip(tmp_path):
    path = tmp_path / "broken.gz"
    path.write_bytes(gzip.compress(idx_bytes(np.zeros((50, 50), dtype=np.uint8)))[:40])
    with pytest.raises(DataError, match="corrupt or truncated"):
        read_idx(path)
    with pytest.raises(DataError, match="no such file"):
        read_idx(tmp_path / "missing.gz")


@pytest.mark.skipif(not SHARED_MNIST.is_dir(), reason="the shared original MNIST files are absent")
def test_full_mnist_from_a_folder():
    full = load_mnist(SHARED_MNIST)
    assert full.x_train.shape == (60000, 784) and full.x_test.shape == (10000, 784)
    assert full.y_train[:5].tolist() == [5, 0, 4, 1, 9]
    subset = load_mnist_subset()
    # the subset's images are original training images
    assert any(
        np.array_equal(subset.x_train[0], row)
        for row in full.x_train[full.y_train == subset.y_train[0]][:500]
    )


def test_missing_and_mismatched_files(tmp_path):
    with pytest.raises(DataError, match="missing .*download=True"):
        load_mnist(tmp_path)
    for name in MNIST_FILES.values():
        (tmp_path / name).write_bytes(gzip.compress(b"not mnist"))
    with pytest.raises(DataError, match="does not match the expected"):
        load_mnist(tmp_path)


class _Server:
    """A tiny HTTP server on 127.0.0.1 serving one folder (bounded: stopped after the test)."""

    def __init__(self, folder: Path) -> None:
        handler = _quiet_handler(folder)
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> _Server:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _quiet_handler(folder: Path) -> type[http.server.SimpleHTTPRequestHandler]:
    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(folder), **kwargs)

        def log_message(self, *args):  # keep test output clean
            pass

    return Handler


@pytest.fixture
def fake_mnist(tmp_path, monkeypatch):
    """Four small valid IDX files and their checksums, patched in as the 'published' ones."""
    served = tmp_path / "served"
    served.mkdir()
    rng = np.random.default_rng(0)
    contents = {  # small stand-ins: the download path does not care about the size
        "train_images": rng.integers(0, 256, (60, 28, 28), dtype=np.uint8),
        "train_labels": rng.integers(0, 10, 60, dtype=np.uint8),
        "test_images": rng.integers(0, 256, (10, 28, 28), dtype=np.uint8),
        "test_labels": rng.integers(0, 10, 10, dtype=np.uint8),
    }
    sums = {}
    for key, name in MNIST_FILES.items():
        blob = gzip.compress(idx_bytes(contents[key]), compresslevel=1)
        (served / name).write_bytes(blob)
        sums[name] = hashlib.sha256(blob).hexdigest()
    monkeypatch.setattr(data, "MNIST_SHA256", sums)
    return served, contents


def test_download_over_local_http(tmp_path, fake_mnist):
    served, contents = fake_mnist
    target = tmp_path / "downloaded"
    with _Server(served) as server:
        paths = download_mnist(target, mirror=server.url, progress=False)
    for key, path in zip(MNIST_FILES, paths, strict=True):
        assert np.array_equal(read_idx(path), contents[key])
    assert sorted(p.name for p in target.iterdir()) == sorted(MNIST_FILES.values())
    with _Server(served) as server:  # already there and verified: kept, nothing fetched
        server.httpd.shutdown()
        assert len(download_mnist(target, mirror=server.url, progress=False)) == 4


def test_load_mnist_downloads_then_checks_shapes(tmp_path, fake_mnist):
    served, _ = fake_mnist
    message = r"shape \(60, 28, 28\), expected \(60000, 28, 28\)"
    with _Server(served) as server, pytest.raises(DataError, match=message):
        load_mnist(tmp_path / "d", download=True, mirror=server.url)
    assert len(list((tmp_path / "d").iterdir())) == 4  # the verified downloads stay


def test_download_refuses_a_tampered_file_and_leaves_nothing(tmp_path, fake_mnist):
    served, _ = fake_mnist
    name = MNIST_FILES["test_labels"]
    blob = (served / name).read_bytes()
    (served / name).write_bytes(blob[:-10])  # truncated on the server
    target = tmp_path / "downloaded"
    with _Server(served) as server, pytest.raises(DataError, match="does not match"):
        download_mnist(target, mirror=server.url, progress=False)
    assert not (target / name).exists()
    assert not any(p.name.endswith(".part") for p in target.iterdir())


def test_download_reports_missing_files_and_offline(tmp_path, fake_mnist):
    served, _ = fake_mnist
    (served / MNIST_FILES["train_labels"]).unlink()
    with _Server(served) as server, pytest.raises(DataError, match="HTTP 404"):
        download_mnist(tmp_path / "a", mirror=server.url, progress=False)
    with _Server(served) as server:
        closed = server.url
    with pytest.raises(DataError, match="Are you offline"):
        download_mnist(tmp_path / "b", mirror=closed, progress=False, timeout=2)
    assert not (tmp_path / "b").exists()  # nothing left behind, not even the folder


def test_course_switch(monkeypatch, tmp_path):
    monkeypatch.delenv("COURSE_MNIST", raising=False)
    assert load_course_mnist().x_train.shape == (4000, 784)
    monkeypatch.setenv("COURSE_MNIST", "everything")
    with pytest.raises(ValueError, match="COURSE_MNIST must be"):
        load_course_mnist()
    if SHARED_MNIST.is_dir():
        local = tmp_path / "mnist"
        shutil.copytree(SHARED_MNIST, local)
        monkeypatch.setenv("COURSE_MNIST", "full")
        monkeypatch.setenv("COURSE_MNIST_DIR", str(local))
        assert load_course_mnist().x_train.shape == (60000, 784)
