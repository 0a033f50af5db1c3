"""Case work: concerns, their triage, allegations and the LADO clock, outcomes, declarations (pure)."""
