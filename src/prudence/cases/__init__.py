"""Case work: concerns, triage, allegations and the LADO clock, outcomes, declarations (pure)."""
