"""TrainingMonitor: a training run's live plot, laid out once, its lines moved in place."""

from __future__ import annotations

import pytest

from course_utils.interactive import TrainingMonitor
from course_utils.learning.training import History

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def test_training_monitor_lays_out_once_then_freezes():
    monitor = TrainingMonitor(epochs=3)
    monitor._repr_mimebundle_()  # before any data: laid out, not frozen yet
    history = History(batch_loss=[2.3, 1.0, 0.5], train_accuracy=[0.8], test_accuracy=[0.78])
    monitor.update(history)
    positions = [ax.get_position().bounds for ax in monitor.fig.axes]
    history.batch_loss.extend([0.3, 0.2])
    history.train_accuracy.append(0.9)
    history.test_accuracy.append(0.88)
    monitor.update(history)
    assert monitor.fig.get_layout_engine() is None or (
        type(monitor.fig.get_layout_engine()).__name__ == "PlaceHolderLayoutEngine"
    )
    assert [ax.get_position().bounds for ax in monitor.fig.axes] == positions
    assert monitor.updates == 2 and bytes(monitor.image.value).startswith(PNG_MAGIC)


def test_training_monitor_names_its_held_out_curve():
    monitor = TrainingMonitor(3, held_out_label="validation")
    labels = [t.get_text() for t in monitor.acc_ax.get_legend().get_texts()]
    assert labels == ["train", "validation"]
    with pytest.raises(TypeError, match="held_out_label must be a non-empty string"):
        TrainingMonitor(3, held_out_label="")
