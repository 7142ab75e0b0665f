"""Train the course's own NumPy MLP on the full MNIST, and the same network in PyTorch on CPU.

What it measures
----------------
* **Ours**: ``course_utils.learning.mlp.MLP`` (784-256-256-10, ReLU, float32, trained through
  ``MLP.loss_and_grads``, the speed path) with ``course_utils.learning.fast.FusedAdam``, the
  in-place twin of the textbook ``course_utils.learning.optim.Adam`` that gives identical
  numbers (lr 2e-3, multiplied by 0.6 after every epoch; batch 128; 8 epochs) on the 60,000
  training images, evaluated on the 10,000 test images after every epoch. Pixels are scaled to
  [0, 1] and standardised with the usual MNIST mean and standard deviation. The IDX files are
  read with ``course_utils.learning.data.read_idx``.
* **PyTorch** (if importable): the same architecture, initial weights, batch size, optimizer,
  hyper-parameters, learning-rate schedule, number of epochs and mini-batch order (one seeded
  permutation per epoch), in float32, in the same process. The two are run epoch by epoch in
  turn, so a burst of load from other processes falls on both rather than on one of them.
* **Machine peak**: the best float32 ``np.matmul`` throughput on large square matrices, and what
  fraction of it one of our epochs achieves, counting only the FLOPs of the matrix products
  (forward 2·N·in·out per layer; backward 2·N·in·out for ∂W plus the same again for ∂x, which
  the first layer does not need). Element-wise work (ReLU, softmax, Adam) counts as overhead.

Both frameworks use the same number of threads: ``BENCH_THREADS`` (default: every core) is
exported as ``OPENBLAS_NUM_THREADS`` / ``OMP_NUM_THREADS`` / ``MKL_NUM_THREADS`` before NumPy
loads (NumPy's OpenBLAS would otherwise also use every core) and passed to
``torch.set_num_threads``.

* **Machine and BLAS**: the CPU model (``/proc/cpuinfo``) and core count, NumPy's BLAS (from
  ``np.show_config``, with the kernel set OpenBLAS chose at run time) and PyTorch's (from
  ``torch.__config__.show()``), and the throughput of each of the MLP's matrix products at the
  training batch size (forward ``x @ W``, backward ``x.T @ d`` and ``d @ W.T``) on both sides.
  The epoch-time ratio of the two frameworks is a report, not a target: it follows the two BLAS
  libraries' speed on these shapes (MKL vs OpenBLAS), which differs from machine to machine.

How to read the output
----------------------
The machine, the two BLAS libraries and the per-product table come first; then one line per
epoch with, for each framework, the wall time of the training pass (mini-batch gathering,
forward, backward, optimizer steps; evaluation excluded) and the test accuracy after it. Timings
on a shared machine vary from run to run: compare medians, rerun when in doubt.
The last line is one JSON object: ``test_accuracy`` (0-1, ours, after the last epoch),
``train_seconds`` (our total training time), ``epoch_seconds_median``, ``matmul_gflops``,
``epoch_fraction_of_peak`` and, with PyTorch, ``torch_epoch_seconds_median``,
``torch_test_accuracy`` and ``epoch_time_ratio`` (ours / PyTorch: below 1 means ours is faster),
``machine``, ``blas`` and ``gemm_gflops`` (one row per product: shape, NumPy and PyTorch GFLOP/s).
The targets are ≥ 98.0 % test accuracy and ≤ 30 s of training; the share of the matmul peak
is reported.
Without PyTorch the JSON says ``"torch": "not installed"`` (or ``"skipped (--no-torch)"``).

    python benchmarks/mnist_mlp.py --data-dir /path/to/mnist [--epochs N] [--batch-size B]
        [--seed S] [--no-torch] [--hidden W [W ...]] [--lr LR] [--lr-decay D]
"""

from __future__ import annotations

import os

# Thread counts must be fixed before NumPy's OpenBLAS (or torch's OpenMP/MKL) starts.
os.environ.setdefault("BENCH_THREADS", str(os.cpu_count() or 1))
os.environ["OPENBLAS_NUM_THREADS"] = os.environ["BENCH_THREADS"]
os.environ["OMP_NUM_THREADS"] = os.environ["BENCH_THREADS"]
os.environ["MKL_NUM_THREADS"] = os.environ["BENCH_THREADS"]

import argparse
import ctypes
import glob
import json
import platform
import re
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from course_utils.learning.data import read_idx
from course_utils.learning.fast import FusedAdam
from course_utils.learning.mlp import MLP

THREADS = int(os.environ["BENCH_THREADS"])
HIDDEN = (256, 256)
EPOCHS = 8
BATCH_SIZE = 128
LR = 2e-3
LR_DECAY = 0.6  # learning rate multiplied by this after every epoch
PIXEL_MEAN, PIXEL_STD = 0.1307, 0.3081  # of the MNIST training pixels scaled to [0, 1]


# -- data --------------------------------------------------------------------------------------


def _read(path: Path, ndim: int) -> NDArray[np.uint8]:
    """One IDX file via ``course_utils.learning.data.read_idx`` (it checks the header and size).

    Unsigned bytes in 3-D (images) or 1-D (labels) are exactly the magic numbers 2051 and 2049.
    """
    arr = read_idx(path)
    if arr.dtype != np.uint8 or arr.ndim != ndim:
        raise ValueError(f"{path}: expected {ndim}-D unsigned bytes, got {arr.dtype} {arr.shape}")
    return arr


def _images(path: Path) -> NDArray[np.float32]:
    """IDX images (magic 2051) as float32 rows, standardised like the MNIST training pixels."""
    pixels = _read(path, 3)
    x = pixels.reshape(len(pixels), -1).astype(np.float32) / 255.0
    return (x - np.float32(PIXEL_MEAN)) / np.float32(PIXEL_STD)


def load(data_dir: Path) -> tuple[NDArray, NDArray, NDArray, NDArray]:
    """x_train (60000, 784) float32, y_train (60000,) int64, x_test, y_test likewise."""
    x_train = _images(data_dir / "train-images-idx3-ubyte.gz")
    y_train = _read(data_dir / "train-labels-idx1-ubyte.gz", 1).astype(np.int64)
    x_test = _images(data_dir / "t10k-images-idx3-ubyte.gz")
    y_test = _read(data_dir / "t10k-labels-idx1-ubyte.gz", 1).astype(np.int64)
    if len(x_train) != len(y_train) or len(x_test) != len(y_test):
        raise ValueError("image and label files disagree on the number of examples")
    if y_train.max() > 9 or y_test.max() > 9:
        raise ValueError("labels must be digits 0-9")
    return x_train, y_train, x_test, y_test


def batch_orders(n: int, epochs: int, seed: int) -> list[NDArray[np.intp]]:
    """One seeded permutation of the training set per epoch, shared by both frameworks."""
    rng = np.random.default_rng(seed)
    return [rng.permutation(n) for _ in range(epochs)]


# -- measurements ------------------------------------------------------------------------------


def matmul_gflops(n: int = 2048, repeats: int = 10) -> float:
    """Best float32 ``np.matmul`` throughput on (n, n) @ (n, n), in GFLOP/s."""
    rng = np.random.default_rng(0)
    a = rng.standard_normal((n, n), dtype=np.float32)
    b = rng.standard_normal((n, n), dtype=np.float32)
    out = np.empty((n, n), dtype=np.float32)
    np.matmul(a, b, out=out)  # warm-up
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        np.matmul(a, b, out=out)
        best = min(best, time.perf_counter() - start)
    return 2 * n**3 / best / 1e9


def epoch_matmul_flops(sizes: tuple[int, ...], n_examples: int) -> int:
    """FLOPs of the matrix products in one training epoch (no ∂x for the first layer)."""
    total = 0
    for layer, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:], strict=True)):
        products = 3 if layer > 0 else 2  # forward, ∂W, and ∂x except for the input layer
        total += products * 2 * n_examples * fan_in * fan_out
    return total


# -- the machine and the BLAS each side uses ---------------------------------------------------


def machine() -> dict[str, Any]:
    """CPU model (``/proc/cpuinfo``), logical CPUs, physical cores and the threads used here."""
    model, physical = platform.processor() or "unknown", set()
    try:
        lines = Path("/proc/cpuinfo").read_text().splitlines()
    except OSError:
        lines = []
    core = {}
    for line in lines:
        key, _, value = (part.strip() for part in line.partition(":"))
        if key == "model name":
            model = value
        elif key in ("physical id", "core id"):
            core[key] = value
            if len(core) == 2:
                physical.add((core["physical id"], core["core id"]))
                core = {}
    flags = next((line for line in lines if line.startswith("flags")), "")
    return {
        "cpu": model,
        "logical_cpus": os.cpu_count(),
        "physical_cores": len(physical) or None,
        "avx512": "avx512f" in flags.split(),
        "threads": THREADS,
    }


def numpy_blas() -> str:
    """NumPy's BLAS: name and version from ``np.show_config``, plus OpenBLAS's runtime kernel."""
    try:
        deps = np.show_config(mode="dicts")["Build Dependencies"]["blas"]  # type: ignore[index]
        text = f"{deps['name']} {deps['version']}"
    except (TypeError, KeyError, AttributeError):
        return "unknown"
    # OpenBLAS picks its kernels at run time (DYNAMIC_ARCH): ask the loaded library which.
    libs = glob.glob(str(Path(np.__file__).parent.parent / "numpy.libs" / "*openblas*.so*"))
    for lib in libs:
        try:
            handle = ctypes.CDLL(lib)
            for name in ("scipy_openblas_get_corename64_", "openblas_get_corename"):
                func = getattr(handle, name, None)
                if func is not None:
                    func.restype = ctypes.c_char_p
                    text += f" (kernels: {func().decode()})"
                    break
        except OSError:
            pass
    return text


def torch_blas(torch: Any) -> str:
    """PyTorch's BLAS from ``torch.__config__.show()`` (BLAS_INFO and the MKL / oneDNN lines)."""
    config = torch.__config__.show()
    found = re.search(r"BLAS_INFO=(\w+)", config)
    parts = [found.group(1) if found else "unknown"]
    for line in config.splitlines():
        line = line.strip(" -")
        if line.startswith(("Intel(R) oneAPI Math Kernel Library Version", "Intel(R) MKL-DNN")):
            parts.append(line.split(" for ")[0].replace("Intel(R) ", ""))
        elif line.startswith("CPU capability usage"):
            parts.append(line)
    return "; ".join(parts)


def gemm_shapes(sizes: tuple[int, ...], batch: int) -> list[tuple[str, int, int, int]]:
    """(name, m, k, n) of every matrix product of one training step: (m, k) @ (k, n)."""
    shapes = []
    for layer, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:], strict=True), start=1):
        shapes.append((f"fwd  x@W{layer}", batch, fan_in, fan_out))
        shapes.append((f"bwd  x.T@d (dW{layer})", fan_in, batch, fan_out))
        if layer > 1:
            shapes.append((f"bwd  d@W{layer}.T (dx)", batch, fan_out, fan_in))
    return shapes


def _best_gflops(
    product: Callable[[Any, Any], Any],
    a: Any,
    b: Any,
    flops: int,
    repeats: int = 7,
    inner: int = 50,
) -> float:
    """``product(a, b)``: best of ``repeats`` blocks of ``inner`` calls, in GFLOP/s."""
    product(a, b)
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(inner):
            product(a, b)
        best = min(best, (time.perf_counter() - start) / inner)
    return flops / best / 1e9


#: The products as the course's NumPy code writes them (W stored (in, out)), and as nn.Linear
#: and autograd compute them in PyTorch (weight w stored (out, in)).
NUMPY_PRODUCTS: dict[str, Callable[[Any, Any], Any]] = {
    "fwd": lambda x, W: x @ W,
    "dW": lambda x, d: x.T @ d,
    "dx": lambda d, W: d @ W.T,
}
TORCH_PRODUCTS: dict[str, Callable[[Any, Any], Any]] = {
    "fwd": lambda x, w: x @ w.T,
    "dW": lambda x, d: d.T @ x,
    "dx": lambda d, w: d @ w,
}


def gemm_throughput(sizes: tuple[int, ...], batch: int, torch: Any) -> list[dict[str, Any]]:
    """GFLOP/s of each of the MLP's products, for NumPy and (if given) PyTorch.

    Each side multiplies float32 arrays laid out as it stores them (see ``NUMPY_PRODUCTS`` and
    ``TORCH_PRODUCTS``): the same FLOPs, the same number of threads.
    """
    rng = np.random.default_rng(0)
    rows = []
    for name, m, k, n in gemm_shapes(sizes, batch):
        kind = "fwd" if name.startswith("fwd") else ("dW" if "dW" in name else "dx")
        if kind == "fwd":  # x (batch, in), W (in, out)
            a, W = rng.standard_normal((m, k), np.float32), rng.standard_normal((k, n), np.float32)
            ours, theirs = (a, W), (a, np.ascontiguousarray(W.T))
        elif kind == "dW":  # x (batch, in), d (batch, out)
            a, d = rng.standard_normal((k, m), np.float32), rng.standard_normal((k, n), np.float32)
            ours = theirs = (a, d)
        else:  # d (batch, out), W (in, out)
            a, W = rng.standard_normal((m, k), np.float32), rng.standard_normal((n, k), np.float32)
            ours, theirs = (a, W), (a, np.ascontiguousarray(W.T))
        flops = 2 * m * k * n
        row: dict[str, Any] = {"product": name, "shape": f"{m}x{k} @ {k}x{n}"}
        row["numpy_gflops"] = round(_best_gflops(NUMPY_PRODUCTS[kind], *ours, flops), 1)
        if torch is not None:
            ta, tb = (torch.from_numpy(v) for v in theirs)
            with torch.no_grad():
                row["torch_gflops"] = round(_best_gflops(TORCH_PRODUCTS[kind], ta, tb, flops), 1)
        rows.append(row)
    return rows


def print_gemms(rows: list[dict[str, Any]], batch: int) -> None:
    print(f"per-product throughput at batch {batch} (best of 7 x 50 calls, GFLOP/s):")
    for row in rows:
        torch_part = ""
        if "torch_gflops" in row:
            ratio = row["torch_gflops"] / row["numpy_gflops"]
            torch_part = f"   torch {row['torch_gflops']:7.1f}   torch/numpy {ratio:4.2f}"
        print(
            f"  {row['product']:<22} {row['shape']:<18} numpy {row['numpy_gflops']:7.1f}"
            + torch_part
        )


# -- the two implementations -------------------------------------------------------------------

Trainer = tuple[Callable[[int], None], Callable[[], float]]


def ours(
    net: MLP,
    data: tuple[NDArray, ...],
    orders: list[NDArray],
    batch_size: int,
    lr: float,
    decay: float,
) -> Trainer:
    """``train_epoch(e)`` and ``accuracy()`` for the course's MLP with the course's (fused) Adam."""
    x_train, y_train, x_test, y_test = data
    keys = list(net.params)
    params = [net.params[k] for k in keys]
    state: dict[str, Any] = {}

    def train_epoch(epoch: int) -> None:
        nonlocal state
        optimizer = FusedAdam(lr=lr * decay**epoch)
        order = orders[epoch]
        for start in range(0, len(order), batch_size):
            idx = order[start : start + batch_size]
            _, grads = net.loss_and_grads(x_train[idx], y_train[idx])
            state = optimizer.step(params, [grads[k] for k in keys], state)

    def accuracy() -> float:
        return float(np.mean(net.predict(x_test) == y_test))

    return train_epoch, accuracy


def pytorch(
    torch: Any,
    net: MLP,
    data: tuple[NDArray, ...],
    orders: list[NDArray],
    batch_size: int,
    lr: float,
    decay: float,
) -> Trainer:
    """The same for PyTorch: the weights of ``net``, the same optimizer, schedule and batches."""
    torch.set_num_threads(THREADS)
    layers: list[Any] = []
    for i in range(1, net.n_layers + 1):
        W, b = net.params[f"W{i}"], net.params[f"b{i}"]
        linear = torch.nn.Linear(*W.shape)
        with torch.no_grad():  # torch stores W as (out, in)
            linear.weight.copy_(torch.from_numpy(np.ascontiguousarray(W.T)))
            linear.bias.copy_(torch.from_numpy(b))
        layers += [linear, torch.nn.ReLU()]
    model = torch.nn.Sequential(*layers[:-1])
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    loss_fn = torch.nn.CrossEntropyLoss()
    x_train, y_train, x_test, y_test = (torch.from_numpy(a) for a in data)

    def train_epoch(epoch: int) -> None:
        for group in optimizer.param_groups:
            group["lr"] = lr * decay**epoch
        order = torch.from_numpy(orders[epoch])
        for start in range(0, len(order), batch_size):
            idx = order[start : start + batch_size]
            loss = loss_fn(model(x_train[idx]), y_train[idx])
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()

    def accuracy() -> float:
        with torch.no_grad():
            return float((model(x_test).argmax(dim=1) == y_test).float().mean())

    return train_epoch, accuracy


# -- driver ------------------------------------------------------------------------------------


def timed_epochs(trainers: dict[str, Trainer], epochs: int) -> dict[str, tuple[list[float], float]]:
    """Alternate one epoch of each trainer, timing the training pass and evaluating after it.

    Interleaving makes any load from other processes fall on both frameworks alike.
    Returns, per trainer, the epoch times and the test accuracy after the last epoch.
    """
    seconds: dict[str, list[float]] = {name: [] for name in trainers}
    acc: dict[str, float] = {}
    for epoch in range(epochs):
        parts = []
        for name, (train_epoch, accuracy) in trainers.items():
            start = time.perf_counter()
            train_epoch(epoch)
            seconds[name].append(time.perf_counter() - start)
            acc[name] = accuracy()
            parts.append(f"{name} {seconds[name][-1]:6.2f} s, test accuracy {acc[name]:.4f}")
        print(f"epoch {epoch + 1:2d}/{epochs}: " + " | ".join(parts), flush=True)
    return {name: (seconds[name], acc[name]) for name in trainers}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data-dir", type=Path, required=True, help="folder with the four gzipped MNIST IDX files"
    )
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
    parser.add_argument(
        "--seed", type=int, default=0, help="seeds the initial weights and the mini-batch order"
    )
    parser.add_argument(
        "--hidden", type=int, nargs="+", default=list(HIDDEN), help="hidden-layer widths"
    )
    parser.add_argument("--lr", type=float, default=LR, help="Adam learning rate, first epoch")
    parser.add_argument(
        "--lr-decay",
        type=float,
        default=LR_DECAY,
        help="learning rate multiplied by this after every epoch",
    )
    parser.add_argument("--no-torch", action="store_true", help="skip the PyTorch comparison")
    args = parser.parse_args()
    if args.epochs < 1 or args.batch_size < 1 or min(args.hidden) < 1:
        parser.error("--epochs, --batch-size and --hidden must be positive")

    data = load(args.data_dir)
    sizes = (data[0].shape[1], *args.hidden, 10)
    orders = batch_orders(len(data[0]), args.epochs, args.seed)
    print(
        f"MLP {'-'.join(map(str, sizes))} ReLU, float32, Adam lr {args.lr} x {args.lr_decay} "
        f"per epoch, batch {args.batch_size}, {args.epochs} epochs, {THREADS} threads "
        f"(NumPy: OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']}; "
        f"PyTorch: torch.set_num_threads({THREADS}))",
        flush=True,
    )
    host = machine()
    print(
        f"machine: {host['cpu']}, {host['logical_cpus']} logical CPUs "
        f"({host['physical_cores']} physical cores), AVX-512 {'yes' if host['avx512'] else 'no'}"
    )
    blas = {"numpy": f"NumPy {np.__version__}: {numpy_blas()}"}
    print(f"BLAS: {blas['numpy']}")
    gflops = matmul_gflops()
    print(f"float32 matmul peak (best np.matmul 2048x2048): {gflops:.1f} GFLOP/s", flush=True)

    net = MLP(sizes, activation="relu", seed=args.seed, dtype=np.float32)
    trainers = {"numpy": ours(net, data, orders, args.batch_size, args.lr, args.lr_decay)}
    result: dict[str, Any] = {}
    torch: Any = None
    if args.no_torch:
        result["torch"] = "skipped (--no-torch)"
    else:
        try:
            import torch
        except ImportError:
            print("PyTorch is not installed: no comparison")
            result["torch"] = "not installed"
        else:
            blas["torch"] = f"PyTorch {torch.__version__}: {torch_blas(torch)}"
            print(f"BLAS: {blas['torch']}")
            twin = MLP(sizes, activation="relu", seed=args.seed, dtype=np.float32)
            twin.params.update({k: v.copy() for k, v in net.params.items()})  # untrained yet
            trainers["torch"] = pytorch(
                torch, twin, data, orders, args.batch_size, args.lr, args.lr_decay
            )

    if torch is not None:
        torch.set_num_threads(THREADS)
    gemms = gemm_throughput(sizes, args.batch_size, torch)
    print_gemms(gemms, args.batch_size)
    timings = timed_epochs(trainers, args.epochs)
    seconds, acc = timings["numpy"]
    median = statistics.median(seconds)
    flops = epoch_matmul_flops(sizes, len(data[0]))
    result = {
        "test_accuracy": round(acc, 4),
        "train_seconds": round(sum(seconds), 3),
        "epoch_seconds_median": round(median, 3),
        "epoch_seconds": [round(t, 3) for t in seconds],
        "matmul_gflops": round(gflops, 1),
        "epoch_gflops": round(flops / median / 1e9, 1),
        "epoch_fraction_of_peak": round(flops / median / 1e9 / gflops, 3),
        **result,
        "machine": host,
        "blas": blas,
        "gemm_gflops": gemms,
    }
    print(
        f"numpy: {sum(seconds):.2f} s of training, median epoch {median:.2f} s "
        f"({result['epoch_gflops']} GFLOP/s in matrix products = "
        f"{result['epoch_fraction_of_peak']:.0%} of the matmul peak)"
    )
    if "torch" in timings:
        t_seconds, t_acc = timings["torch"]
        t_median = statistics.median(t_seconds)
        result.update(
            torch=torch.__version__,
            torch_test_accuracy=round(t_acc, 4),
            torch_train_seconds=round(sum(t_seconds), 3),
            torch_epoch_seconds_median=round(t_median, 3),
            torch_epoch_seconds=[round(t, 3) for t in t_seconds],
            epoch_time_ratio=round(median / t_median, 3),
        )
        print(
            f"torch: {sum(t_seconds):.2f} s of training, median epoch {t_median:.2f} s; "
            f"epoch time ours / torch = {median / t_median:.2f} (a report, not a target: it "
            "follows the two BLAS libraries' throughput on these shapes, above)"
        )
    print(
        f"targets: test accuracy {acc:.2%} (≥ 98.0 %), training {sum(seconds):.1f} s (≤ 30 s), "
        f"matrix products at {result['epoch_fraction_of_peak']:.0%} of the measured peak (reported)"
    )
    result.update(
        sizes=list(sizes),
        batch_size=args.batch_size,
        epochs=args.epochs,
        lr=args.lr,
        lr_decay=args.lr_decay,
        seed=args.seed,
        threads=THREADS,
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
