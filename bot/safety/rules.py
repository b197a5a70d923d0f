"""The flag rules a school writes (school/flag_rules.yaml): phrases, levels, what they do."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from bot.safety.meanings import URGENT_KINDS, Kind

Language = Annotated[str, Field(pattern=r"^[a-z]{2}$")]
Level = Literal["urgent", "concern"]
Phrases = dict[Language, list[Annotated[str, Field(min_length=2)]]]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FlagRule(_Strict):
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    level: Level
    reason: dict[Language, str] = Field(description="Shown to mentors, per language.")
    phrases: Phrases = Field(default_factory=dict, description="None for the rules the bot "
                             "raises itself: stemming_laag, veel_weet_niet, niet_afgemaakt, "
                             "and those a flow's option names (flag: nog_zwaar).")
    action: Literal["mentor_request"] | None = Field(
        default=None, description="mentor_request: the student asks for their mentor.")
    kinds: list[Kind] = Field(
        default_factory=list, description="Which kinds of danger the bot recognises by itself "
        "this rule reports (suicidal, self_harm, violence, sexual, unsafe_work are urgent; "
        "bullying, quit, mentor_request are concerns).")

    @model_validator(mode="after")
    def _level_fits_kinds(self) -> FlagRule:
        wrong = [k for k in self.kinds if (k in URGENT_KINDS) != (self.level == "urgent")]
        if wrong:
            need = "urgent" if wrong[0] in URGENT_KINDS else "concern"
            raise ValueError(f"kind '{wrong[0]}' is {need}: give it a rule with level: {need}")
        if "mentor_request" in self.kinds and self.action != "mentor_request":
            raise ValueError("a rule reporting kind 'mentor_request' needs "
                             "action: mentor_request")
        return self


class FlagRules(_Strict):
    aliases: dict[Language, dict[str, str]] = Field(default_factory=dict)
    idioms: Phrases = Field(default_factory=dict)
    negations: Phrases = Field(default_factory=dict)
    rules: list[FlagRule] = Field(min_length=1)

    @model_validator(mode="after")
    def _each_kind_once(self) -> FlagRules:
        seen: dict[str, str] = {}
        for rule in self.rules:
            for kind in rule.kinds:
                if kind in seen:
                    raise ValueError(f"kind '{kind}' is reported by two rules ('{seen[kind]}' and "
                                     f"'{rule.id}'); keep it in one")
                seen[kind] = rule.id
        return self

    def for_kind(self, kind: str) -> FlagRule | None:
        return next((rule for rule in self.rules if kind in rule.kinds), None)
