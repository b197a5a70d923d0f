"""Loopbaanbot: reflection on an internship day along the five career competencies."""

__version__ = "0.1.0"
