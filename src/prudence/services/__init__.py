"""Use cases: each wires the pure core to the adapters it needs."""
