"""``python -m pipeline`` runs the build-print command."""

from pipeline.cli import main

main()
