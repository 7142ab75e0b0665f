"""Numerical calculus: difference quotients, derivatives, Jacobians, Hessians and gradient checks
(chapters 01-02)."""
