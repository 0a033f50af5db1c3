"""The school: its profile, the policy choices it has made, and its rosters (pure)."""
