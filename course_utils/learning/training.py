"""A mini-batch training loop for the course's MLP, and its evaluation.

The live plot that follows a run is ``course_utils.interactive.TrainingMonitor``.

Introduced in: 06_mnist_from_scratch.ipynb
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from course_utils.learning.layers import softmax_cross_entropy
from course_utils.learning.mlp import MLP

__all__ = ["History", "accuracy", "evaluate", "train_classifier"]


def accuracy(net: MLP, x: ArrayLike, labels: ArrayLike, batch_size: int = 2000) -> float:
    """Fraction of rows of ``x`` (N, D) whose predicted class equals ``labels`` (N,).

    Introduced in: 06_mnist_from_scratch.ipynb
    """
    return evaluate(net, x, labels, batch_size)[1]


def evaluate(
    net: MLP, x: ArrayLike, labels: ArrayLike, batch_size: int = 2000
) -> tuple[float, float]:
    """Mean cross-entropy loss and accuracy of ``net`` on (x (N, D), labels (N,)), in batches.

    Introduced in: 06_mnist_from_scratch.ipynb
    """
    xs, ys = np.asarray(x), np.asarray(labels)
    if xs.shape[0] != ys.shape[0] or xs.shape[0] == 0:
        raise ValueError(
            f"x and labels must have the same, non-zero length; got {xs.shape[0]} and {ys.shape[0]}"
        )
    total_loss, correct = 0.0, 0
    for start in range(0, len(ys), batch_size):
        scores, _ = net.forward(xs[start : start + batch_size])
        loss, _ = softmax_cross_entropy(scores, ys[start : start + batch_size])
        total_loss += loss * len(scores)
        correct += int(np.sum(np.argmax(scores, axis=1) == ys[start : start + batch_size]))
    return total_loss / len(ys), correct / len(ys)


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

    Introduced in: 06_mnist_from_scratch.ipynb

    Parameters
    ----------
    net : MLP
    x_train : array_like, shape (N, D)
        Inputs, already normalised.
    y_train : array_like of int, shape (N,)
    x_test, y_test : array_like
        Held-out data for the per-epoch evaluation.
    optimizer : SGD, Momentum, RMSProp or Adam
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

    xs, ys = np.asarray(x_train), np.asarray(y_train)
    if xs.ndim != 2 or ys.shape != (xs.shape[0],):
        raise ValueError(
            f"x_train must be (N, D) with one label per row; got {xs.shape} and {ys.shape}"
        )
    if isinstance(epochs, bool) or not isinstance(epochs, int) or epochs < 1:
        raise ValueError(f"epochs must be a positive whole number, got {epochs!r}")
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError(f"batch_size must be a positive whole number, got {batch_size!r}")
    rng = np.random.default_rng(seed)
    names = list(net.params)
    params = [net.params[k] for k in names]
    history, state = History(), {}
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
