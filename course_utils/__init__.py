"""Course utilities."""
