"""Forward-mode automatic differentiation with dual numbers a + b·ε, where ε² = 0.

Carry a value together with its derivative through every operation: (a + bε)(c + dε) = ac +
(ad + bc)ε is exactly the product rule, and f(a + bε) = f(a) + f′(a)·b·ε for each primitive. Seed
the input with slope 1 and the output's ε part is the derivative, exact to round-off, with no step
size to choose.

Introduced in: 03_chain_rule_and_autodiff.ipynb
"""

from __future__ import annotations

import math
from numbers import Real
from typing import Any

from course_utils._validation import checked_math, finite_result, require_real_scalar

__all__ = ["Dual", "as_dual"]


class Dual:
    """A dual number ``value + slope·ε`` (ε² = 0): a value and its derivative travelling together.

    Parameters
    ----------
    value : float
        The ordinary (real) part.
    slope : float
        The ε part: the derivative with respect to whatever input was seeded with slope 1.

    Examples
    --------
    >>> x = Dual(3.0, 1.0)
    >>> (x * x + 2 * x).slope
    8.0
    """

    __slots__ = ("value", "slope")

    def __init__(self, value: float, slope: float = 0.0) -> None:
        self.value = require_real_scalar(value, "value")
        self.slope = require_real_scalar(slope, "slope")

    def __repr__(self) -> str:
        return f"Dual({self.value:.6g}, {self.slope:.6g})"

    # -- arithmetic: each rule is one line of calculus -----------------------------------------
    def __add__(self, other: Any) -> Dual:
        o = as_dual(other, "+")
        return _dual(self.value + o.value, self.slope + o.slope, "+", self, o)

    __radd__ = __add__

    def __neg__(self) -> Dual:
        return _dual(-self.value, -self.slope, "neg", self)

    def __sub__(self, other: Any) -> Dual:
        return self + (-as_dual(other, "-"))

    def __rsub__(self, other: Any) -> Dual:
        return as_dual(other, "-") + (-self)

    def __mul__(self, other: Any) -> Dual:
        o = as_dual(other, "*")
        return _dual(
            self.value * o.value, self.slope * o.value + self.value * o.slope, "×", self, o
        )

    __rmul__ = __mul__

    def __truediv__(self, other: Any) -> Dual:
        o = as_dual(other, "/")
        if o.value == 0.0:
            raise ValueError(
                f"division by zero: the divisor Dual has value 0 (dividend {self.value:.6g})"
            )
        return _dual(
            self.value / o.value,
            (self.slope * o.value - self.value * o.slope) / o.value**2,
            "÷",
            self,
            o,
        )

    def __rtruediv__(self, other: Any) -> Dual:
        return as_dual(other, "/") / self

    def __pow__(self, exponent: Any) -> Dual:
        if isinstance(exponent, Dual):
            # a^b = exp(b·ln a): needs a > 0
            if self.value <= 0:
                raise ValueError(
                    f"x**y with a Dual exponent needs x > 0 (it is exp(y·ln x)), got "
                    f"x = {self.value:g}"
                )
            return (exponent * self.log()).exp()
        n = require_real_scalar(exponent, "the exponent")
        if self.value == 0.0 and n < 1:
            raise ValueError(f"x**{n:g} has no derivative at x = 0")
        if self.value < 0 and not n.is_integer():
            raise ValueError(f"x**{n:g} is not real for x = {self.value:g} < 0")
        value = checked_math(f"x**{n:g}", lambda x: x**n, self.value)
        local = checked_math(f"the derivative of x**{n:g}", lambda x: n * x ** (n - 1), self.value)
        return _dual(value, local * self.slope, f"**{n:g}", self)

    def __rpow__(self, base: Any) -> Dual:
        return as_dual(base, "**") ** self

    # -- primitives: f(a + bε) = f(a) + f′(a)·b·ε ------------------------------------------------
    def exp(self) -> Dual:
        e = checked_math("exp", math.exp, self.value)
        return _dual(e, e * self.slope, "exp", self)

    def log(self) -> Dual:
        if self.value <= 0:
            raise ValueError(f"log needs a positive input, got {self.value:g}")
        return _dual(math.log(self.value), self.slope / self.value, "log", self)

    def sin(self) -> Dual:
        return _dual(math.sin(self.value), math.cos(self.value) * self.slope, "sin", self)

    def cos(self) -> Dual:
        return _dual(math.cos(self.value), -math.sin(self.value) * self.slope, "cos", self)

    def tanh(self) -> Dual:
        t = math.tanh(self.value)
        return _dual(t, (1 - t * t) * self.slope, "tanh", self)

    def sigmoid(self) -> Dual:
        x = self.value
        e = math.exp(-abs(x))  # never overflows
        s = 1 / (1 + e) if x >= 0 else e / (1 + e)
        return _dual(s, s * (1 - s) * self.slope, "σ", self)

    def relu(self) -> Dual:
        return _dual(max(self.value, 0.0), self.slope if self.value > 0 else 0.0, "ReLU", self)


def _dual(value: float, slope: float, op: str, *operands: Dual) -> Dual:
    """The result of an operation on validated duals: refused only if it left the float range."""
    finite_result(value, op, *(o.value for o in operands))
    finite_result(slope, f"the derivative of {op}", *(o.value for o in operands))
    out = Dual.__new__(Dual)
    out.value = value
    out.slope = slope
    return out


def as_dual(value: Any, op: str = "an operation") -> Dual:
    """A Dual as is; an int or float as a constant (slope 0); anything else is a TypeError."""
    if isinstance(value, Dual):
        return value
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(
            f"unsupported operand for {op}: a Dual combines with int, float or Dual, got "
            f"{type(value).__name__} {value!r:.40}"
        )
    if not math.isfinite(value):
        raise ValueError(f"the operand of {op} must be finite, got {value}")
    return Dual(float(value), 0.0)
