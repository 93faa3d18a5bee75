"""The benchmark of the portal against PostgreSQL (see bench/run.py)."""
