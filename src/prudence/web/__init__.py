"""The web app: Prudence for a whole school, served by `prudence serve`."""
