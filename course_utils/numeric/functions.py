"""A small catalogue of one-variable functions with their exact derivatives.

The tangent-line explorer lets a learner pick among these, and the tests use the exact derivatives
as references for the numerical ones. Every function is written with NumPy operations, so it works
elementwise on arrays; all but ReLU also accept complex input (for the complex-step method).

Introduced in: 01_derivatives.ipynb
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from course_utils._validation import require_choice

__all__ = ["FunctionSpec", "CATALOG", "get_function", "relu", "sigmoid"]


def relu(x: ArrayLike) -> NDArray:
    """ReLU(x) = max(0, x), elementwise. Shape in = shape out."""
    return np.maximum(0.0, x)


def sigmoid(x: ArrayLike) -> NDArray:
    """The logistic sigmoid 1 / (1 + e^(-x)), elementwise and overflow-free for real x.

    Parameters
    ----------
    x : array_like, shape (...)

    Returns
    -------
    ndarray, shape (...)
    """
    arr = np.asarray(x)
    if np.iscomplexobj(arr):
        return 1.0 / (1.0 + np.exp(-arr))
    # e^(-|x|) never overflows; pick the algebraically equal form for each sign.
    e = np.exp(-np.abs(arr))
    return np.where(arr >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


@dataclass(frozen=True)
class FunctionSpec:
    """A named function with its exact derivative and a sensible plotting window.

    Attributes
    ----------
    key : str
        Short identifier, e.g. ``"sin"``.
    label : str
        How it reads in a figure or readout, e.g. ``"sin x"``.
    f, df : callable
        The function and its exact derivative, elementwise on arrays.
    df_label : str
        The derivative's formula as text.
    x_range : tuple of float
        Plotting window (x_min, x_max); always contains [-3, 3], the explorer's slider range.
    y_range : tuple of float
        Vertical window (y_min, y_max) that keeps tangents readable.
    """

    key: str
    label: str
    f: Callable[[ArrayLike], NDArray]
    df: Callable[[ArrayLike], NDArray]
    df_label: str
    x_range: tuple[float, float]
    y_range: tuple[float, float]


CATALOG: dict[str, FunctionSpec] = {
    spec.key: spec
    for spec in (
        FunctionSpec(
            "square",
            "x²",
            np.square,
            lambda x: 2.0 * np.asarray(x),
            "2x",
            (-3.5, 3.5),
            (-2.0, 12.0),
        ),
        FunctionSpec(
            "cube",
            "x³",
            lambda x: np.asarray(x) ** 3,
            lambda x: 3.0 * np.asarray(x) ** 2,
            "3x²",
            (-3.5, 3.5),
            (-30.0, 30.0),
        ),
        FunctionSpec("sin", "sin x", np.sin, np.cos, "cos x", (-2 * np.pi, 2 * np.pi), (-1.6, 1.6)),
        FunctionSpec("exp", "eˣ", np.exp, np.exp, "eˣ", (-3.5, 3.5), (-2.0, 22.0)),
        FunctionSpec(
            "relu",
            "ReLU(x)",
            relu,
            lambda x: (np.asarray(x) > 0).astype(np.float64),
            "1 if x > 0 else 0",
            (-3.5, 3.5),
            (-1.0, 3.5),
        ),
        FunctionSpec(
            "sigmoid",
            "σ(x)",
            sigmoid,
            lambda x: sigmoid(x) * (1.0 - sigmoid(x)),
            "σ(x)(1 − σ(x))",
            (-6.0, 6.0),
            (-0.25, 1.25),
        ),
    )
}


def get_function(key: str) -> FunctionSpec:
    """Look up a catalogue entry by key ("square", "cube", "sin", "exp", "relu", "sigmoid")."""
    return CATALOG[require_choice(key, "key", CATALOG)]
