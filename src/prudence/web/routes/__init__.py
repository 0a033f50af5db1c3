"""One module of routes per area of the app."""
