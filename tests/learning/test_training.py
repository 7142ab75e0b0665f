"""The training loop, evaluation and the live plot (updates in place, static fallback)."""

from __future__ import annotations

import base64

import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_utils.interactive import TrainingMonitor
from course_utils.learning.mlp import MLP
from course_utils.learning.optim import Adam
from course_utils.learning.training import History, accuracy, evaluate, train_classifier

rng = np.random.default_rng(0)
X = rng.normal(size=(120, 5))
Y = (X[:, 0] + X[:, 1] > 0).astype(int) + (X[:, 2] > 1).astype(int)


def test_training_learns_and_records_history():
    net = MLP((5, 16, 3), seed=0)
    history = train_classifier(
        net, X[:90], Y[:90], X[90:], Y[90:], Adam(0.01), epochs=15, batch_size=16, seed=0
    )
    assert len(history.train_accuracy) == len(history.test_loss) == 15
    assert len(history.batch_loss) == 15 * 6
    assert history.train_accuracy[-1] > 0.8 and history.train_loss[-1] < 0.6 * history.train_loss[0]
    loss, acc = evaluate(net, X[90:], Y[90:], batch_size=7)  # batching does not change results
    assert acc == pytest.approx(history.test_accuracy[-1])
    assert loss == pytest.approx(history.test_loss[-1])
    assert accuracy(net, X[90:], Y[90:]) == acc


def test_training_is_deterministic_for_a_seed():
    runs = [
        train_classifier(MLP((5, 8, 3), seed=1), X, Y, X, Y, Adam(0.01), epochs=2, seed=3)
        for _ in range(2)
    ]
    assert runs[0].batch_loss == runs[1].batch_loss


def test_live_plot_updates_in_place():
    figures = plt.get_fignums()
    live = TrainingMonitor(epochs=3)
    lines = (live.loss_line, live.train_line, live.test_line)
    history = History(
        train_loss=[1.0],
        train_accuracy=[0.5],
        test_loss=[1.1],
        test_accuracy=[0.4],
        batch_loss=[2.0, 1.5, 1.0],
    )
    live.update(history)
    first = bytes(live.image.value)
    history.train_accuracy.append(0.7)
    history.test_accuracy.append(0.6)
    history.batch_loss.extend([0.8, 0.6])
    live.update(history)
    assert bytes(live.image.value) != first and live.updates == 2
    assert (live.loss_line, live.train_line, live.test_line) == lines
    assert list(live.test_line.get_ydata()) == [0.4, 0.6]
    assert plt.get_fignums() == figures
    bundle = live._repr_mimebundle_()
    assert base64.b64decode(bundle["image/png"]).startswith(b"\x89PNG")
    assert bundle["text/plain"] == "[live training plot]"


def test_bad_arguments():
    net = MLP((5, 3))
    with pytest.raises(ValueError, match="epochs must be a whole number >= 1"):
        train_classifier(net, X, Y, X, Y, Adam(0.01), epochs=0)
    with pytest.raises(ValueError, match="batch_size must be a whole number >= 1"):
        train_classifier(net, X, Y, X, Y, Adam(0.01), epochs=1, batch_size=0)
    with pytest.raises(ValueError, match="y_train must hold one label per example"):
        train_classifier(net, X, Y[:10], X, Y, Adam(0.01), epochs=1)
    with pytest.raises(ValueError, match="labels must hold one label per example"):
        evaluate(net, X, Y[:3])
