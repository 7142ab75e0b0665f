"""Primitives shared by both modes: ``exp``, ``log``, ``sin``, ... for a float, a Dual or a Value.

One Python function written with these can be evaluated normally, differentiated in forward mode
(:class:`~course_utils.autodiff.dual.Dual`) or recorded for reverse mode
(:class:`~course_utils.autodiff.engine.Value`) without changes. On a float or an array they are
the plain functions (``sigmoid`` and ``relu`` are those of ``course_utils.numeric.functions``),
so ``course_utils.sigmoid`` means one function whatever it is given.

Introduced in: 01_derivatives.ipynb (``relu`` and ``sigmoid`` on arrays) and
03_chain_rule_and_autodiff.ipynb (every primitive, on Dual and Value)
"""

from __future__ import annotations

import math
from collections.abc import Callable
from numbers import Real
from typing import Any

import numpy as np
from numpy.typing import NDArray

from course_utils._validation import (
    as_float_array,
    checked_math,
    require_finite,
    require_real_scalar,
)
from course_utils.autodiff.dual import Dual
from course_utils.autodiff.engine import Value
from course_utils.numeric import functions

__all__ = ["exp", "log", "sin", "cos", "tanh", "sigmoid", "relu"]


def _primitive(
    name: str, plain: Callable[[float], float], array: Callable[[NDArray], NDArray]
) -> Callable[[Any], Any]:
    def apply(x: Any) -> Any:
        if isinstance(x, (Dual, Value)):
            return getattr(x, name)()
        if isinstance(x, Real) and not isinstance(x, (bool, np.bool_)):
            return checked_math(name, plain, require_real_scalar(x, "x"))
        if isinstance(x, (np.ndarray, list, tuple)) or np.iscomplexobj(x):
            with np.errstate(over="ignore", invalid="ignore"):
                out = array(as_float_array(x, "x", allow_complex=True))
            require_finite(np.asarray(out), f"{name}(x)", where=" (the input is out of range)")
            return out
        raise TypeError(
            f"{name}() takes a number, an array of numbers, a Dual or a Value, got "
            f"{type(x).__name__} {x!r:.40}"
        )

    apply.__name__ = name
    apply.__qualname__ = name
    apply.__doc__ = (
        f"{name}(x) for a float or an array (elementwise), a Dual (forward mode) or a Value "
        "(reverse mode)."
    )
    return apply


def _plain_log(x: float) -> float:
    if x <= 0:
        raise ValueError(f"log needs a positive input, got {x:g}")
    return math.log(x)


def _array_log(x: NDArray) -> NDArray:
    if not np.iscomplexobj(x) and np.any(x <= 0):
        raise ValueError(f"log needs positive inputs, got {float(np.min(x)):g}")
    return np.log(x)


def _plain_sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x)) if x >= 0 else math.exp(x) / (1 + math.exp(x))


exp = _primitive("exp", math.exp, np.exp)
log = _primitive("log", _plain_log, _array_log)
sin = _primitive("sin", math.sin, np.sin)
cos = _primitive("cos", math.cos, np.cos)
tanh = _primitive("tanh", math.tanh, np.tanh)
sigmoid = _primitive("sigmoid", _plain_sigmoid, functions.sigmoid)
relu = _primitive("relu", lambda x: max(x, 0.0), functions.relu)
