"""The policy as data: clauses, import, mapping, health check and traceability (pure)."""
