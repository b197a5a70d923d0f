"""`python -m bot` is the same as the `loopbaanbot` command."""

from bot.cli import main

main()
