"""The pure dialogue core: flow models, validation rules, engine. No I/O in here."""
