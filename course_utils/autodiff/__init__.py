"""Automatic differentiation: dual numbers, the Value engine, shared primitives and Jacobians that
count their passes (chapter 03)."""
