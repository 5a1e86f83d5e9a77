"""`python -m bench.trends`."""

from bench.trends import main

main()
