"""Every text the bot says outside a flow's own questions, per language, looked up by key."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from bot.logsafe import SafeMessage

TextValue = str | list[str]
_PLACEHOLDER = re.compile(r"{([A-Za-z_]+)}")
_ANY_PLACEHOLDER = re.compile(r"{([^{}]*)}")


class MissingText(SafeMessage, KeyError):
    """A prompt key is not there in a language; validation should have caught it."""


def placeholders_in(text: str) -> set[str]:
    """The {names} a text uses."""
    return set(_ANY_PLACEHOLDER.findall(text))


def fill(template: str, values: Mapping[str, object]) -> str:
    """Put values into {placeholders}; unknown ones stay as written (a student's text is safe)."""
    return _PLACEHOLDER.sub(lambda m: str(values[m[1]]) if m[1] in values else m[0], template)


def pick(variants: TextValue, seed: int) -> str:
    """One wording out of several, rotated by seed (the student's conversation number)."""
    if isinstance(variants, str):
        return variants
    return variants[seed % len(variants)]


@dataclass(frozen=True)
class Texts:
    """Prompt texts: language -> dotted key -> one text or a list of wordings."""

    by_language: Mapping[str, Mapping[str, TextValue]]

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self.by_language)

    def raw(self, lang: str, key: str) -> TextValue:
        try:
            return self.by_language[lang][key]
        except KeyError:
            raise MissingText(f"prompt '{key}' is missing for language '{lang}'") from None

    def say(self, lang: str, key: str, seed: int = 0, **values: object) -> str:
        return self.render(lang, key, values, seed)

    def render(self, lang: str, key: str, values: Mapping[str, object], seed: int = 0) -> str:
        return fill(pick(self.raw(lang, key), seed), values)

    def keys(self, lang: str) -> frozenset[str]:
        return frozenset(self.by_language.get(lang, {}))

    def date(self, lang: str, day: date) -> str:
        """A date the way a student reads it: 'vrijdag 27 november'."""
        weekdays = self.raw(lang, "dates.weekdays")
        months = self.raw(lang, "dates.months")
        return self.say(lang, "dates.format", weekday=weekdays[day.weekday()], day=day.day,
                        month=months[day.month - 1], year=day.year)
