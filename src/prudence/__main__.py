"""`python -m prudence` runs the command line."""

from prudence.cli import main

main()
