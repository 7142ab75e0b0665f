"""Each chapter's interactive figures, one module per chapter (``ch01`` for 01_derivatives.ipynb,
...)."""
