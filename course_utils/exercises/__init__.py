"""Exercise checks, one module per chapter (``ch01`` for 01_derivatives.ipynb, ...)."""
