"""Unsafe work: dangerous tasks without protection or training, machines left running,
injuries (and being told to carry on), far too many or illegal hours for a student."""

from __future__ import annotations

import re

from bot.safety.meanings.idioms import DRILLS, SAVED_FROM_FALLING
from bot.safety.meanings.part import Part
from bot.safety.meanings.registry import meaning
from bot.safety.meanings.self_harm import ACCIDENT, THEIR_BODY

_NO = (r"\b(?:zonder|zonger|zunder|without|geen|gein|no|niet|nie|nooit|never|niemand|nobody|not|"
       r"none|blote|bare|wi nae|nae|aint got no)\b")
_GEAR = (r"(?:handschoenen|handschoen|helm|helmen|bril|veiligheidsbril|mondkapje|masker|"
         r"stofmasker|veiligheidsschoenen|werkschoenen|schoenen met neuzen|gehoorbescherming|"
         r"oordoppen|harnas|gordel|beschermende|bescherming|beschermbroek|beschermkap|pak|kap|"
         r"reling|leuning|valbeveiliging|stutten|afzuiging|deksel|portofoon|gloves|glove|"
         r"helmet|hard hats?|goggles|mask|masks|harness|rope|protection|protective|gear|guard|"
         r"railing|rail|hesje|handen|hands|boots|laarzen|werklaarzen|veiligheidslaarzen|"
         r"ventilation|extraction|lid|noodstop|"
         r"emergency stop|kill switch|face shield|gelaatsscherm|lasbril|lasmasker|welding mask|"
         r"shield|thermokleding|warme kleding|thermal|koudepak|oogdouche|eyewash|eye wash|"
         r"iets vast|lijn|line)")
_TRAINING = (r"(?:uitleg|instructie|instructies|training|begeleiding|toezicht|cursus|"
             r"certificaat|rijbewijs|papiertje|diploma|supervision|instructions|licence|license|"
             r"lesson|les|ervaring|experience|verteld hoe|uitgelegd|iets uitgelegd|gezegd hoe|"
             r"told me how|showed me|explained|shown|geleerd|taught|getraind|trained)")
_MUST = (r"\b(?:moest|moet|mos|moos|must|had to|have to|has to|made me|make me|makes me|laten|"
         r"liet|let me|lets me|mocht|mag|allowed|using|gebruiken|werken|working|warken|rijden|"
         r"drive|driving|gekregen|kreeg|got|given|want me|wants me|willen|zeggen|zei|said|told|"
         r"they had me|got me)\b")
_RUNNING = (r"\b(?:terwijl (?:hij|die|ie|het|t|de machine|de oven|de molen) (?:\w+ )?(?:nog )?"
            r"(?:aan ?stond|aanstond|aan ?staat|aanstaat|draaide|draait|aan was|aan is|heet "
            r"(?:is|was))|while (?:it|it's|its) "
            r"(?:still )?(?:running|on|plugged in|hot)|still plugged in|nog aan stond|"
            r"nog aanstond)\b")
_AGE = re.compile(r"\b(?:ik ben|i am|i'm|im|ben|en|and|at) (?:pas |only |just )?(1[2-7])\b|"
                  r"\b(1[2-7]) (?:jaar|years|year old|jarige)\b")


# Loads are a danger when lifted (lifting_alone, below), not when one is alone near them:
# 'ik stond alleen in het magazijn dozen te scannen' is lonely, not unsafe.
_LOADS = frozenset({"dozen", "crates", "kratten", "pallets", "tillen", "lifting", "sjouwen"})


def _hazard_besides_loads(p: Part) -> bool:
    """A danger in the clause: a machine, a substance, a height; a load only when it is
    lifted or carried ('ik moest helemaal alleen de kratten sjouwen')."""
    return any("HAZARD" in w.tags and w.text not in _LOADS for w in p.clause.words) or (
        p.has("HAZARD") and p.re(r"\b(?:tillen|tilde|tilden|sjouwen|sjouwde|dragen|droeg|"
                                 r"lift|lifting|lifted|carry|carried|carrying)\b"))


# What broke is a device, not a danger: 'toen ging de scanner kapot' beside a forklift.
_OFFICE_BROKEN = (r"\b(?:scanner|printer|computer|kassa|pinapparaat|pinautomaat|telefoon|laptop|"
                  r"wifi|tablet|app|systeem|koffieautomaat|koffiemachine|system|till|phone|"
                  r"handscanner) (?:\w+ ){0,2}(?:kapot|los|stuk|broken|down)\b|\b(?:kapotte|"
                  r"broken) (?:scanner|printer|computer|kassa|pinapparaat|laptop|tablet|till|"
                  r"phone|telefoon)\b")


@meaning("unsafe_work")
def no_protection_or_training(p: Part) -> bool:
    if p.about_others or (p.re(DRILLS) and not p.re(r"\b(?:zonder|without)\b")):
        return False
    if p.re(r"\b(?:geen|no) (?:geld|money) (?:\w+ )?(?:voor|for)\b|\b(?:kopen|buy|krijg ik|do i "
            r"get)\b.{0,30}\?"):
        return False  # 'geen geld voor werkschoenen, moet ik die zelf kopen?': a question
    if p.re(r"\b(?:altijd|always|eerst|first|pas als|only after|moet ik nog|mag ik nog niet|"
            r"not allowed yet|checkt|checks|double checked|gecontroleerd)\b") and \
            not p.re(r"\b(?:zonder|without)\b"):
        return False
    if p.re(r"\b(?:mag|mocht|may|allowed)\b (?:\w+ )?(?:niet|nie|not) (?:\w+ )?(?:zonder|"
            r"without)\b|"
            r"\b(?:ook goed zo|terecht|that's fair|thats fair|rightly so|full instruction|"
            r"volledige instructie|eerst (?:een )?(?:instructie|uitleg))\b|"
            r"\b(?:did not|didn't|didnt|never|nooit|niet|nie) (?:\w+ ){0,2}(?:make|made|let|liet|"
            r"lieten|laten) me\b"):
        return False  # a rule kept: 'ik mag nie zonder papiertje op de heftruck'
    missing = p.re(_NO + r" (?:\w+ ){0,3}" + _GEAR + r"\b") or p.re(
        _NO + r" (?:\w+ ){0,3}" + _TRAINING + r"\b") or (p.re(
            r"\b(?:nog nooit|never|nooit) (?:\w+ ){0,3}(?:bediend|gedaan|gebruikt|gehad|used|done|"
            r"operated|driven|gereden|had a lesson)\b") and p.has("HAZARD")) or p.re(
        r"\b(?:beschermkap|guard|kap)\b (?:\w+ ){0,5}(?:eraf|is eraf|kapot|weg|off|broken|"
        r"missing)\b|\b(?:kapotte|broken|missing|geen) (?:\w+ )?(?:beschermkap|guard|kap)\b")
    work = p.re(_MUST) or p.has("MUST", "HAZARD", "INJURY") or p.context.has("HAZARD", "INJURY") \
        or p.message(_MUST)
    if missing and work and not p.re(r"\b(?:hoef|hoefde|nodig|need|needed|need not|don't have "
                                      r"to|hoeven|geen probleem|no problem)\b"):
        return True
    gear = p.re(_NO + r" (?:\w+ ){0,3}(?:handschoenen|helm|veiligheidsbril|masker|stofmasker|"
                      r"harnas|"
                r"gehoorbescherming|valbeveiliging|gloves|goggles|helmet|harness|masks?|ear "
                r"protection|hard hats?|rope)\b")
    if gear and not p.re(r"\b(?:hoef|hoefde|nodig|need|needed|hoeven)\b"):
        return True
    alone = p.re(r"\b(?:alleen|allenig|alone|helemaal alleen|by myself|on my own|in (?:mn|mijn|"
                 r"my) eentje|zonder dat (?:er )?(?:iemand|ene))\b") and (
        _hazard_besides_loads(p) or p.re(r"\b(?:bewaking|beveiliging|security|nachtdienst|"
                                         r"night|silo|mestkelder|stier|bull|tillen|lift|"
                                         r"gasflessen|koelcel|kelder|zaogmachine|zaag)\b")) and \
        p.re(_MUST + r"|\b(?:in|into)\b") and not p.re(r"\b(?:nooit|never|niet|nie|not|hoef|"
                                                       r"hoeft)\b (?:\w+ )?alleen")
    running = p.re(_RUNNING) and (p.has("HAZARD") or p.re(r"\b(?:machine|oven|molen|grinder|"
                                                           r"slicer|frituur|fryer)\b"))
    broken = p.has("HAZARD") and p.re(r"\b(?:los|loose|kapot|kapotte|broken|lek|leaking|geen kap|"
                                      r"no guard|hangt|hanging|bloot|exposed|onder stroom|live|"
                                      r"zonder raam|no window)\b") and \
        (p.re(r"\b(?:moet|moest|must|have to|had to|toch|still|every day|elke dag|zeggen|said)\b")
         or p.message(r"\b(?:moet|moest|must|had to|have to)\b (?:\w+ ){0,3}(?:toch|still|anyway|"
                      r"gewoon|alsnog)\b")) and not p.re(_OFFICE_BROKEN)
    exits = p.re(r"\b(?:nooduitgang|emergency exit|fire exit)\b.{0,20}\b(?:vol|geblokkeerd|"
                 r"blocked|dicht|op slot|locked)\b")
    hidden = p.re(r"\b(?:inspectie|school|arbeidsinspectie|inspector)\b") and p.re(
        r"\b(?:niet|nie|not|dont|don't) (?:mocht |mag |moet |must )?(?:\w+ ){0,3}(?:vertellen|"
        r"zeggen|tell)\b") and p.message(r"\b(?:zaag|machine|heftruck|uren|hours|laat|late|"
                                         r"cirkelzaag|gevaarlijk|burned|brandwond|wire|"
                                         r"shocked)\b")
    fumes = p.re(r"\b(?:lijm|verfdunner|verf|gif|chemicalien|chemicals|bleek|bleach|"
                 r"ontvetter|ontvettingsmiddel|spray|spuitcabine|spray booth|mest|mestkelder|"
                 r"dampen|fumes|lucht)\b") and p.message(
        r"\b(?:misselijk|hoofdpijn|duizelig|benauwd|coughing|cough|hoesten|bloedneuzen|"
        r"barely breathe|kan (?:nie|niet) ademen|flauw|sick|beroerd|sjlech|dizzy|headache)\b")
    return alone or running or broken or exits or hidden or fumes


@meaning("unsafe_work")
def unsafe_named(p: Part) -> bool:
    if p.about_others or p.re(r"\b(?:over|about|uitleg|training|cursus|les|leerden|learned|"
                              r"geleerd|hoe je|how to|stoffen|substances|vca|sheets)\b") or \
            p.re(r"\b(?:vroeg|vroegen|vraagt|asked|asks) (?:\w+ )?(?:of|if|whether)\b"):
        return False
    unsafe = p.clear(r"\b(?:onveilig|unsafe|levensgevaarlijk|dangerous|gevaarlijk|gevaarlijke|"
                     r"hazardous|onverantwoord|illegaal|illegal|legal)\b") and (
        p.re(r"\b(?:voel|feel|voelt|is|was|werk|moest|moet|had to|have to|laten|made|daar|there|"
             r"hier|here|situatie|stage|placement|werkplek|workplace|legal)\b"))
    not_safe = p.re(_NO + r" (?:\w+ )?(?:veilig|safe)\b") and not p.re(r"\b(?:thuis|home)\b") \
        and p.clear(r"\b(?:voel|feel|is|was|werk)\b.{0,20}\b(?:niet|nie|not) (?:\w+ )?"
                    r"(?:veilig|safe)\b", before=2) and not p.re(r"\b(?:niet|nie|not) (?:on)?"
                                                                 r"veilig (?:\w+ )?(?:hoor|"
                                                                 r"toch|hoeven)\b")
    return unsafe or not_safe


# Words that tell of an injury only when it is bad, or when the student is the one who fell.
_WEAK_INJURY = frozenset({"pijn", "hurt", "burn", "zeer"})
_BAD_ENOUGH = (r"\b(?:heel erg|zo erg|really bad|so bad|badly|kapot|niet meer|nie meer|can't|"
               r"cannot|dokter|doctor|huisarts|ziekenhuis|hospital|ambulance|bloed|blood|"
               r"doorwerken|keep working|kept working)\b")
_FALLS = frozenset({"fell", "gevallen", "viel", "vielen", "falls"})
# Cutting and burning are done to things as well: 'i burned the pizza', 'de hammen gesneden'.
_DONE_TO = frozenset({"burned", "burnt", "burn", "cut", "sneed", "gesneden", "gesneje",
                      "verbrand", "verbrandde", "brandde", "aangebrand"})
_ARTICLES = frozenset({"the", "a", "de", "het", "een", "die", "dat", "those", "these", "that"})
_NOT_HURT = (r"\b(?:voelde (?:ik )?(?:niks|niets)|(?:niks|niets) gevoeld|felt nothing|didn't feel "
             r"(?:a thing|anything)|geen pijn|no pain|didn't hurt|deed geen pijn)\b")

_SHOES = (r"(?:veiligheidsschoenen|werkschoenen|schoenen met neuzen|safety (?:shoes|boots)|"
          r"steel toes?|steel-toed?|helm|helmet|hard hat)\b")
_SAFE_SHOES = r"\b" + _SHOES
_NO_SHOES = _NO + r" (?:\w+ )?" + _SHOES


def _done_to_a_thing(p: Part, i: int) -> bool:
    """A cut or burn word whose object is a thing, not the student: 'burned the croissants',
    'mee t grote mes de hammen gesneje'. 'burned my hand' and 'mn vinger gesneden' stay."""
    words, clause = p.words, p.clause.words
    if words[i] not in _DONE_TO:
        return False
    mine = {"BODY", "INTIMATE", "ME", "I", "MY"}
    if i + 2 < len(words) and words[i + 1] in _ARTICLES:
        group = []  # what it was done to, up to 'and': 'the croissants and my pride'
        for word in clause[i + 2:i + 6]:
            if word.text in ("and", "en", "but", "maar", "or"):
                break
            group.append(word)
        if not any(w.tags & mine for w in group):
            return True  # the verb, then what it was done to; not "cut the top of my finger"
    before = words[max(0, i - 2):i]
    return len(before) == 2 and before[0] in _ARTICLES and not (
        clause[i - 1].tags & {"BODY", "INTIMATE", "ME", "I"}) and words[i - 1] not in (
        "mes", "knife", "schaar", "zaag")  # Dutch: 'de hammen gesneden', not 'het mes gesneden'


@meaning("unsafe_work")
def hurt_at_work(p: Part) -> bool:
    """The student injured at work, or made to go on hurt."""
    if p.about_others or p.re(r"\b(?:fiets|bike|bicycle|voetbal|football|soccer|sport|gym|"
                              r"skate|scooter|thuis gevallen|on the way home|cut resistant|"
                              r"snijbestendig|anti-snij)\b") or p.re(
            ACCIDENT + r".{0,20}\b(?:pleister|plaster|niks|nothing|klaar|embarrassing)\b"):
        return False
    if not p.first_person and p.message(
            r"\b(?:colleague|collega|klant|client|iemand|someone|she|he|zij|hij)\b (?:\w+ ){0,3}"
            r"(?:burned|verbrandde|viel|fell|cut|sneed|broke|brak|slipped|gleed)\b"):
        return False  # someone else was hurt; the student tells of it
    if not p.first_person and p.re(
            r"\b(?:doos|dozen|pallet|pallets|papier|papiertje|kaart|karton|pakket|pakje|box|"
            r"boxes|paper|bon|krat|kratten|fles|flessen|product|artikel|item|rol|folie|tape) "
            r"(?:\w+ ){0,2}(?:klem|vast|stuck|jammed)\b"):
        return False  # 'er zat een doos klem': a thing stuck, nobody hurt
    if p.re(r"\banders (?:was|lag|viel) ik\b|\b(?:would|could) have (?:fallen|fell)\b") or (
            p.message(SAVED_FROM_FALLING) and not p.message(r"\b(?:toch|still|anyway|alsnog)\b "
                                                            r"(?:\w+ ){0,2}(?:gevallen|fell)")):
        return False  # 'anders was ik gevallen': someone kept them from it
    if p.message(DRILLS) or p.re(THEIR_BODY) or p.re(r"\b(?:your|je|jouw|someone's|iemands)\b "
                                                  r"(?:\w+ )?(?:skin|huid|hand|vinger|finger)") \
            or (p.re(r"\b(?:gezien|saw|watched|keek|dachten dat|thought i was|lol|haha|bekijken|"
                    r"kijken)\b") and not p.re(r"\b(?:doorwerken|keep going|kept going|niet naar "
                                               r"de dokter|nie naar de dokter)\b")):
        return False
    if p.re(r"\b(?:duizelig|dizzy|misselijk|slap|flauw|lightheaded)\b") and p.message(
            r"\b(?:eet|eten|gegeten|honger|hungry|eat|eaten|eating|food|ontbijt|breakfast)\b") \
            and not p.has("HAZARD"):
        return False  # dizzy from not eating: hunger, not the work (no food at home is its own)
    if p.re(r"\b(?:van|of) (?:een|de|die|het|a|the) (?:meneer|mevrouw|client|bewoner|patient|"
            r"kind|man|vrouw|resident|kid)\b") or p.re(r"\b(?:kippen|chickens|vlees|meat|"
                                                       r"pipe|pijp|radiators?|leidingen)\b"):
        return False
    shrugged = p.message(  # 'maar het was niks', 'but it was fine', with no pain told
        r"(?:\b(?:but|maar)|\|) (?:it |het |t )?(?:was|is) (?:fine|ok|okay|niks|nothing|niet "
        r"erg)\b|\b(?:niks|niets|nothing) (?:ergs|serious|bijzonders)\b|\bno big deal\b|"
        r"\bviel mee\b|\ball good now\b|\balles (?:weer )?goed (?:nu|now)\b") and not p.message(
        r"\b(?:pijn|zeer|pain|hurts|hurt|dokter|doctor|ziekenhuis|hospital|huisarts|dik|swollen|"
        r"gebroken|broken|bloedde|bleeding|bled)\b")
    small = (p.re(r"\b(?:klein|kleine|small|little|sneetje|schrammetje|pleister erop|"
                  r"nothing serious|niks ernstigs|knife cuts|mijn knife)\b") or shrugged or
             # 'gesneden bij het groente snijden, pleister erop en door' (a ninth trial)
             p.message(r"\b(?:pleister erop|pleistertje|plaster on|band-?aid)\b")) \
        and not p.re(r"\b(?:bijna eraf|nearly lost|almost lost|bijna kwijt)\b")
    me = p.first_person or not p.has("OTHER", "PERSON") or p.re(
        r"^(?:had|heb|got|cut|burned|burnt|hurt|fell|twisted|broke|ben|kreeg|moest)\b")
    words = p.words
    injury_words = [i for i in p.clause.at("INJURY")
                    if not p.clause.any_in((i, i), "NOT", 4)
                    and not any("PERSON" in w.tags or "OTHER" in w.tags
                                for w in p.clause.words[max(0, i - 3):i])
                    and (words[i] not in _WEAK_INJURY or p.re(_BAD_ENOUGH))
                    and (words[i] not in _FALLS or {"i", "ik", "k", "ben"} & set(
                        words[max(0, i - 3):i]))
                    and not (words[i] in _FALLS and (words[i + 1:i + 2] == ["asleep"] or
                                                     words[max(0, i - 2):i] == ["in", "slaap"]))
                    and not _done_to_a_thing(p, i)]
    injury = bool(injury_words) and me and not small and (
        p.context.has("HAZARD", "WORK") or p.re(
            r"\b(?:gevallen|fell|viel|uitgegleden|slipped|gewond|injured|ziekenhuis|hospital|"
            r"bewusteloos|brandwond\w*|schok|shock|shocked|klem|bekneld|duizelig|dizzy|benauwd|"
            r"breathe|ademen|rugpijn|back|blaren|blisters|ribben|ribs|gevoelloos|numb|burns|"
            r"verbrand|burned|gebrand|stitches|hechtingen|snee|cut|opengehaald)\b"))
    caught = (p.re(r"\b(?:zat|kwam|raakte|got|caught|stuck) (?:\w+ ){0,2}(?:klem|bekneld|vast|"
                  r"caught|stuck|in de pers|in de machine|in the machine|in the dough|in de "
                  r"deegmachine)\b") and p.has("HAZARD", "SMALLCUT", "BODY") and \
        not p.re(r"\b(?:harnas|valbeveiliging|harness|gordel)\b")) or p.re(
        r"\b(?:vinger|vingers|hand|arm|voet|finger|fingers|foot|mouw|sleeve|haar|hair)\b (?:\w+ )"
        r"{0,3}(?:in|tussen|under|onder) (?:de|het|a|the) (?:\w+ )?(?:pers|machine|deur|band|"
        r"wals|molen|zaag|press|belt|deegmachine|snijmachine|gehaktmolen|mixer|grinder)\b") or \
        (p.re(r"\b(?:viel|vielen|fell|dropped|came down|zakte|kwam naar beneden)\b (?:\w+ ){0,6}"
              r"(?:op (?:mijn|mn|my) (?:voet|hand|hoofd|been|foot|head|leg)|on (?:my|me)|"
              r"vlak naast me|right next to me|terwijl ik (?:eronder|onder)|while i was under)\b")
         and not (p.re(_NOT_HURT) or (p.message(_NOT_HURT) and p.message(_SAFE_SHOES) and
                      not p.message(_NO_SHOES)))) \
        or p.re(r"\b(?:krik|lift|hefbrug|jack)\b (?:\w+ ){0,3}(?:zakte|weg|came down|slipped|"
                r"dropped)\b")
    pushed_on = p.message(r"\b(?:gwn|gewoon|just|keep|kept|door|gewoon verder|maar door)\s?"
                          r"(?:doorwerken|door werken|ga maar door|going|keep going|carry on|"
                          r"niet zeuren|nie zeuren|stel je (?:niet|nie) aan|verder|don't tell|"
                          r"dont tell|do not tell|niet naar de dokter|mocht niet naar|nie naar "
                          r"de dokter|hoef (?:niet|nie) naar)\b|\b(?:tape|cling film|"
                          r"plakband) (?:om|around|erom)\b")
    heavy = p.re(r"\b(?:\d+|dertig|veertig|vijftig) ?(?:kilo|kg)\b") and (
        p.re(r"\b(?:pijn|rugpijn|pain|hurt|zeer|messed up|kapot)\b") or p.message(_AGE))
    lifting_alone = p.re(r"\b(?:tillen|tilde|lift|lifting|lifted|getild)\b") and p.message(
        r"\b(?:alleen|alone|by myself|kapot|broken|tillift|hoist)\b") and p.message(
        r"\b(?:rug|back|pijn|pain|bewegen|move|twisted|verdraaid)\b")
    return bool(injury or caught or heavy or lifting_alone
                or (pushed_on and p.context.has("INJURY")))


_HOURS = re.compile(r"\b(\d{1,2}) ?(?:uur|uren|hours|hrs|u|hour)\b")
_LATE = re.compile(r"\b(?:tot|till|until|to|til) (?:half )?(?:(?:1[12]|[1-5]) (?:uur )?(?:'?s "
                   r"?nachts|snachts|at night|am|'?s avonds|savonds)|(?:1[12]|[1-5]) ?am|"
                   r"middernacht|midnight|(?:[1-5]) (?:uur|u)\b|12 ?am|(?:1[12]|[1-5])\b(?= "
                   r"(?:most|every|elke)))")


@meaning("unsafe_work")
def too_many_hours(p: Part) -> bool:
    text = p.text
    if p.re(r"\b(?:nooit|never|niet|nie|not|no|geen|maximaal|max|at most|hoogstens)\b (?:\w+ ){0,3}"
            r"(?:laat|late|lang|long|lange|overwerken|overtime|meer dan|more than|\d+ uur)\b|"
            r"\balways home by\b|\bnooit na\b"):
        return False
    for found in _HOURS.finditer(text):
        hours = int(found[1])
        after = text[found.end():found.end() + 30]
        before = text[max(0, found.start() - 25):found.start()]
        if hours >= 10 and re.search(r"\b(?:per dag|achter elkaar|a day|per day|straight|in a "
                                     r"row|op een dag|elke dag|every day|lang|shifts?|diensten|"
                                     r"staan|gestaan|werken|gewerkt|working|worked|days?|dagen|"
                                     r"pauze|dienst)\b",
                                     after + before):
            return True
        if hours >= 45 and re.search(r"\b(?:week|deze week|this week|per week|a week)\b", after):
            return True
    if p.re(r"\b(?:elke dag|every day|per dag) (?:1[0-6])\b") or p.re(
            r"\bvan [5-8] (?:uur )?(?:s ochtends )?tot (?:half )?(?:1[0-2]|[7-9]) (?:uur )?"
            r"(?:s avonds|savonds)?"):
        return True
    minor = p.message(_AGE)
    late = p.re(_LATE) or p.re(
        r"\b(?:nachtdienst\w*|night shifts?|nights|'s nachts|s nachts|snachts|most nights|10 ?pm "
        r"to [5-9] ?am|tot middernacht)\b")
    school_next = p.message(r"\b(?:om [5-9] uur|at [5-9]|i have school|heb school|naar school)\b")
    no_break = p.re(r"\b(?:geen|no|zonder|without) (?:\w+ )?(?:pauze|breaks?)\b") and \
        p.message(r"\b(?:\d+ ?(?:uur|hours?)|hele dag|whole day|all day|achter "
                  r"elkaar|shifts?|every|elke)\b")
    hidden = p.re(r"\b(?:niet|nie|not|dont|don't) (?:mag |moet |must )?(?:\w+ ){0,3}"
                  r"(?:zeggen|vertellen|tell)\b.{0,30}\b(?:laat|late|uren|hours)\b|"
                  r"\bstagiairs mogen (?:\w+ )?(?:niet|nie) zo laat|"
                  r"\b(?:stagiairs|interns) (?:mogen|may|aren't allowed|dont count|don't "
                  r"count)\b")
    every_day = p.re(r"\b(?:elke dag|every day|every night|elke avond|weken|weeks|"
                     r"nie eerder weg|niet eerder weg)\b")
    return (late and (minor or school_next or every_day)) or no_break or hidden


@meaning("unsafe_work")
def unsafe_told_plainly(p: Part) -> bool:
    """Danger told as a matter of fact: alone on a night shift with thirty residents, gear that
    ran out, a burn cooled on the toilet and back to work, a near miss, seven days in a row."""
    if p.about_others and not p.first_person:
        return False
    alone_night = p.message(r"\b(?:alleen|alone|by myself|on my own)\b") and p.message(
        r"\b(?:nachtdienst|night shift|snachts|'s nachts|s nachts|at night|night)\b") and \
        p.message(r"\b(?:magazijn|warehouse|reachtruck|heftruck|forklift|zorg|care home|"
                  r"verpleeghuis|\d+ (?:bewoners|residents|clienten|patients)|first year|"
                  r"eerstejaars|no one to call|niemand om te bellen|weet (?:niet|nie) hoe|"
                  r"don't know how|do not know how)\b")
    alone_danger = p.re(r"\b(?:stier|bull|silo|mestkelder|gasfles\w*|gasleiding|gas leak|gaslek|"
                        r"gas (?:still )?on|reachtruck)\b") and p.message(
        r"\b(?:alleen|alone|by myself|zelf maar|zonder collega|without (?:a )?colleague|"
        r"nobody (?:was )?watching|niemand (?:die )?(?:keek|toekeek|aanwees|oplette)|no one "
        r"(?:was )?watching|zonder meter)\b")
    gear_gone = p.re(r"\b(?:brillen|veiligheidsbrillen|handschoenen|maskers|mondkapjes|gloves|"
                     r"goggles|masks|face shields?|eyewash|oogdouche|helmen|helmets)\b (?:\w+ )?"
                     r"(?:waren|was|zijn|is|were) (?:\w+ )?(?:op|weg|kapot|leeg|empty|out|gone|"
                     r"broken)\b|\b(?:ran out|were out|op waren)\b") and (
        p.context.has("INJURY") or p.message(r"\b(?:oog|eye|eyes|ogen|splinter|splash|burn|"
                                             r"brand|moet|must|had to|gwn weer|again)\b"))
    burned = p.re(r"\b(?:hete olie|hot oil|kokend water|boiling water|frituurvet|hot fat|stoom|"
                  r"steam)\b (?:\w+ ){0,3}(?:over|op|on|onto) (?:mijn|mn|my)\b") or p.re(
        r"\b(?:vinger|finger|hand)\b (?:\w+ ){0,3}(?:bijna )?(?:of|af|off) ?(?:ge)?zaagd\b")
    pushed = p.message(r"\b(?:tape it up|taped it up|plakband erop|keep serving|keep working|"
                       r"back to work|weer terug|en dan weer (?:verder|terug)|moet morgen (?:gwn |"
                       r"gewoon )?weer|gin mens|niemand die (?:me|mij|mie) (?:hulp|hielp))\b") and \
        (p.context.has("INJURY") or p.message(r"\b(?:cut|snee|gesneden|burn|verbrand|brandwond|"
                                              r"splinter|zaagd|bloed|blood)\b"))
    near_miss = p.re(r"\b(?:bijna|almost|nearly)\b (?:\w+ ){0,2}(?:onder|under|geraakt|hit|"
                     r"aangereden|overreden|run over|crushed|geplet|bekneld)\b") and p.message(
        r"\b(?:vrachtwagen|truck|heftruck|forklift|laden|loading|machine|kraan|crane|pallet|"
        r"niemand (?:die )?aanwees|nobody guiding)\b")
    days = p.re(r"\b([6-9]|1\d|2\d) (?:dagen|days) (?:achter elkaar|in a row|straight|"
                r"per week|a week)\b")
    no_day_off = p.re(r"\b(?:zonder|geen|no|without (?:a )?) ?(?:vrije dag|vrije dagen|day off|"
                      r"days off)\b") and p.message(r"\b(?:weken|weeks|\d+ (?:dagen|days)|stage|"
                                                     r"snackbar|hoort)\b")
    black = p.re(r"\b(?:zwart|cash in hand|onder de tafel|under the table)\b") and (
        p.message(_AGE) or p.message(r"\b\d+ euro per uur\b"))
    late_minor = p.message(_AGE) and p.re(
        r"\b(?:at|om|until|till|tot) (?:1[12]|[1-5]) ?(?:am|uur snachts|uur 's nachts)\b")
    cold = p.re(r"\b(?:vriescel|freezer|koelcel)\b") and p.message(
        r"\b(?:voel (?:\w+ ){0,2}(?:niet|nie) meer|can't feel|cannot feel|gevoelloos|numb|"
        r"zonder (?:thermo|warme)\w*|min \d+)\b")
    climb = p.re(r"\b(?:klimmen|klom|climb|climbed|ladder op|de ladder|ladder)\b") and p.message(
        r"\b(?:zonder (?:iets vast|harnas|lijn|zekering|iemand erbij)|without (?:a )?(?:harness|"
        r"rope|anything|anyone)|nothing to hold|niks vast|alleen|alone)\b")
    gas = p.re(r"\b(?:stinkt|ruikt|smells|stinks|rook|stonk) (?:\w+ ){0,2}(?:naar|of|like) gas\b|"
               r"\bgaslucht|\bgas smell")
    alone_machine = p.message(_MACHINES) and p.message(_ALONE_THERE) and p.message(
        r"\b(?:bedienen|bediende|bedien|gebruiken|gebruikte|werken|werkte|doen|deed|aan de|"
        r"achter de|operate|operated|use|used|using|run|ran|running|on the)\b")
    guard_off = p.re(r"\b(?:beschermkap|kap|afscherming|beveiliging|noodstop|guard|safety guard|"
                     r"beschermplaat|schild|hood)\b (?:\w+ ){0,3}(?:(?:zat|zit|was|is) (?:er )?"
                     r"(?:\w+ ){0,2}(?:niet|nie|not) (?:meer )?(?:op|aan|on)|kwijt|weg|kapot|"
                     r"missing|broken|off|gone)\b") and (p.message(_MACHINES) or p.message(
        r"\b(?:moest|must|had to|doorwerken|keep working|gewoon|toch)\b"))
    almost_in = p.re(r"\bbijna (?:\w+ )?(?:mn|mijn|m'n|my) (?:vinger|vingers|hand|handen|arm|"
                     r"finger|fingers|hand|arm|haar|hair|mouw|sleeve)\b (?:\w+ ){0,2}(?:erin|"
                     r"ertussen|eraf|eronder|in de|in het|tussen|onder|in|caught|off|stuck)\b"
                     ) and not p.re(r"\b(?:gestoken|stak|steken|gedipt|dipte|dipped|stuck my|"
                                    r"lol|haha)\b")
    return bool(alone_night or alone_danger or gear_gone or burned or pushed or near_miss or
                days or no_day_off or black or late_minor or cold or climb or gas or
                alone_machine or guard_off or almost_in)


# Machines a student may not be left alone with (and under 18 often may not use at all).
_MACHINES = (r"\b(?:snijmachine|vleessnijmachine|snijmolen|vleesmolen|gehaktmolen|zaagmachine|"
             r"lintzaag|cirkelzaag|afkortzaag|decoupeerzaag|deegmachine|deegroller|kneedmachine|"
             r"pers|kantbank|draaibank|freesmachine|slijpmachine|slijptol|haakse slijper|"
             r"heftruck|reachtruck|hoogwerker|shovel|trekker|tractor|kraan|balenpers|"
             r"slicer|meat slicer|band ?saw|circular saw|table saw|grinder|angle grinder|"
             r"forklift|dough sheeter|mixer|frituur|fryer|hakselaar|houtversnipperaar)\b")
_ALONE_THERE = (r"\b(?:(?:stond|sta|stonden|was|ben|werkte|werk|zat) (?:er |daar |ik )?(?:\w+ )?"
                r"(?:helemaal )?alleen|alleen (?:aan|achter|op|met) de|(?:niemand|nobody|no one) "
                r"(?:\w+ )?(?:erbij|bij me|in de buurt|die (?:keek|oplette|hielp)|around|watching|"
                r"there)|(?:chef|baas|begeleider|leermeester|collega|boss|supervisor|manager) "
                r"(?:\w+ )?(?:was|is|ging) (?:\w+ )?(?:naar huis|weg|er niet|home|gone|out)|"
                r"by myself|on my own|left me alone|liet me alleen)\b")
