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

from course_utils._validation import require_real_scalar

__all__ = ["Dual", "as_dual"]


class Dual:
    """A dual number ``value + slope·ε`` (ε² = 0): a value and its derivative travelling together.

    Introduced in: 03_chain_rule_and_autodiff.ipynb

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
        return Dual(self.value + o.value, self.slope + o.slope)

    __radd__ = __add__

    def __neg__(self) -> Dual:
        return Dual(-self.value, -self.slope)

    def __sub__(self, other: Any) -> Dual:
        return self + (-as_dual(other, "-"))

    def __rsub__(self, other: Any) -> Dual:
        return as_dual(other, "-") + (-self)

    def __mul__(self, other: Any) -> Dual:
        o = as_dual(other, "*")
        return Dual(self.value * o.value, self.slope * o.value + self.value * o.slope)

    __rmul__ = __mul__

    def __truediv__(self, other: Any) -> Dual:
        o = as_dual(other, "/")
        if o.value == 0.0:
            raise ZeroDivisionError("division by a dual number whose value is 0")
        return Dual(
            self.value / o.value, (self.slope * o.value - self.value * o.slope) / o.value**2
        )

    def __rtruediv__(self, other: Any) -> Dual:
        return as_dual(other, "/") / self

    def __pow__(self, exponent: Any) -> Dual:
        if isinstance(exponent, Dual):
            # a^b = exp(b·ln a): needs a > 0
            return (exponent * self.log()).exp()
        n = require_real_scalar(exponent, "the exponent")
        if self.value == 0.0 and n < 1:
            raise ValueError(f"x**{n:g} has no derivative at x = 0")
        return Dual(self.value**n, n * self.value ** (n - 1) * self.slope)

    def __rpow__(self, base: Any) -> Dual:
        return as_dual(base, "**") ** self

    # -- primitives: f(a + bε) = f(a) + f′(a)·b·ε ------------------------------------------------
    def exp(self) -> Dual:
        e = math.exp(self.value)
        return Dual(e, e * self.slope)

    def log(self) -> Dual:
        if self.value <= 0:
            raise ValueError(f"log needs a positive input, got {self.value:g}")
        return Dual(math.log(self.value), self.slope / self.value)

    def sin(self) -> Dual:
        return Dual(math.sin(self.value), math.cos(self.value) * self.slope)

    def cos(self) -> Dual:
        return Dual(math.cos(self.value), -math.sin(self.value) * self.slope)

    def tanh(self) -> Dual:
        t = math.tanh(self.value)
        return Dual(t, (1 - t * t) * self.slope)

    def sigmoid(self) -> Dual:
        s = (
            1 / (1 + math.exp(-self.value))
            if self.value >= 0
            else (math.exp(self.value) / (1 + math.exp(self.value)))
        )
        return Dual(s, s * (1 - s) * self.slope)

    def relu(self) -> Dual:
        return Dual(max(self.value, 0.0), self.slope if self.value > 0 else 0.0)


def as_dual(value: Any, op: str = "an operation") -> Dual:
    """A Dual as is; an int or float as a constant (slope 0); anything else is a TypeError.

    Introduced in: 03_chain_rule_and_autodiff.ipynb
    """
    if isinstance(value, Dual):
        return value
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(
            f"unsupported operand for {op}: a Dual combines with int, float or Dual, got "
            f"{type(value).__name__} {value!r:.40}"
        )
    return Dual(value, 0.0)
