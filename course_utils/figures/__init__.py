"""Pure drawing functions: each takes an ``ax`` and returns the artists it drew (chapters 01-06)."""
