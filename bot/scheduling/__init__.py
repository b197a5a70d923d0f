"""Scheduled work kept in the database: alerts, escalations. Fires once, survives restarts."""
