"""A mini-batch training loop for the course's MLP, and its evaluation.

The live plot that follows a run is ``course_utils.interactive.TrainingMonitor``.

Introduced in: 06_mnist_from_scratch.ipynb
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from course_utils._validation import (
    as_class_labels,
    as_float_array,
    require_bool,
    require_callable,
    require_int,
)
from course_utils.learning.layers import softmax_cross_entropy
from course_utils.learning.mlp import MLP

__all__ = ["History", "accuracy", "evaluate", "train_classifier"]


def accuracy(net: MLP, x: ArrayLike, labels: ArrayLike, batch_size: int = 2000) -> float:
    """Fraction of rows of ``x`` (N, D) whose predicted class equals ``labels`` (N,)."""
    return evaluate(net, x, labels, batch_size)[1]


def evaluate(
    net: MLP, x: ArrayLike, labels: ArrayLike, batch_size: int = 2000
) -> tuple[float, float]:
    """Mean cross-entropy loss and accuracy of ``net`` on (x (N, D), labels (N,)), in batches."""
    _require_net(net)
    xs, ys = _examples(net, x, labels, "x", "labels")
    batch_size = require_int(batch_size, "batch_size", minimum=1)
    total_loss, correct = 0.0, 0
    for start in range(0, len(ys), batch_size):
        scores, _ = net.forward(xs[start : start + batch_size])
        loss, _ = softmax_cross_entropy(scores, ys[start : start + batch_size])
        total_loss += loss * len(scores)
        correct += int(np.sum(np.argmax(scores, axis=1) == ys[start : start + batch_size]))
    return total_loss / len(ys), correct / len(ys)


def _require_net(net: Any) -> None:
    if not isinstance(net, MLP):
        raise TypeError(f"net must be an MLP, got {type(net).__name__} {net!r:.40}")


def _examples(
    net: MLP, x: ArrayLike, labels: ArrayLike, x_name: str, y_name: str
) -> tuple[NDArray, NDArray]:
    """(x, labels) checked against the network: (N, D) finite inputs with D = net's input width,
    N >= 1, and one integer label in [0, classes) per row."""
    xs = as_float_array(x, x_name, ndim=2, nonempty=True)
    sizes = [int(v) for v in net.sizes]
    if xs.shape[1] != sizes[0]:
        raise ValueError(
            f"{x_name} has {xs.shape[1]} features per row but the network expects {sizes[0]} "
            f"(shape {xs.shape})"
        )
    ys = as_class_labels(labels, y_name, length=xs.shape[0], classes=sizes[-1])
    return xs, ys


@dataclass
class History:
    """Per-epoch training record.

    Attributes
    ----------
    train_loss, train_accuracy, test_loss, test_accuracy : list of float
        One entry per epoch (test = held-out data).
    batch_loss : list of float
        The loss of every mini-batch, in order.
    """

    train_loss: list[float] = field(default_factory=list)
    train_accuracy: list[float] = field(default_factory=list)
    test_loss: list[float] = field(default_factory=list)
    test_accuracy: list[float] = field(default_factory=list)
    batch_loss: list[float] = field(default_factory=list)


def train_classifier(
    net: MLP,
    x_train: ArrayLike,
    y_train: ArrayLike,
    x_test: ArrayLike,
    y_test: ArrayLike,
    optimizer: Any,
    *,
    epochs: int,
    batch_size: int = 64,
    seed: int = 0,
    progress: bool = False,
    on_epoch: Callable[[History], None] | None = None,
) -> History:
    """Mini-batch training of ``net`` with softmax cross-entropy; evaluated after every epoch.

    Parameters
    ----------
    net : MLP
    x_train : array_like, shape (N, D)
        Inputs, already normalised.
    y_train : array_like of int, shape (N,)
    x_test, y_test : array_like
        Held-out data for the per-epoch evaluation.
    optimizer : SGD, Momentum, RMSProp or Adam, or anything with the same ``step``
        Used as given. The textbook optimizers of ``course_utils.learning.optim`` (what the
        notebooks pass) and their in-place twins ``FusedSGD``, ..., ``FusedAdam`` of
        ``course_utils.learning.fast`` (what benchmarks/mnist_mlp.py passes) give identical
        numbers; the fused ones allocate fewer temporary arrays.
    epochs, batch_size : int
    seed : int
        Seed of the shuffling.
    progress : bool
        Show a tqdm progress bar (the notebook flavour in Jupyter).
    on_epoch : callable, optional
        Called with the history after every epoch (e.g. ``TrainingMonitor.update`` of
        ``course_utils.interactive``).

    Returns
    -------
    History
    """
    from tqdm.auto import tqdm

    _require_net(net)
    xs, ys = _examples(net, x_train, y_train, "x_train", "y_train")
    x_test, y_test = _examples(net, x_test, y_test, "x_test", "y_test")
    if not callable(getattr(optimizer, "step", None)):
        raise TypeError(
            f"optimizer must be an optimizer such as SGD(0.1) or Adam(0.001) (with a .step "
            f"method), got {type(optimizer).__name__} {optimizer!r:.40}"
        )
    epochs = require_int(epochs, "epochs", minimum=1)
    batch_size = require_int(batch_size, "batch_size", minimum=1)
    seed = require_int(seed, "seed", minimum=0)
    require_bool(progress, "progress")
    if on_epoch is not None:
        require_callable(on_epoch, "on_epoch")
    rng = np.random.default_rng(seed)
    names = list(net.params)
    params = [net.params[k] for k in names]
    history = History()
    state: dict[str, Any] = {}  # the optimizer's memory (velocities, moments, step count)
    batches = int(np.ceil(len(ys) / batch_size))
    bar = tqdm(total=epochs * batches, disable=not progress, desc="training", unit="batch")
    for _ in range(epochs):
        order = rng.permutation(len(ys))
        for start in range(0, len(ys), batch_size):
            idx = order[start : start + batch_size]
            loss, grads = net.loss_and_grads(xs[idx], ys[idx])
            state = optimizer.step(params, [grads[k] for k in names], state)
            history.batch_loss.append(loss)
            bar.update(1)
        for part, (x_part, y_part) in (("train", (xs, ys)), ("test", (x_test, y_test))):
            part_loss, part_accuracy = evaluate(net, x_part, y_part)
            getattr(history, f"{part}_loss").append(part_loss)
            getattr(history, f"{part}_accuracy").append(part_accuracy)
        bar.set_postfix(test_accuracy=f"{history.test_accuracy[-1]:.3f}")
        if on_epoch is not None:
            on_epoch(history)
    bar.close()
    return history
