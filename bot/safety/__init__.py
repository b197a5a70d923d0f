"""Safeguarding: which student words need a human, and how soon. Pure: no I/O."""
