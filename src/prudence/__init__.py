"""Prudence: a school's Social Media and Networking Policy as working software."""
