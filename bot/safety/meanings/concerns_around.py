"""Concerns told around the words, the way students write them in a longer message: the
pinpas refused and no groceries, leftovers taken home for a sister's breakfast; looking at
other courses, calling in sick to get out of the day; wanting someone from school to know;
the other table at lunch, a group chat without them, a prank the whole team laughed at.

Written for a concern-heavy tuning file (`tests/eval/safety_tuning_j.yaml`, 2026-12-08), which
the rules in concerns.py caught 42.5% of as it came in."""

from __future__ import annotations

from bot.safety.meanings.concerns import FINISHED_OR_SIDE_JOB, ROUTINE_QUESTION, TEASING_ENJOYED
from bot.safety.meanings.part import Part
from bot.safety.meanings.registry import meaning

_HOME = r"(?:thuis|at home|at ours|bij ons|in huis|mn moeder|mijn moeder|mn vader|mijn vader|" \
        r"mn zusje|mijn zusje|mn broertje|my (?:mum|mom|dad|sister|brother|little))"


@meaning("basic_needs")
def no_food_told_around(p: Part) -> bool:
    """Not enough to eat at home, told by what it looks like."""
    if p.about_others and not p.first_person:
        return False
    groceries = p.message(r"\b(?:geen|zonder|bijna geen|no|without) (?:\w+ )?(?:boodschappen|"
                          r"groceries)\b") and p.message(r"\b(?:we|wij|ons|mn moeder|mijn moeder|"
                                                         r"mn vader|mijn vader|thuis|home|my)\b")
    food_bank = p.message(r"\b(?:voedselbank|food ?bank)\b") and not p.message(
        r"\b(?:vrijwilliger|volunteer\w*|ingepakt|inpakken|meehelpen|helpen|inzamel\w*|"
        r"collect\w*|pakketten voor)\b")
    leftovers = p.message(r"\b(?:restjes|leftovers?|leftover \w+|(?:broodjes|brood) (?:mee )?"
                          r"die over (?:zijn|waren))\b") and p.message(
        r"\b(?:geen hond|anders heeft|anders hebben|nothing to eat|niks te eten|geen ontbijt|"
        r"no breakfast|geen eten|no food)\b")
    dry_bread = p.message(r"\b(?:alleen (?:nog )?droog brood|only dry bread|fakka met eten)\b")
    no_money_no_meal = p.message(r"\b(?:niet|nie|niks|not|nothing) (?:\w+ )?(?:gegeten|eaten)\b"
                                 r".{0,40}\b(?:geen geld|no money)\b|\b(?:geen geld|no money)\b"
                                 r".{0,40}\b(?:niet|nie|niks|not) (?:\w+ )?(?:gegeten|eaten)\b")
    skipped = p.message(r"\b(?:skip|skipped|skipping|sla|sloeg|overslaan) (?:\w+ )?(?:dinner|"
                        r"lunch|breakfast|meals?|avondeten|ontbijt|eten)\b.{0,40}\b(?:so (?:my|"
                        r"that|they)|zodat|enough|genoeg)\b")
    only_food = p.message(r"\b(?:enige|only thing) (?:\w+ ){0,2}(?:wat|that) (?:ik|i) "
                          r"(?:\w+ )?(?:at|ate|gegeten)\b") and p.message(
        r"\b(?:thuis|at home|bij ons)\b (?:\w+ ){0,5}(?:niks|niets|nothing|bijna niks|leeg)\b")
    pretend = p.message(r"\b(?:zeg|zei|say|said|tell) (?:ik |i )?(?:\w+ ){0,3}(?:op dieet|on a "
                        r"diet|geen honger|not hungry)\b") and p.message(
        r"\b(?:niks|niets|nothing) (?:\w+ )?(?:in huis|thuis|at home|to eat|te eten)\b|"
        r"\b(?:in huis|thuis|at home)\b (?:\w+ ){0,3}(?:niks|niets|nothing)\b")
    month_end = p.message(r"\b(?:eind|einde|end) (?:van de|of the) (?:maand|month)\b") and \
        p.message(r"\b(?:geen geld|no money|geld op|money runs out|niks meer|nothing left)\b") \
        and p.message(r"\b(?:lunch|eten|food|water|honger|hungry|boodschappen|ontbijt)\b")
    hidden_hunger = p.message(r"\b(?:drink|drinks|drank)\b.{0,30}\bwater\b.{0,40}\b(?:zodat "
                              r"niemand|so nobody|so no one|niemand (?:het )?(?:ziet|merkt))\b")
    no_breakfast = p.message(r"\b(?:thuis|at home|bij ons)\b (?:\w+ ){0,3}(?:nooit|never|geen|"
                             r"no) (?:ontbijt|breakfast|avondeten|dinner|eten|food)\b")
    return groceries or food_bank or leftovers or dry_bread or no_money_no_meal or skipped \
        or only_food or pretend or month_end or hidden_hunger or no_breakfast


@meaning("quit")
def quit_told_around(p: Part) -> bool:
    """Wanting out of the internship or the study, without saying 'stoppen'."""
    if p.about_others and not p.first_person:
        return False
    if p.message(FINISHED_OR_SIDE_JOB):
        return False  # a placement finished, a side job or a sport quit, a next course
    return p.message(
        r"\b(?:zie|see) (?:mezelf|myself) (?:\w+ ){0,2}(?:hier|here|daar|there) (?:\w+ ){0,2}"
        r"(?:niet|nie|not|never)\b|\b(?:zie|see) (?:mezelf|myself) (?:\w+ ){0,2}(?:niet|nie|not) "
        r"(?:\w+ ){0,3}(?:nog een|another|een heel) (?:jaar|year|maand|month)\b|"
        r"\b(?:kijken|keek|kijk|gekeken|looking|looked|look) (?:\w+ ){0,5}(?:naar |at )?(?:andere|"
        r"other|een andere|another) (?:opleidingen|opleiding|studies|studie|courses?|"
        r"apprenticeships?)\b|\bapprenticeships? in other\b|"
        r"\b(?:nie|niet|not|never) (?:\w+ )?(?:afmaken|finish)\b.{0,20}\b(?:stage|opleiding|"
        r"placement|course|internship)?|\b(?:stage|opleiding|placement|course) (?:\w+ )?(?:nie|"
        r"niet|not) (?:\w+ )?afmaken\b|"
        r"\bonder (?:de |het |die )?(?:stage\w*|school|werk|bpv) (?:\w+ )?uit (?:kan |te )?komen\b|"
        r"\b(?:nie|niet) meer (?:terug ?ga\w*|teruggaan)\b|"
        r"\bterug ?ga (?:\w+ )?(?:nie|niet) meer\b|"
        r"\bblijf (?:daar|hier) (?:\w+ )?(?:nie|niet)\b|\b(?:i'm|im|i am) not staying\b|"
        r"\bmeld (?:ik )?(?:me|mij) (?:\w+ ){0,2}af\b|"
        r"\bhalverwege (?:je|mijn|mn|de) (?:stage|opleiding) (?:\w+ )?(?:stop|stopt|stoppen)\b|"
        r"\bkan (?:ik|je|k) (?:\w+ ){0,2}(?:nog )?overstappen\b|"
        r"\bheb (?:het|t) (?:wel )?gehad met (?:die|de|deze|mijn|mn) (?:studie|opleiding|stage)\b|"
        r"\bwhy (?:im|i'm|i am) (?:even )?(?:still )?doing (?:this|the|my) (?:course|placement|"
        r"internship)\b|\b(?:can't|cant|can not) face (?:that|this|the) (?:place|placement|"
        r"internship|job)\b|\b(?:don't|dont|do not) think (?:im|i'm|i am|i'll|ill) (?:\w+ )?"
        r"(?:going|go) back\b|\b(?:ik ben|ben ik) (?:\w+ )?weg daar\b|"
        r"\b(?:wil|wou|want to|wanna) (?:\w+ )?(?:weg|leave|out) (?:bij|van|uit|from|of) "
        r"(?:deze|die|de|het|mijn|mn|this|that|my) (?:stage\w*|opleiding|plek|bedrijf|zaak|"
        r"placement|internship|course)\b")


@meaning("mentor_request")
def help_asked_around(p: Part) -> bool:
    """Asking for someone from school, or for help, in other words."""
    if p.message(ROUTINE_QUESTION):
        return False  # how to call in sick; a friend told to ask their own tutor
    return p.message(
        r"\b(?:wil|zou) (?:het |t )?(?:er )?(?:\w+ ){0,4}(?:over hebben|over praten|praten) met "
        r"iemand\b|\b(?:iemand|someone|somebody) (?:\w+ ){0,2}(?:met me|with me) (?:\w+ )?(?:mee ?"
        r"denken|meedenkt|think)\b|\bwie (?:is er|kan ik|moet ik|zit er) (?:\w+ ){0,3}(?:op|van) "
        r"school\b|\b(?:wil|want) (?:\w+ ){0,2}(?:dat )?iemand (?:van|op|from|at) school\b|"
        r"\b(?:mentor|slb\w*|stagedocent|docent|tutor)\b (?:\w+ ){0,5}(?:belt|bellen|call|calls|"
        r"contact (?:opneemt|opnemen))\b.{0,40}\b(?:stage|placement|bedrijf|company|loopt|"
        r"lekker|goed)\b|\b(?:wil|want) (?:wel )?(?:hulp|help)\b|\bbij wie (?:ik )?(?:moet|kan) "
        r"(?:ik )?(?:zijn|terecht)\b|\bwho do i (?:even )?(?:talk|go|speak) to\b")


@meaning("bullying")
def bullied_told_around(p: Part) -> bool:
    """Left out or mocked, told by what they do: the other table, a chat without them, a
    prank again, a nickname about their weight, noises when they walk in."""
    if p.about_others and not p.me_object and not p.first_person:
        return False
    if p.message(TEASING_ENJOYED):
        return False  # teasing the student enjoys
    return p.message(
        r"\b(?:groepsapp|group ?chat|appgroep|groepschat)\b (?:\w+ ){0,4}(?:zonder (?:mij|me)|"
        r"without me|rate|raten|over (?:mij|me|ons))\b|\b(?:groepsapp|group ?chat)\b.{0,40}\b"
        r"(?:had(?:den)? (?:het|t) over (?:mij|me))\b|"
        r"\b(?:andere|other) (?:tafel|table)\b.{0,40}\b(?:als ik|when i)\b|\b(?:als ik|when i)\b"
        r".{0,40}\b(?:andere|other) (?:tafel|table)\b|"
        r"\b(?:filmpje|video|foto)\b.{0,50}\b(?:rondgestuurd|doorgestuurd|rondgaan|sent around|"
        r"shared)\b|\b(?:geluiden|noises|sounds|boe|boeh)\b (?:\w+ ){0,2}(?:als ik|when i) "
        r"(?:binnenkom|walk in|come in)|"
        r"\b(?:elke dag|every day|steeds|altijd|always) (?:\w+ ){0,3}(?:over|about) (?:mijn|mn|"
        r"my) (?:gewicht|uiterlijk|weight|looks|accent|kleding|clothes|huid|skin)\b|"
        r"\bzodat iedereen (?:het|t) hoort\b.{0,40}\b(?:klappen|lachen|lachten|joelen)\b|"
        r"\bpraat niemand (?:\w+ ){0,4}(?:meer )?tegen (?:me|mij)\b|"
        r"\b(?:in (?:my|mijn|mn) (?:drink|drinken|eten|food|bag|tas|jas|kluisje|locker))\b.{0,50}"
        r"\b(?:hilarious|grappig|lachen|laughed|lachten)\b|\b(?:kluisje|locker)\b.{0,50}\b"
        r"(?:volgestopt|geschreven|wrote|stuffed)\b|"
        r"\bvoor de (?:vetzak|dikzak|loser|sukkel)\b")
