"""Benchmarks behind `make bench`: speed of the policy tools and the checker on this machine."""
