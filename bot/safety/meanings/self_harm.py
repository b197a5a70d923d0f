"""Self-harm: cutting, scratching, burning, hitting oneself, now or before; and the signs
students tell first: marks on their arms they hide, blades they keep, "it happened again"."""

from __future__ import annotations

from bot.safety.meanings.idioms import CARE_CONTEXT, THEIR_TEMPER
from bot.safety.meanings.part import THEMSELVES, Part
from bot.safety.meanings.registry import meaning

ACCIDENT = (r"\b(?:per ongeluk|ongelukje|by accident|accidentally|uitgeschoten|slipped|bijna|"
            r"almost|nearly|snijhandschoen|van de kat|from the cat|van de hond|rozen|roses|rose|"
            r"bushes|doos|box|struik|prikkeldraad|schram van|eczeem|eczema|not even a bump|"
            r"bumped|stootte|gestoten|papier|paper|papiertje|paper cut)\b")
# A burn or cut from the work itself: an appliance, a work knife, a cleaning product. Not when
# they say they did it on purpose ('expres aan de oven gebrand').
_WORK_MISHAP = (r"\b(?:aan|met|op|bij|tegen|in) (?:de|het|een|die|dat|t) (?:\w+ )?(?:oven|frituur|"
                r"friteuse|frietpan|bakplaat|grill|pan|fornuis|kookplaat|strijkijzer|krultang|"
                r"stijltang|fohn|soldeerbout|lasapparaat|heteluchtpistool|stoomoven|waterkoker|"
                r"koffiemachine|snijmachine|zaag|schaar|plaat|pitten|olie|oven's|salamander)\b|\b(?:groente|"
                r"koks|brood|schil|fileer|uitbeen|stanley|aardappel|snij|vlees|kaas|hak|keuken|"
                r"tomaten|fruit)mes\w*|\b(?:peeling|chopping|slicing|dicing|prepping|cutting) "
                r"(?:the |some )?(?:potatoes|potato|onions?|veg|vegetables|carrots?|meat|bread|"
                r"tomatoes|fruit|apples?|chicken|fish|cheese)\b|\bbij het (?:\w+ )"
                r"{0,2}(?:snijden|schillen|bakken|koken|frituren|strijken|knippen|zagen|solderen|"
                r"lassen)\b|\b(?:chloor|bleek|schoonmaakmiddel|ontvetter|chemicali\w*|bleach|"
                r"chemicals|oven cleaner)\b|\b(?:on|at|with) the (?:oven|fryer|grill|stove|iron|"
                r"kitchen knife|bread knife|meat slicer|slicer|box cutter|salamander|hob|hot plate|"
                r"baking tray|tray)\b")
_ON_PURPOSE = r"\b(?:expres|express|opzet|on purpose|straf|straffen|punish\w*|weer|again)\b"


def work_mishap(p: Part) -> bool:
    """'ik heb me gebrand aan de oven, niks ergs', 'gesneden met het groentemes'."""
    return p.message(_WORK_MISHAP) and not p.message(_ON_PURPOSE)


THEIR_BODY = (r"\b(?:his|her|their|zijn|zn|z'n|haar|hun) (?:\w+ )?(?:knee|knie|arm|hand|finger|"
              r"vinger|been|leg|hoofd|head|pols|wrist|huid|skin|voet|foot)\b")
KITCHEN = (r"\b(?:uien|ui|groente|groenten|vlees|brood|broodmes|koksmes|tomaat|tomaten|kip|"
           r"kippen|vis|onions|vegetables|meat|chicken|chickens|fish|aardappel\w*|salmon|zalm|"
           r"leidingen|karton|dozen|tape|klant|client|knife cuts|knife skills|deeg|bietjes|"
           r"schillen|filet\w*|uitbenen|stukken)\b")
_MY_BODY = (r"\b(?:mijn|mn|my|me|mie|mien|op|in|on) (?:eigen )?(?:arm|armen|pols|polsen|"
            r"bovenbeen|bovenbenen|dij|dijen|been|benen|huid|buik|heup|heupen|enkel|wrist|"
            r"wrists|arms|thigh|thighs|legs|skin|stomach|hip|hips|bovenarm|onderarm|erm|aarms)\b")
_MARKS = (r"\b(?:littekens?|scars?|wondjes|wonden|krassen|krasjes|schrammen|sneden|sneeen|sneetjes|"
          r"snijwonden|lijnen|cuts|marks|scratches|wounds|burns|brandwonden|fresh ones|"
          # 'weer nieuwe (erbij)': new marks; not 'mijn nieuwe trui'
          r"nieuwe(?=\s*$| (?:bij|erbij|gemaakt|gezet|op|in|aan|bijgekomen)\b)|plekken)\b")
_HIDE = (r"\b(?:niemand|nobody|no one|noone|verbergen|verstoppen|verstoppe|verstop|hide|hiding|"
         r"cover|"
         r"zag|saw|found|vond|vroeg|asked|"
         r"covered|zodat|so that|so no|lange mouwen|long sleeves?|sleeves?|mouwen|mouw|vest|"
         r"hoodies?|zweetbandjes|sjaal|pleisters?|verband|weet van|knows about|needs to know|"
         r"mag (?:het|t) (?:niet|nie) weten|zien|see|sees|ziet|noticed|opvalt|not from|niet van|"
         r"nie van|van (?:de|het) (?:kat|keuken|werk)\b.{0,10}(?:niet|nie|was nie))\b")
_HARM_VERB = (r"\b(?:snij|snijd|snijden|sneed|gesneden|gesneje|kras|krassen|gekrast|kerf|kerven|"
              r"gekerfd|brand|branden|gebrand|verbrand|krab|krabben|gekrabd|prik|prikken|gebonkt|"
              r"bonkte|bonkt|bonkten|"
              r"geprikt|knijp|knijpen|geknepen|sla|slaan|geslagen|bonk|bonken|bijt|bijten|"
              r"beschadig|bezeer|bezeerd|cut|cuts|cutting|gecut|cutten|scratch|scratching|"
              r"scratched|carve|carved|carving|burn|burned|burnt|burning|pick|picking|hit|"
              r"hitting|punch|punching|bite|biting|dig|digging|pinch|pinching|hurt|hurting|"
              r"harm|harming)\b")


@meaning("self_harm")
def self_harm_named(p: Part) -> bool:
    span = p.seq("SELFHARM")
    if span is None or p.about_others or p.clause.any_in(span, "NOT", 4):
        return False
    return not (p.words[span[0]] == "sh" and not p.first_person)


@meaning("self_harm")
def hurting_myself(p: Part) -> bool:
    """The student harms themself: 'ik snij mezelf', 'burned myself', 'jezelf pijn doen'."""
    if p.about_others or p.re(ACCIDENT) or p.re(r"\b(?:lifting|tillen|at work|on the|aan de "
                                                r"machine|bij het)\b") or work_mishap(p):
        return False
    span = p.near("HARM", "MYSELF", within=5)
    if p.found(span, before=4):
        return True
    if p.clear(r"(?:^|\b(?:ik|i|heb|had|have|k)\b).{0,20}\b(?:me|mie|mij|mich) (?:zelf )?(?:\w+ )?"
               r"(?:gesneden|gekrast|gebrand|verbrand|bezeerd|pijn gedaan|pijn doen|geslagen|"
               r"geknepen|gekerfd)\b") and not p.re(KITCHEN) and not p.has("HAZARD", "PERSON"):
        return True
    return p.clear(r"\b(?:straf|straffen|punish|punishing) (?:ik )?(?:mezelf|myself)\b|(?:voel ik|"
                   r"i feel) (?:tenminste|at least) (?:iets|something)|\b(?:heb|did|deed|doe|do) "
                   r"(?:het|t|it|dat|that) (?:zelf|myself) (?:gedaan|done)\b|"
                   r"\b(?:heb|did) (?:het|t|it) (?:zelf )?(?:gedaan|done) (?:myself|zelf)\b|"
                   r"(?:calms|kalmeert|helpt|helps|rustig word)\b.{0,25}(?:hurting|pijn|snijden|"
                   r"krassen|cutting|blade|mesje|bloed|blood)|(?:jezelf|mezelf|yourself|myself|"
                   r"oe eigen|je eigen|me eigen|mn eigen|mijn eigen|m'n eigen) pijn (?:\w+ )?"
                   r"(?:doet|doen|"
                   r"te doen)|(?:verdien|deserve)\w* (?:het |t )?(?:om )?"
                   r"(?:pijn|the pain|pain)|(?:denk|thinking|think) (?:\w+ ){0,3}(?:aan|about) "
                   r"(?:snijden|krassen|cutting|hurting myself)|(?:eigen|own) bloed\b.{0,20}"
                   r"\b(?:rustig|calm|zie|see)|(?:ga|going to|gonna|will|i'll) (?:\w+ )?(?:cut|"
                   r"snijden|krassen)\b.{0,20}\b(?:always|altijd|weer|again)", before=3)


@meaning("self_harm")
def harm_on_my_body(p: Part) -> bool:
    """Cutting, scratching, burning, hitting: 'k kras in mn arm', 'ik heb weer gekrast'."""
    if p.about_others or p.re(ACCIDENT) or p.re(THEIR_BODY) or work_mishap(p):
        return False
    if (p.has("PERSON") or p.has("OTHER")) and not p.re(
            r"^(?:ik|i|k|bro|mattie|wallah|ngl|istg)\b"):
        return False
    if p.clear(r"\b(?:arm|pols|armen|polsen|been|benen|huid|buik|wrist|wrists|arms|legs|skin|"
               r"littekens|scars|wondjes)\b(?: \w+){0,5} (?:weer )?open\b|\bopen ?gehaald\b|"
               r"\b(?:opengehaald|opengekrabd|opengekrast|opengesneden)\b") and \
            not p.has("HAZARD") and not p.re(KITCHEN):
        return True
    if not p.clear(_HARM_VERB, before=3):
        return False
    body = p.re(_MY_BODY) or p.re(r"\b(?:hoofd|head|vuist|vuisten|fist|fists|knuckles|knokkels|"
                                  r"hand|handen|hands)\b.{0,20}"
                                  r"\b(?:muur|wall|walls|deur|door)\b|\b(?:punch|punching|sla|"
                                  r"slaan) (?:\w+ )?(?:walls?|muren|muur|deur|door)\b")
    kitchen = p.re(KITCHEN) or p.has("HAZARD") or p.re(r"\b(?:kippen|vlees|stukken|lifting)\b")
    habit = p.re(r"\b(?:weer|opnieuw|again|expres|express|opzet|on purpose|vroeger|used to|"
                 r"altijd|always|steeds|elke|every|soms|sometimes|al (?:een )?(?:tijdje|poos|"
                 r"maanden|weken)|for (?:months|weeks|a while)|tot (?:het|t|ze|hij) "
                 r"(?:bloed\w*|open|blauw)|till (?:it|its|they|my \w+) (?:bleed\w*|raw|open)|"
                 r"until (?:it|they) (?:bleed\w*|stop)|lowkey|relapse\w*|terugval|clean|"
                 r"kan (?:niet|nie) stoppen|"
                 r"can't stop|cant stop)\b")
    habit = habit or p.message(r"\b(?:expres|on purpose|met opzet|om mezelf te straffen)\b")
    wants = p.seq("WANT", "HARM", gap=2) is not None
    if body and not (kitchen and not habit):
        return True
    return (habit or wants) and not kitchen


@meaning("self_harm")
def hiding_it(p: Part) -> bool:
    """Marks they hide, blades they keep, sleeves in summer: what students tell first."""
    if p.about_others and not p.first_person:
        return False
    if p.message(THEMSELVES) and not p.message(r"\b(?:mezelf|myself|mijzelf)\b"):
        return False  # 'my roommate cuts herself, i found the blades'
    if p.message(CARE_CONTEXT) or p.message(THEIR_TEMPER):
        return False  # care work; or marks someone at home left (bot/safety/meanings/violence)
    on_purpose = p.re(_MY_BODY + r".{0,40}\b(?:expres|on purpose|met opzet)\b|\b(?:expres|on "
                      r"purpose|met opzet)\b.{0,40}" + _MY_BODY) and not p.re(ACCIDENT)
    myself = p.message(_MARKS) and p.message(_MY_BODY) and p.message(
        r"\b(?:doe ik (?:het |t )?zelf|zelf gedaan|i do (?:it|that) myself|did (?:it|that) "
        r"myself|dat doe ik zelf)\b")
    cover_story = p.message(r"\b(?:zei|said|told (?:her|him|them))\b (?:\w+ ){0,3}(?:dat )?"
                            r"(?:de kat|het de kat|the cat|de oven|the oven|ik gevallen|i fell|"
                            r"tegen een deur|a door)") and p.message(
        r"\b(?:was (?:nie|niet|not) (?:de|het|the)|wasn't|wasnt|was het niet|niet de kat|nie de "
        r"kat|not the cat)\b") and p.message(_MY_BODY + r"|\b(?:pols|arm|wrist|armen)\b")
    generic_hide = p.re(r"\b(?:littekens|scars|cuts|sneden|wondjes|snijwonden)\b") and p.re(
        r"\b(?:hoe (?:krijg|verberg|verstop)|how (?:do (?:you|i) )?(?:hide|cover|get rid)|"
        r"niemand (?:ze |het )?ziet|no one sees|nobody sees|verbergen|verstoppen)\b")
    marks = (p.re(_MARKS) and (p.re(_MY_BODY) or p.re(r"\b(?:mijn|my|mn)\b")) and \
        p.message(_HIDE) and not p.re(r"\b(?:kat|cat|hond|dog|rozen|roses|werk|work|oven|keuken|"
                                 r"kitchen|sport|voetbal)\b(?! (?:niet|nie|was nie))")) or \
        p.re(_MARKS + r".{0,40}\b(?:niet|nie|not) (?:van|from) (?:de |het |the )?(?:keuken|"
             r"kitchen|werk|work|kat|cat|oven)")
    sleeves = p.re(r"\b(?:lange mouwen|korte mouwen|mouwen|long sleeves?|short sleeves?|"
                   r"sleeves?|vest|hoodies?|truien|trui|sweaters?|zweetbandjes|sweatbands?)\b"
                   ) and p.message(
        r"\b(?:zodat|so|niemand|no one|nobody|niet ziet|nie ziet|doesnt see|doesn't see|wondjes|"
        r"marks|scars|littekens|cuts|hide|armen|arms|polsen|wrists|pols|wrist|zien|see)\b") and \
        not p.re(r"\b(?:koud|cold|hygiene|hygiëne|uniform regels|dress code)\b")
    blades = p.re(r"\b(?:mesje|mesjes|scheermesje|scheermesjes|blade|blades|razor|razors|"
                  r"box cutter|stanleymes|schaar|scissors|passer)\b") and \
        p.re(r"\b(?:mijn|my|mn|etui|pencil case|bed|doosje|verstopt|hidden|voor als|just in case|"
             r"weer gepakt|again|weer|calms|kalmeert|mee naar huis|been using|je snapt|on my "
             r"legs|in mn hand|in my hand|tot (?:het|t) bloed)\b") and \
        not p.re(r"\b(?:klant|client|scheren|shave|barber|kapper|knippen|haircut|fades?|knipt|"
                 r"pop|oefenhoofd|dummy|mannequin|practise|practice|oefenen|salon|kapsalon)\b")
    relapse = p.re(r"\b(?:relapsed|relapse|terugval|teruggevallen|started back up|weer begonnen|"
                   r"(?:er )?weer mee begonnen|started again)\b"
                   ) or p.re(r"\b(?:\d+|drie|twee|vier|three|two|four) (?:maanden|weken|dagen|"
                             r"months|weeks|days) clean\b|\bclean (?:geweest|was|for)\b")
    hot = p.re(r"\b(?:strijkbout|strijkijzer|aansteker|sigaret|lighter|cigarette|hete plaat|"
               r"hot plate|curling iron|krultang|brander|burner|soldeerbout|fornuis|kookplaat|"
               r"ovendeur|oven door|stove)\b") and (
        p.re(_MY_BODY) or p.re(r"\b(?:expres|on purpose|opzet|mezelf|myself|me gebrand)\b"))
    hidden = p.re(r"\b(?:snij|snijd|kras|cut|scratch|brand|burn)\w*\b.{0,30}\b(?:plekken waar|"
                  r"places where|zodat niemand|so no one|so nobody|niet opvalt|nie opvalt|"
                  r"niemand ziet|no one (?:can )?sees?|nobody sees)\b")
    again = (p.message(_MY_BODY) and p.message(
        r"\b(?:heb|did|have done|done) (?:het|t|it) (?:weer|again|opnieuw)\b|\b(?:weer|again) "
        r"gedaan\b|\b(?:het|it) (?:is )?(?:weer )?(?:gebeurd|happened) (?:weer|again)?\b")) or \
        (p.message(r"\b(?:is weer gebeurd|happened again)\b") and p.message(
            r"\b(?:mouw|sleeve|pleister|plaster|arm|pols|wrist|same place|zelfde plek)\b"))
    first_aid = p.re(r"\b(?:verband|pleisters?|plasters?|bandages?)\b") and p.re(
        r"\b(?:voor mezelf|for myself|steeds weer open|keeps opening|diepere|deeper|"
        r"altijd .{0,10}in (?:mn|mijn) tas|doos (?:al )?op)\b")
    played_down = p.re(r"\b(?:een paar|paar|wat|some|a few|few|maar|just|only) (?:kleine |"
                       r"little |small )?(?:sneetjes|snees|krasjes|sneden|krassen|cuts|"
                       r"scratches)\b") and p.message(
        r"\b(?:onder controle|under control|het is niks|t is niks|is niks|it's nothing|its "
        r"nothing|niks ergs|niets ergs|no big deal|geen big deal|stelt niks voor|i'm fine|"
        r"im fine|ik red me wel)\b") and not p.message(KITCHEN)
    return marks or sleeves or blades or relapse or hot or hidden or again or first_aid or \
        on_purpose or myself or cover_story or generic_hide or played_down


_BODY_WIDE = _MY_BODY[:-3] + r"|hand|handen|hands|vingers|fingers|hoofd|head|knokkels|knuckles|"\
    r"nagels|nails)\b"


@meaning("self_harm")
def telling_signs(p: Part) -> bool:
    """What students say instead of the word: 'dat ding gedaan met mn arm', lines 'not with a
    marker', a cover story, a few cuts 'and then it is better', arms nobody may see."""
    if p.about_others and not p.first_person:
        return False
    that_thing = p.message(r"\b(?:dat|die|het|that|those|the) (?:ding|dingen|thing|things)\b "
                           r"(?:\w+ ){0,3}(?:gedaan|doen|deed|did|done)\b.{0,15}\b(?:met|with|"
                           r"aan|on) (?:mijn|my) (?:arm|armen|pols|polsen|been|benen|arms|wrist|"
                           r"wrists|legs|huid|skin)\b")
    lines = p.re(r"\b(?:lijntjes|lijnen|lines|streepjes)\b (?:\w+ ){0,2}(?:gezet|gemaakt|getrokken|"
                 r"made|drawn)\b") and p.message(r"\b(?:niet|nie|not) (?:met|with) (?:een )?"
                                                r"(?:stift|pen|marker)|\b(?:weer|again|je snapt|"
                                                r"you know)\b")
    nothing_to_see = p.message(_MY_BODY) and p.message(
        r"\b(?:zien er (?:niet|nie) uit|ziet er (?:niet|nie) uit|(?:niet|nie) mee (?:zwemmen|"
        r"gymmen)|gym overslaan|skip (?:gym|pe|swimming)|wil (?:niet|nie) dat iemand (?:\w+ ){0,3}"
        r"ziet|(?:do not|dont) want (?:anyone|anybody|people) to see|niemand (?:het |ze )?ziet)\b")
    on_purpose = p.re(_BODY_WIDE + r".{0,40}\b(?:expres|on purpose|met opzet|express)\b|"
                      r"\b(?:expres|on purpose|met opzet)\b.{0,40}" + _BODY_WIDE) and \
        p.re(r"\b(?:gelegd|gehouden|gedrukt|held|pressed|put|tegen|against|op|on)\b") and \
        not p.re(ACCIDENT)
    made_marks = p.re(r"\b(?:krasjes|krassen|sneetjes|sneden|cuts|scratches|"
                      r"wondjes)\b (?:\w+ ){0,2}"
                      r"(?:gemaakt|gezet|made|gedaan)\b") and not p.re(r"\b(?:kat|cat|hond|dog)\b")
    relief = p.message(r"\b(?:sneetjes|krasjes|krassen|sneden|cuts|cutting|snijden|"
                       r"krassen)\b.{0,30}"
                       r"\b(?:gaat het (?:weer|beter)|voel ik me (?:beter|rustig)|feel better|"
                       r"calm(?:er)? down|kan ik (?:weer )?slapen|can sleep)\b") or p.message(
        r"\b(?:als ik (?:het|t) (?:niet|nie) doe|if i (?:do not|dont) do it)\b.{0,40}\b(?:sneetjes|"
        r"krasjes|cuts|snijden|cutting)\b")
    still = p.message(_MARKS) and p.message(r"\b(?:ik stop (?:niet|nie)|i (?:will not|wont|am not "
                                            r"going to) stop|kan (?:niet|nie) stoppen)\b")
    cover = (p.message(r"\b(?:zei|said|told)\b (?:\w+ ){0,4}(?:dat (?:het|ik)|it was|that it|"
                       r"de kat|"
                       r"the cat|een bloedneus|a nosebleed|gesneden bij|cut (?:myself )?"
                       r"(?:while|when|cooking))") and p.message(
        r"\b(?:dat was (?:niet|nie) zo|was (?:niet|nie) waar|wasnt true|was not true|was a lie|"
        r"gelogen|lied|(?:blood|bloed)\b.{0,30}\b(?:towels?|handdoek\w*|laken|sheets?|mouw|"
        r"sleeve))\b")) or (p.message(_MARKS) and p.message(_MY_BODY) and p.message(
            r"\b(?:ik zei|i said|zei ik|said it was) (?:\w+ ){0,2}(?:de kat|the cat|de hond|"
            r"the dog|"
            r"gevallen|fell)\b"))
    nails = p.re(r"\b(?:nagels|nails)\b (?:\w+ ){0,3}(?:in|into) (?:mijn|my) (?:\w+ )?(?:arm|"
                 r"onderarm|"
                 r"huid|skin|hand|benen|legs|forearm)\b")
    hit_self = p.re(r"\b(?:punch|punching|hit|hitting|slap|slapping|sla|slaan|slaat) "
                    r"(?:yourself|jezelf|myself|mezelf)\b") and not p.re(
        r"\b(?:game|spel|film|movie|joke|grap)\b")
    razor_plan = p.re(r"\b(?:razor|blade|mesje|scheermesje|schaar)\b") and p.message(
        r"\b(?:(?:what|wat) (?:i am|i'm|ik) (?:going to|gonna|ga) do|home alone|alleen thuis|"
        r"vanavond|tonight)\b")
    worse = p.re(r"\b(?:mijn|mn|my) eigen (?:armen|arm|benen|polsen|arms|legs|wrists)\b.{0,50}"
                 r"\b(?:erger|worse)\b")
    return that_thing or lines or nothing_to_see or on_purpose or made_marks or relief or \
        still or cover or nails or hit_self or razor_plan or worse
