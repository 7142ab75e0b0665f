"""Pure drawing functions for functions of two variables: contours, gradient fields, tangent planes.

As in ``course_utils.figures.curves``, each ``plot_*`` function draws on the ``ax`` it is given and
returns the artists it made; :class:`GradientPlot` also has an ``update`` method that moves its
artists in place, which the gradient explorer's sliders call.

Introduced in: 02_partial_derivatives_and_gradients.ipynb
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.quiver import Quiver
from mpl_toolkits.mplot3d import Axes3D
from numpy.typing import NDArray

from course_utils._validation import (
    as_float_array,
    require_axes,
    require_bool,
    require_callable,
    require_int,
    require_positive_scalar,
    require_real_scalar,
    require_window,
)
from course_utils.numeric.derivatives import gradient

__all__ = ["GradientPlot", "grid_values", "plot_contours", "plot_gradient", "plot_tangent_plane"]

GRADIENT_COLOR = "#d62728"
DIRECTION_COLOR = "#2ca02c"


def _axes(ax: Axes | None, projection: str | None = None) -> Axes:
    require_axes(ax)
    if ax is None:
        fig = plt.figure(figsize=(6, 5))
        ax = fig.add_subplot(projection=projection)
    return ax


def _window(values: Any, name: str) -> tuple[float, float]:
    return require_window(values, name)


def _point(point: Any) -> NDArray:
    if isinstance(point, (str, bytes)) or point is None:
        raise TypeError(f"point must be two numbers (x, y), got {type(point).__name__}")
    arr = as_float_array(point, "point").reshape(-1)
    if arr.size != 2:
        raise ValueError(f"point must be two numbers (x, y), got {point}")
    return arr.astype(np.float64)


def grid_values(
    f: Callable[[NDArray], Any],
    x_range: tuple[float, float],
    y_range: tuple[float, float],
    n: int = 121,
) -> tuple[NDArray, NDArray, NDArray]:
    """Evaluate f(v) with v = (x, y) on an n × n grid.

    ``f`` receives a stacked array ``v`` of shape (2, n, n), so a function written for one point
    as ``v[0]**2 + v[1]**2`` works on the whole grid at once.

    Returns
    -------
    X, Y, Z : ndarray, shape (n, n)
    """
    require_callable(f, "f")
    n = require_int(n, "n", minimum=2)
    xs = np.linspace(*_window(x_range, "x_range"), n)
    ys = np.linspace(*_window(y_range, "y_range"), n)
    X, Y = np.meshgrid(xs, ys)
    out = f(np.stack([X, Y]))
    if out is None:
        raise TypeError("f returned None; did the function forget a `return`?")
    try:
        Z = np.asarray(out, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"f must return numbers, got {type(out).__name__} {out!r:.40}") from None
    if Z.shape != X.shape:
        raise ValueError(
            f"f must work elementwise on a stacked grid: f(v) with v of shape {(2, *X.shape)} "
            f"returned shape {Z.shape} (write f with v[0], v[1] and NumPy operations)"
        )
    return X, Y, Z


def plot_contours(
    f: Callable[[NDArray], Any],
    *,
    x_range: tuple[float, float] = (-3.0, 3.0),
    y_range: tuple[float, float] = (-3.0, 3.0),
    levels: int = 15,
    quiver: bool = True,
    quiver_density: int = 15,
    colorbar: bool = False,
    ax: Axes | None = None,
) -> dict[str, Any]:
    """Filled contours of f(x, y) with labelled level lines and, optionally, a gradient field.

    The quiver arrows are the numerical gradient ∇f on a coarse grid, scaled to a common length
    so that their *direction* is readable everywhere; each crosses the level lines at right angles.

    Parameters
    ----------
    f : callable
        ``f(v) -> float`` with ``v = (x, y)``; must also work on stacked grids (see
        :func:`grid_values`).
    x_range, y_range : (float, float)
    levels : int
        Number of contour levels.
    quiver : bool
        Draw the gradient field.
    quiver_density : int
        Arrows per axis.
    colorbar : bool
        Add a colour bar labelled "f(x, y)", so that low (dark) and high (bright) can be read off
        the picture.
    ax : Axes, optional

    Returns
    -------
    dict
        ``"filled"`` and ``"lines"`` (QuadContourSet), ``"quiver"`` (Quiver or None),
        ``"colorbar"`` (Colorbar or None).
    """
    x_range, y_range = _window(x_range, "x_range"), _window(y_range, "y_range")
    levels = require_int(levels, "levels", minimum=1)
    quiver = require_bool(quiver, "quiver")
    quiver_density = require_int(quiver_density, "quiver_density", minimum=2)
    colorbar = require_bool(colorbar, "colorbar")
    X, Y, Z = grid_values(f, x_range, y_range)
    if not np.any(np.isfinite(Z)):
        raise ValueError("f is NaN or inf everywhere on the grid: there is nothing to draw")
    ax = _axes(ax)
    filled = ax.contourf(X, Y, Z, levels=levels, cmap="viridis", alpha=0.85)
    lines = ax.contour(X, Y, Z, levels=filled.levels, colors="white", linewidths=0.6)
    arrows: Quiver | None = None
    if quiver:
        qx = np.linspace(*x_range, quiver_density)
        qy = np.linspace(*y_range, quiver_density)
        QX, QY = np.meshgrid(qx, qy)
        G = np.array(
            [gradient(f, np.array([a, b])) for a, b in zip(QX.ravel(), QY.ravel(), strict=True)]
        )
        norms = np.linalg.norm(G, axis=1)
        scale = np.where(norms > 0, 1 / np.maximum(norms, 1e-300), 0.0)
        arrows = ax.quiver(
            QX.ravel(),
            QY.ravel(),
            G[:, 0] * scale,
            G[:, 1] * scale,
            color="white",
            alpha=0.7,
            width=0.003,
            pivot="mid",
        )
    ax.set_xlim(*x_range)
    ax.set_ylim(*y_range)
    ax.set_aspect("equal")
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    figure = cast(Figure, ax.figure)  # an Axes always belongs to a figure
    bar = figure.colorbar(filled, ax=ax, shrink=0.85, label="f(x, y)") if colorbar else None
    return {"filled": filled, "lines": lines, "quiver": arrows, "colorbar": bar}


@dataclass
class GradientPlot:
    """Artists showing ∇f at a point, a direction u, and the level set's tangent there.

    Attributes
    ----------
    ax : Axes
    marker : Line2D
        The point (x, y).
    grad_arrow, direction_arrow : Quiver
        ∇f(x, y) (drawn at a fixed length, direction exact) and the unit direction u.
    level_tangent : Line2D
        A short segment along the level set through the point (perpendicular to ∇f).
    f : callable
    point : ndarray, shape (2,)
    grad : ndarray, shape (2,)
    angle_deg : float
        Direction of u, degrees counter-clockwise from the +x axis.
    arrow_length : float
        Drawn length of both arrows, in data units.
    """

    ax: Axes
    marker: Line2D
    grad_arrow: Quiver
    direction_arrow: Quiver
    level_tangent: Line2D
    f: Callable[[NDArray], Any]
    point: NDArray
    grad: NDArray
    angle_deg: float
    arrow_length: float

    @property
    def direction(self) -> NDArray:
        """The unit vector u, shape (2,)."""
        theta = np.deg2rad(self.angle_deg)
        return np.array([np.cos(theta), np.sin(theta)])

    def update(self, point: Any | None = None, angle_deg: float | None = None) -> NDArray:
        """Move the point and/or turn the direction; returns ∇f at the point, shape (2,)."""
        if point is not None:
            self.point = _point(point)
            self.grad = np.asarray(gradient(self.f, self.point), dtype=float)
        if angle_deg is not None:
            self.angle_deg = require_real_scalar(angle_deg, "angle_deg")
        x, y = self.point
        self.marker.set_data([x], [y])
        norm = float(np.linalg.norm(self.grad))
        g = self.grad / norm * self.arrow_length if norm > 0 else np.zeros(2)
        self.grad_arrow.set_offsets([[x, y]])
        self.grad_arrow.set_UVC([g[0]], [g[1]])
        u = self.direction * self.arrow_length
        self.direction_arrow.set_offsets([[x, y]])
        self.direction_arrow.set_UVC([u[0]], [u[1]])
        if norm > 0:
            t = np.array([-self.grad[1], self.grad[0]]) / norm * self.arrow_length * 0.8
            self.level_tangent.set_data([x - t[0], x + t[0]], [y - t[1], y + t[1]])
        else:
            self.level_tangent.set_data([], [])
        return self.grad


def plot_gradient(
    f: Callable[[NDArray], Any],
    point: Any,
    angle_deg: float = 0.0,
    *,
    ax: Axes,
    arrow_length: float = 1.0,
) -> GradientPlot:
    """Draw ∇f at ``point`` (red), a unit direction u at ``angle_deg`` (green) and the level
    set's tangent (dashed), on axes that usually already hold :func:`plot_contours`.

    Parameters
    ----------
    f : callable
        ``f(v) -> float`` with ``v = (x, y)``.
    point : (float, float)
    angle_deg : float
        Direction of u in degrees from the +x axis.
    ax : Axes
    arrow_length : float
        Drawn arrow length in data units (the readout gives the true |∇f|).

    Returns
    -------
    GradientPlot
    """
    require_callable(f, "f")
    _point(point)
    angle_deg = require_real_scalar(angle_deg, "angle_deg")
    arrow_length = require_positive_scalar(arrow_length, "arrow_length")
    ax = _axes(ax)
    arrow_kw: dict[str, Any] = {
        "angles": "xy",
        "scale_units": "xy",
        "scale": 1,
        "width": 0.008,
        "zorder": 5,
    }
    grad_arrow = ax.quiver(
        [0.0], [0.0], [0.0], [0.0], color=GRADIENT_COLOR, label="∇f (direction)", **arrow_kw
    )
    direction_arrow = ax.quiver(
        [0.0], [0.0], [0.0], [0.0], color=DIRECTION_COLOR, label="direction u", **arrow_kw
    )
    (tangent,) = ax.plot(
        [], [], ls="--", color="black", lw=1.5, label="level set's tangent", zorder=4
    )
    (marker,) = ax.plot([], [], "o", color="black", ms=6, zorder=6)
    plot = GradientPlot(
        ax,
        marker,
        grad_arrow,
        direction_arrow,
        tangent,
        f,
        _point(point),
        np.zeros(2),
        float(angle_deg),
        float(arrow_length),
    )
    plot.update(point=point, angle_deg=angle_deg)
    ax.legend(loc="upper left", fontsize=8, framealpha=0.9)
    return plot


def plot_tangent_plane(
    f: Callable[[NDArray], Any],
    point: Any,
    *,
    x_range: tuple[float, float] = (-2.0, 2.0),
    y_range: tuple[float, float] = (-2.0, 2.0),
    plane_halfwidth: float = 0.8,
    ax: Axes | None = None,
) -> dict[str, Any]:
    """3-D surface z = f(x, y) with its tangent plane z = f(p) + ∇f(p)·(v − p) at ``point``.

    Parameters
    ----------
    f : callable
        ``f(v) -> float`` with ``v = (x, y)``, grid-capable (see :func:`grid_values`).
    point : (float, float)
    x_range, y_range : (float, float)
    plane_halfwidth : float
        Half the side of the square patch of tangent plane drawn.
    ax : Axes3D, optional
        Axes with ``projection="3d"``.

    Returns
    -------
    dict
        ``"surface"``, ``"plane"`` (Poly3DCollection), ``"point"`` (Line3D), ``"gradient"``
        (ndarray, shape (2,)).
    """
    require_callable(f, "f")
    p = _point(point)
    x_range, y_range = _window(x_range, "x_range"), _window(y_range, "y_range")
    plane_halfwidth = require_positive_scalar(plane_halfwidth, "plane_halfwidth")
    ax = _axes(ax, projection="3d")
    if not isinstance(ax, Axes3D):
        raise ValueError("ax must be a 3-D axes (created with projection='3d')")
    X, Y, Z = grid_values(f, x_range, y_range, n=60)
    z0 = float(np.asarray(f(p)))
    g = np.asarray(gradient(f, p), dtype=float)
    # matplotlib sorts 3-D collections by their mean depth, which puts a small plane behind a large
    # surface from most viewpoints. Draw in a fixed order instead: the surface (translucent), then
    # the plane, then the point of contact, so the plane is seen where it touches.
    ax.computed_zorder = False
    surface = ax.plot_surface(
        X, Y, Z, cmap="viridis", alpha=0.6, linewidth=0, antialiased=True, zorder=1
    )
    s = np.linspace(-plane_halfwidth, plane_halfwidth, 2)
    PX, PY = np.meshgrid(p[0] + s, p[1] + s)
    PZ = z0 + g[0] * (PX - p[0]) + g[1] * (PY - p[1])
    plane = ax.plot_surface(
        PX, PY, PZ, color=GRADIENT_COLOR, alpha=0.7, edgecolor="#8b1a1a", linewidth=0.8, zorder=2
    )
    (dot,) = ax.plot([p[0]], [p[1]], [z0], "o", color="black", ms=6, zorder=3)
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.set_zlabel("z")
    return {"surface": surface, "plane": plane, "point": dot, "gradient": g}
