"""Understanding what students write, in Dutch and English. Pure: no I/O, no clock.

Shared by the dialogue core (listening, actions, dates) and safeguarding, so neither
imports the other: normalising chat spelling and look-alike letters, lemmas, negation.
"""
