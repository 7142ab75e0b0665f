"""The widget pattern: Agg figure -> PNG -> ``ipywidgets.Image``, artists moved in place.

Three modules, one idea each:

* :mod:`~course_utils.interactive.rendering`: untracked Agg figures and the fast PNG writer;
* :mod:`~course_utils.interactive.figure`: :class:`InteractiveFigure`, a figure with controls
  whose moves redraw only what moved, with a static view for readers without a kernel;
* :mod:`~course_utils.interactive.monitor`: :class:`TrainingMonitor`, a training run's live plot.
"""

from course_utils.interactive.figure import SLIDER_STYLE, InteractiveFigure, slider_layout
from course_utils.interactive.monitor import TrainingMonitor
from course_utils.interactive.rendering import new_figure, render_png

__all__ = [
    "SLIDER_STYLE",
    "InteractiveFigure",
    "TrainingMonitor",
    "new_figure",
    "render_png",
    "slider_layout",
]
