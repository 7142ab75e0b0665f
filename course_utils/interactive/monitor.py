"""A training run's live plot: loss and accuracy lines that move in place as epochs finish.

:class:`TrainingMonitor` applies the interactive figures' idea to a training loop: two panels
whose lines move with ``set_data`` and are rendered into one ``ipywidgets.Image``, no new figure
per update, the layout computed until the first render with data and then frozen.

Introduced in: 06_mnist_from_scratch.ipynb
"""

from __future__ import annotations

import base64
from typing import Any

import ipywidgets as widgets
import numpy as np

from course_utils._validation import require_int
from course_utils.interactive.rendering import new_figure, render_png
from course_utils.learning.training import History

__all__ = ["TrainingMonitor"]


class TrainingMonitor:
    """A loss/accuracy figure that redraws in place while a model trains.

    Two panels (mini-batch loss; train and held-out accuracy per epoch) whose lines are moved with
    ``set_data`` and rendered into an ``ipywidgets.Image`` — no new figure per update. Displayed
    outside a widget front end it shows a static PNG of its current state.

    Parameters
    ----------
    epochs : int
        How many epochs the accuracy panel's axis has room for.
    held_out_label : str
        The legend's name for the held-out accuracy (``"validation"`` when the held-out data are
        the validation split).
    """

    def __init__(self, epochs: int, *, held_out_label: str = "held out") -> None:
        epochs = require_int(epochs, "epochs", minimum=1)
        if not isinstance(held_out_label, str) or not held_out_label.strip():
            raise TypeError(
                f"held_out_label must be a non-empty string (e.g. 'validation'), "
                f"got {held_out_label!r:.40}"
            )
        self.fig, (self.loss_ax, self.acc_ax) = new_figure(9.0, 3.0, ncols=2)
        (self.loss_line,) = self.loss_ax.semilogy([], [], color="#1f77b4", lw=1)
        self.loss_ax.set_title("mini-batch loss")
        self.loss_ax.set_xlabel("batch")
        (self.train_line,) = self.acc_ax.plot([], [], "o-", color="#1f77b4", label="train")
        (self.test_line,) = self.acc_ax.plot([], [], "o-", color="#d62728", label=held_out_label)
        self.acc_ax.set_xlim(0.5, max(epochs, 1) + 0.5)
        self.acc_ax.set_ylim(0.0, 1.0)
        self.acc_ax.set_xlabel("epoch")
        self.acc_ax.set_title("accuracy")
        self.acc_ax.legend(loc="lower right")
        self.image = widgets.Image(format="png", width=int(self.fig.get_figwidth() * self.fig.dpi))
        self.image.add_class("course-figure")
        self.updates = 0
        self._layout_engine = self.fig.get_layout_engine()
        self._laid_out = False

    def update(self, history: History) -> None:
        """Move the lines to the current history and render once."""
        if not isinstance(history, History):
            raise TypeError(f"history must be a History, got {type(history).__name__}")
        losses = np.asarray(history.batch_loss, dtype=float)
        if losses.size and not np.all(np.isfinite(losses)):
            raise ValueError("history.batch_loss holds NaN or inf: the training diverged")
        if losses.size:
            self.loss_line.set_data(np.arange(1, losses.size + 1), losses)
            self.loss_ax.set_xlim(0, max(losses.size, 10))
            self.loss_ax.set_ylim(max(losses.min() * 0.5, 1e-4), losses.max() * 2)
        epochs = np.arange(1, len(history.train_accuracy) + 1)
        self.train_line.set_data(epochs, history.train_accuracy)
        self.test_line.set_data(epochs, history.test_accuracy)
        if len(history.test_accuracy):
            low = min(min(history.train_accuracy), min(history.test_accuracy))
            self.acc_ax.set_ylim(max(0.0, low - 0.05), 1.0)
        self.image.value = self._render(final_layout=losses.size > 0)
        self.updates += 1

    def _render(self, final_layout: bool) -> bytes:
        """PNG of the figure; the layout runs until the first render with data, then is frozen.

        The constrained layout took about twice as long as drawing the two panels; with data in
        them the tick labels keep their size, so the margins computed once stay right.
        """
        if self._laid_out:
            self.fig.set_layout_engine("none")
        else:
            self.fig.set_layout_engine(self._layout_engine)
            self._laid_out = final_layout
        return render_png(self.fig)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        bundle = dict(self.image._repr_mimebundle_(include=include, exclude=exclude) or {})
        bundle["image/png"] = base64.b64encode(self._render(final_layout=False)).decode("ascii")
        bundle["text/plain"] = "[live training plot]"
        return bundle
