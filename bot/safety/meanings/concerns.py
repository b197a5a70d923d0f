"""Concerns for the mentor, not emergencies: bullying, wanting to quit, asking for the mentor."""

from __future__ import annotations

from bot.safety.meanings.idioms import CARE_CONTEXT
from bot.safety.meanings.part import Part
from bot.safety.meanings.registry import meaning

_ME = r"(?:me|mij|mich|mie|us|ons)"
_MINE = r"(?:mijn|mn|m'n|my|mien)"
# Look-alikes of concerns (a concern-heavy tuning file, 2026-12-08): a placement finished, a
# side job or a sport quit; teasing the student enjoys; how to call in sick.
FINISHED_OR_SIDE_JOB = (r"\b(?:laatste dag|last day|afgerond|geslaagd|kreeg een \d|weekend ?job|"
                        r"bijbaan|bijbaantje|side job|part-?time job|sport|club|doorstromen|next "
                        r"year|volgend jaar|niveau \d|level \d|i finish|afstuderen)\b")
TEASING_ENJOYED = (r"\b(?:vind ik (?:het |t )?(?:eigenlijk )?(?:wel )?(?:grappig|leuk|prima)|"
                   r"was lachen|lag (?:ik )?(?:zelf )?(?:ook )?dubbel|lachte (?:zelf )?mee|i "
                   r"laughed too|(?:don't|dont) mind)\b")
ROUTINE_QUESTION = r"\b(?:als ik ziek ben|ziek ?melden|voor de regels|told (?:her|him) to)\b"


@meaning("bullying")
def bullied(p: Part) -> bool:
    if (p.about_others and not p.me_object) or p.re(r"\b(?:over pesten|about bullying|anti-?pest)"
                                                    ) or p.message(TEASING_ENJOYED):
        return False
    if p.message(CARE_CONTEXT) and p.re(r"\b(?:client|bewoner|mevrouw|meneer|resident|patient|"
                                        r"ze|zij|she|he|hij)\b"):
        return False  # a confused client calling names is care work
    if p.message(r"\b(?:klant|klanten|customer|customers|gast|guest)\b") and p.message(
            r"\b(?:heeft het opgelost|loste (?:het|t) op|opgelost|sorted it|handled it|stepped "
            r"in|kwam (?:me )?(?:\w+ )?helpen|came to help|overgenomen|nam (?:het|t) over|"
            r"afgehandeld|took over)\b"):
        return False  # an angry customer once, and someone at work dealt with it
    span = p.seq("BULLY")
    victim = span is not None and (
        any(w in ("me", "mij", "us", "ons", "myself", "mich", "mie") for w in p.words[
            max(0, span[0] - 4):span[1] + 5])
        or p.re(r"\b(?:ik|i|k)\b (?:\w+ )?(?:word|werd|ben|was|got|get|feel|voel) (?:\w+ ){0,3}"
                r"(?:gepest|genegeerd|uitgelachen|buitengesloten|uitgescholden|vernederd|"
                r"bullied|ignored|excluded|mocked|humiliated|left out|gediscrimineerd)\b")
        or p.re(r"^(?:gepest|genegeerd|uitgelachen|bullied|ignored)\b"))
    verb = victim and span is not None and not p.clause.any_in(span, "NOT", 3) and \
        not p.re(r"\b(?:klant|client|kind|kinderen|bewoner)s? (?:\w+ )?(?:negeren|negeerde|"
                 r"ignored)|\b(?:ik|i) (?:\w+ )?(?:negeer|negeerde|ignored|ignore|pest|pestte)\b")
    names = (p.clear(r"\b(?:noemen|noemt|noemde|noemden|call|calls|calling|called) (?:\w+ )?"
                    + _ME + r"\b") and not p.re(r"\b(?:bij mijn naam|by my name|mijn naam|my name|"
                                                r"schat|lieverd|bij (?:mn|mijn) voornaam)\b")
             and not p.re(r"\b(?:call|calls|calling|called) (?:me|mij)(?:$| (?:back|for|to|in|at|"
                          r"now|again|tonight|later|on|about))")) or \
        p.re(r"\b(?:zegt|zeggen|zei|zeiden|says|say|said|vinden|vindt|think|thinks)\b (?:\w+ ){0,5}"
             r"(?:dat )?(?:ik|i'm|i am|im|me|mij) (?:\w+ ){0,2}(?:stink|stinken|dom|stom|lelijk|"
             r"dik|"
             r"raar|vies|stupid|ugly|fat|weird|a loser|een loser|niks kan|te dom|zo dom|nie bij|"
             r"niet bij|don't belong|dont belong)\b") or p.re(r"\bben je (?:echt )?zo dom\b") or \
        (p.re(r"\b(?:scheldwoord|scheldnaam|scheldwoorden|names)\b") and p.re(
            r"\b(?:mijn|mn|my|me|mij|calling|noemen)\b"))
    left_out = p.re(
        r"\b(?:niemand|nobody|no one|noone) (?:\w+ ){0,4}(?:zei|zeiden|sprak|said|spoke) "
        r"(?:\w+ ){0,4}(?:iets|een woord|wat|anything|a word) (?:tegen|to) (?:me|mij)\b"
        r"(?! (?:dat|over|van|that|about))|"
        r"\b(?:niemand|nobody|no one|noone) (?:\w+ ){0,2}(?:praat|praatte|talks|talked|speaks|wil|"
        r"wants|says|zegt) (?:\w+ ){0,3}(?:met|tegen|to|with|back|samenwerken|terug) ?"
        r"(?:me|mij)?\b|\b(?:doen|doet|act|acts|acting|pretend|pretends|pretending) (?:\w+ ){0,3}"
        r"(?:alsof|as if|like) (?:ik|ge|je|jij|i'm|im|i am|i) (?:\w+ ){0,2}(?:lucht|niet besta|nie "
        r"besta|niet bestaat|nie bestaat|er niet ben|er nie ben|invisible|not there|don't exist|"
        r"dont exist)\w*|\b(?:buitenstaander|outsider|buitenbeentje)\b|\bganging up on me\b|"
        r"\b(?:fluisteren|roddelen|whisper|gossip|praten|talk)\w* (?:\w+ )?(?:over|about) "
        r"(?:mij|me)\b|\b(?:lachen|lachten|lache|laugh|laughed|laughing|lachte) (?:\w+ ){0,3}"
        r"(?:om|at|uit) (?:\w+ ){0,3}" + _ME + r"\b|\b(?:lachen|lachten|laugh|laughed|laughing|"
        r"lachte) (?:\w+ ){0,2}(?:om|at) " + _MINE + r"\b|"
        r"\bgrappen (?:\w+ )?over (?:mijn|mn|mij)\b|"
        r"\b(?:nepaccount|fake account)\b|\b(?:posted|posting|gepost|delen|gedeeld|maken|make|"
        r"making) (?:\w+ ){0,4}(?:of me|van mij|van me|about me|over mij|over me)\b|\b(?:make|"
        r"made|makes|making) fun of (?:me|my)\b|\bpick(?:s|ing)? on me\b|\btak(?:e|ing|in) the "
        r"mick\b|\b(?:ze|zij|they) (?:\w+ ){0,3}(?:mijn|mn|my) (?:jas|tas|spullen|telefoon|fiets|"
        r"bag|coat|stuff|phone|lunch)\b.{0,30}\b(?:gegooid|verstopt|kapot|weggegooid|threw|hid|"
        r"broke|thrown|hiding)\b|\b(?:verstoppen|verstopten|hiding|hide|hid) " + _MINE +
        r" (?:spullen|stuff|things|jas|tas|bag)\b|\bvoor (?:gek|schut) (?:gezet|zetten|zet)\b|"
        r"\bdoen (?:\w+ ){0,4}(?:mijn|mn|my) (?:\w+ ){0,3}na\b|\bdeed (?:\w+ ){0,2}(?:mijn|mn) "
        r"(?:\w+ ){0,4}na\b|\b(?:niet|nie|not|never) (?:\w+ )?(?:uitgenodigd|invited)\b|\bleft me "
        r"out\b|\bzonder mij\b.{0,30}\b(?:groepsapp|app|lunch|pauze)|\b(?:behalve|except) (?:op )?"
        r"(?:mij|me)\b|\bgeen plek (?:\w+ ){0,3}(?:aan tafel|voor mij)\b|\b(?:schuiven|draaien|"
        r"lopen) (?:\w+ )?weg als ik\b|\bturn away when i\b|\bmemes?\b.{0,20}\b(?:over|about|of|"
        r"van) (?:mij|me)\b|\biedereen (?:\w+ )?(?:lachte|lachen|laughed|moest lachen)\b|\b(?:de "
        r"rest|everyone) (?:\w+ )?(?:kijkt en lacht|lacht|laughs|laughed)\b|\b(?:voel|voelde) "
        r"(?:me|mij) (?:zo |echt )?(?:klein|buitengesloten|een buitenstaander)\b|\bnooit pauze "
        r"met de rest\b")
    return verb or names or left_out


_PLACE = (r"(?:stage|stageplek|stageplaats|stagecontract|bpv|opleiding|school|studie|richting|"
          r"internship|placement|course|college|mbo|vmbo|garage|werk|baan|job|daar|there|hier|"
          r"here|bouw|zorg|kapper|dij stee|stoage)")


@meaning("quit")
def wants_to_quit(p: Part) -> bool:
    if p.about_others or p.re(r"\b(?:stopt|ends|eindigt|is afgelopen|afgelopen) (?:\w+ )?"
                              r"(?:over|in|na)\b") or p.message(FINISHED_OR_SIDE_JOB):
        return False
    quit_ = p.re(r"\b(?:stoppen|stop|stopt|quit|quitten|quitting|ophouden|afhaken|kappen|kap|"
                 r"drop out|dropping out|drop|droppen|dropping|opgeven|give up|uitschrijven|"
                 r"schrijf (?:ik )?(?:me|mij) uit|leave|leaving|opzeggen|packin in|packing in)\b "
                 r"(?:\w+ ){0,3}"
                 r"(?:met |with |out of |from |in )?(?:de |het |deze |die |mijn |mn |my |this |"
                 r"the )?(?:\w+ )?" + _PLACE + r"\b") or p.re(
        r"\b(?:ermee|er mee) (?:\w+ )?(?:stoppen|kappen|ophouden|op)\b|\b(?:kap|kappen|stop|hou|"
        r"houd) ik ermee\b|\b(?:kap|stop|hou) ermee\b|\bermee kappen|dat ik (?:\w+ )?stop\b|"
        r"\b(?:can i|kan ik|mag ik) (?:\w+ ){0,3}(?:stop|stoppen|wisselen|switch)\b|\bfinna "
        r"quit\b|\b(?:ik )?(?:wil|ga|denk) (?:\w+ ){0,3}(?:stoppen|quitten|droppen|kappen)$|"
        r"\bstop(?:t)? (?:\w+ )?halverwege\b|\bzeg (?:je|ik|jij|u|k) (?:\w+ ){0,3}(?:stage|"
        r"stageplek|stagecontract|opleiding|contract|bpv) op\b|\b" + _PLACE +
        r" (?:\w+ )?(?:opzeggen|droppen|quitten)\b") or p.re(
        r"\bmet (?:de |het |mijn |mn |deze |die )?" + _PLACE + r" (?:\w+ )?(?:te )?(?:stoppen|"
        r"kappen|ophouden)\b") or p.re(r"\bzie (?:het|t) (?:niet|nie) zitten om (?:nog|weer|"
                                      r"daar|morgen|terug)\b")
    not_back = p.re(
        r"\b(?:ga|gaan|go|going|wil|want|ik) (?:\w+ ){0,3}(?:niet|nie|not|nooit|never|nait) "
        r"(?:meer |ever )?(?:terug|trug|back|heen|naartoe|noar|naar (?:stage|school|mijn stage|de "
        r"stage|die))\b|\bnooit (?:meer )?(?:heen|terug|naar)\b|\b(?:ga|gaan) (?:ik )?(?:\w+ )?"
        r"(?:niet|nie) meer$|\bniet meer (?:naar|terug)\b|\b(?:weet|know) (?:niet|nie|not) (?:of|"
        r"if|whether) (?:ik|i) (?:\w+ )?(?:terug|back|door|verder|nog (?:wel )?(?:een )?stage)\b|"
        r"\bnot going back\b|\b(?:do not|don't|dont|never) (?:\w+ )?want to (?:go )?back\b|"
        r"\b(?:wil|want) (?:\w+ ){0,2}(?:niet|nie|not|never) (?:meer )?(?:terug|back)\b|\b(?:ga|"
        r"gaan) (?:ik )?(?:niet|nie) meer(?: (?:heen|terug|naartoe))?(?:$| heb| want| en| ik)|"
        r"\bnooit meer (?:wilt|wil) komen\b|\b(?:not going|niet gaan|ga (?:ik )?(?:nie|niet)) "
        r"(?:\w+ )?(?:tmrw|tomorrow|morgen|mrgn)\b.{0,25}\b(?:or ever|ook (?:nie|niet)|never)|"
        r"\bnot showing up\b|\bwalked out\b.{0,30}\bfor good\b|\bmeld (?:me|mij) (?:\w+ )?ziek\b"
        r".{0,40}\b(?:de rest|elke dag|every day|ook)\b|\bhopen dat (?:ie|de bus|hij) (?:nie|"
        r"niet) komt\b|\blaatste week (?:daar|there)\b|\bmijn laatste (?:stage)?week\b")
    other = p.re(r"\b(?:andere|ander|nieuwe|other|another|different|new) (?:stage|stageplek|"
                 r"stageplaats|opleiding|studie|richting|internship|placement|course|school)\b") \
        and p.re(r"\b(?:wil|wilde|want|liever|rather|kan ik|can i|mag ik|zoeken|switch|"
                 r"wisselen)\b")
    fit = (p.re(r"\b(?:is|isnt|is not|past|past gwn|past gewoon|hoor|belong) (?:\w+ )?(?:niks|"
                r"niets|"
               r"not|niet|nie) (?:\w+ )?(?:voor|for|bij|in) (?:mij|me|de zorg|dit vak|here|hier)\b"
               ) and p.re(r"\b(?:opleiding|studie|richting|stage|course|placement|internship|dit|"
                          r"this|it|het|zorg|vak)\b|" + _PLACE)) or p.re(
        r"\b(?:wrong|verkeerde) (?:course|opleiding|keuze|richting|choice)\b|\bwil van (?:deze|"
        r"de|mijn|mn) (?:opleiding|school|stage) af\b|\bwrm zit ik (?:nog )?op\b|\bklaar met "
        r"(?:die|de|deze|dit|mijn|mn) (?:stage|opleiding|placement|course)\b|\b(?:done|finished) "
        r"(?:w|with) (?:this|the|my) (?:placement|internship|course)\b|\bklaar met (?:die|de|"
        r"deze|dit|mijn|mn) (?:\w+ )?" + _PLACE + r"\b")
    switch = p.re(r"\b(?:switchen|switch|wisselen|overstappen)\b") and (p.re(
        r"\b(?:opleiding|studie|richting|stage|course|placement|internship|company|bedrijf|"
        r"zorg)\b") or p.re(r"\b(?:ik|i|k) (?:\w+ )?(?:wil|want|wou|zou) (?:\w+ ){0,3}"
                            r"(?:switchen|switch|wisselen|overstappen)\b")) and not p.re(
        r"\b(?:banden|band|tyres?|tires?|olie|oil|dienst|diensten|shifts?|rooster|plek|plekken|"
        r"kleren|luier|luiers|bedden|beddengoed|lampen|lamp|filter|filters|kassa|pauze)\b "
        r"(?:\w+ ){0,2}(?:switchen|switch|wisselen)\b")
    no_zin = p.re(r"\b(?:geen|gene|gin) (?:zin|goesting) meer in (?:\w+ )?(?:de |die |deze |mijn |"
                  r"mn |dat |t |het )?(?:stage|stageplek|opleiding|studie|bpv|werk|plek)\b|"
                  r"\b(?:geen|"
                  r"gene|gin) (?:zin|goesting) meer in$")
    month = p.re(r"\b(?:can not|can't|cant|kan) (?:\w+ )?(?:see myself|mezelf)\b.{0,30}\b"
                 r"(?:another|nog (?:een|\w+)|more)\b")
    sick = p.re(r"\bmeld (?:ik )?(?:me|mij) (?:\w+ )?ziek\b|\b(?:call|calling) in sick\b") and \
        p.message(r"\b(?:als ik (?:\w+ ){0,3}(?:weer|morgen|nog) (?:\w+ ){0,4}(?:moet|ga)|"
                  r"overmorgen|de rest|elke dag|every day|if i (?:\w+ ){0,2}(?:have to|gotta) "
                  r"go (?:\w+ )?back)\b")
    found = quit_ or not_back or other or fit or switch or no_zin or month or sick
    if not found:
        return False
    return not p.re(r"\b(?:wil|want) (?:niet|nie|not|never) (?:\w+ ){0,2}(?:stoppen|quit|weg)\b")


_WHO = (r"\b(?:mentor|mentoren|slb|slber|slb'er|studieloopbaanbegeleider|loopbaanbegeleider|coach|"
        r"docent|leraar|lerares|leerkracht|juf|meester|vertrouwenspersoon|zorgcoordinator|"
        r"stagecoordinator|stagedocent|counselor|counsellor|teacher|tutor|decaan|iemand van "
        r"school|someone (?:from|at) school|iemand op school|iemand|someone|somebody|school|"
        r"meneer|mevrouw|mr|mrs|ms|miss|begeleider van school|a real person|een echt mens)\b")
_TALK = (r"\b(?:praten|spreken|spreke|babbelen|kalle|klappen|bellen|belt|bel|terugbellen|"
         r"terugappen|contact|contacten|bereiken|reach|gesprek|afspraak|langskomen|langs|appen|"
         r"mailen|zien|bespreken|talk|speak|call|chat|meet|meeting|terecht|weet hoe het|weten hoe "
         r"het|weet dat|weten dat|know|visit|see|vertellen|tell|tijd|time|remind)\b")


# Not wanting the mentor, or not knowing yet whether they do: no request.
NOT_ASKING = (r"\b(?:wil|wilt|want|wanna)\b (?:\w+ ){0,2}(?:niet|nie|not)\b|\b(?:niet|nie|not|"
               r"don't|dont|do not|doesn't|never|nooit)\b (?:(?:ik|je|echt|zo|really|even|so) )"
               r"{0,2}(?:wil|wilt|want|wanna)\b|"
               r"\b(?:weet|know) (?:\w+ )?(?:niet|nie|not) (?:\w+ )?(?:zeker )?(?:of|if|whether)\b|"
               r"\bnot sure (?:\w+ )?(?:if|whether)\b|\btwijfel (?:\w+ )?of\b|"
               r"\b(?:geen|gein|no|hoef geen|don't need|dont need|do not need) (?:\w+ )?"
               r"(?:hulp|help)\b(?! (?:van|from) )")


def wants_a_contact(p: Part) -> bool:
    """'Ik wil met iemand praten die de hbo-v doet': someone who studies or works where the
    student wants to go, a contact for the future (networking), not a request for help."""
    return p.re(r"\b(?:iemand|someone|somebody) (?:\w+ )?(?:die|who) (?:\S+ ){0,6}(?:doet|"
                r"studeert|werkt|gedaan|volgt|gevolgd|kent|does|studies|studied|works|worked|"
                r"knows)\b") and not p.re(r"\b(?:helpen|help|hulp)\b")


@meaning("mentor_request")
def asks_for_mentor(p: Part) -> bool:
    if p.re(NOT_ASKING) or p.message(ROUTINE_QUESTION):
        return False  # 'ik wil niet dat mijn mentor het weet', 'weet niet of ik dat wil'
    if wants_a_contact(p):
        return False  # someone who studies or works there: a contact for the future
    if p.re(r"\b(?:vroeg|vroegen|asked)\b (?:\w+ )?(?:of|if)\b(?!.*\b(?:remind|still heard|nog "
            r"niks gehoord))|\b(?:heb|had|hebben|did|talked|gepraat|gesproken|gebeld|called|"
            r"spoke)\b (?:\w+ ){0,4}(?:gepraat|gesproken|gebeld|with|met)\b.{0,20}\b(?:gisteren|"
            r"vandaag|today|yesterday|vorige)\b"):
        return False
    wants = p.re(r"\b(?:wil|wilt|willen|zou|graag|kan|kun|kunnen|kunde|mag|moet|fijn|wie|hoe|"
                 r"want|wanna|would|could|can|may|need|needs|like|pls|please|is there|who|how|"
                 r"heeft|has|weet|kin|is er|tell)\b")
    help_ = p.re(r"\b(?:ik heb|i) (?:\w+ )?(?:hulp nodig|need help|need some help)\b|\b(?:kan|can|"
                 r"could|wil) (?:\w+ )?(?:iemand|someone|somebody) (?:me|mij) (?:\w+ ){0,2}"
                 r"(?:helpen|help)\b|\bwho do i (?:talk|go) to\b|\bwho to talk to\b|"
                 r"\bwaar kan ik (?:\w+ )?terecht\b|\bkan (?:ik|k) (?:\w+ )?(?:ergens )?terecht\b|"
                 r"\bneed help w\b|"
                 r"\b(?:wil|"
                 r"want) (?:\w+ ){0,2}(?:dat )?(?:mijn|mn|my) (?:mentor|coach|slb\w*) (?:\w+ )?"
                 r"(?:het |it )?(?:weet|weten|knows?)\b|\b(?:is er|is there) (?:\w+ )?(?:iemand|"
                 r"someone)\b.{0,30}\b(?:school|vertellen|praten|talk|tell)\b")
    return (p.re(_WHO) and p.re(_TALK) and wants) or help_


_BELONGINGS = (r"\b(?:mijn|mn|my) (?:jas|tas|spullen|telefoon|fiets|bag|coat|stuff|phone|lunch|"
               r"gereedschap|tools|boterhammen|etui|schoenen|kluisje|locker)\b")


@meaning("bullying")
def bullied_told_plainly(p: Part) -> bool:
    """Bullying told as what happens: they stop talking when I walk in, my lunch in the bin,
    names shouted after me, my accent copied for the whole kitchen."""
    if (p.about_others and not p.me_object and not p.first_person) or \
            p.message(TEASING_ENJOYED):
        return False
    silent = p.re(r"\b(?:ze|zij|they|collegas|collega's|iedereen|everyone|everybody)\b (?:\w+ )?"
                  r"(?:praten|praat|talk|talks|speak) (?:\w+ )?(?:niet|nie|not) (?:\w+ )?(?:tegen|"
                  r"met|to|with) (?:me|mij)\b|\b(?:stoppen|stopt|stop|stops|stopping) (?:\w+ )?"
                  r"(?:met praten|talking)\b.{0,20}\b(?:als ik|when i)\b|\b(?:zit|sit|eet|eat) "
                  r"(?:ik )?(?:\w+ )?(?:altijd|always|steeds|elke dag) (?:\w+ )?(?:alleen|alone)\b|"
                  r"\b(?:nobody|niemand) (?:\w+ ){0,2}(?:invites|nodigt|nodigde|vraagt) (?:me|"
                  r"mij)\b")
    things = p.message(_BELONGINGS) and p.message(
        r"\b(?:gegooid|leeggegooid|verstopt|verstoppen|verstoppen steeds|kapot|weggegooid|"
        r"prullenbak|threw|hid|hide|hiding|broke|thrown|bin|trash)\b") and p.message(
        r"\b(?:lachen|lachten|lacht|laugh|laughed|filmen|filmden|filming|weer|again|steeds|"
        r"expres|on purpose|stonden)\b")
    mocked = p.re(r"\b(?:doet|doen|deed|deden|copies|copy|copied|imitates|mimics) (?:\w+ ){0,2}"
                  r"(?:mijn|mn|my) (?:accent|stem|voice|manier|loopje|way)\b") or p.re(
        r"\b(?:mocking|mock|mocked|belachelijk (?:maken|gemaakt)) (?:\w+ ){0,2}(?:how i|me|mij|"
        r"my|mijn)\b") or p.re(r"\b(?:tiktok|video|filmpje|post|account)\b (?:\w+ ){0,4}(?:with|"
                                r"of|about|over|van|met) (?:my|mijn|mn|me|mij)\b")
    shouted = p.re(r"\b(?:roepen|riepen|roept|schelden|schold|scholden|noemen|noeme|noemt|call|"
                   r"calls|shout|shouts|yell)\b (?:\w+ ){0,4}(?:homo|hoer|kanker\w*|mongool|"
                   r"neger|dikke|dikzak|loser|slet|nerd|kut\w*)\b") or p.re(
        r"\b(?:noeme|noemen)\b (?:\w+ )?(?:mij|me)\b")
    laugh_when = p.re(r"\b(?:lachen|lache|lacht|laugh|laughs)\b (?:\w+ ){0,2}(?:als|as|when|"
                      r"wanneer) (?:ik|i)\b") or p.re(
        r"\b(?:lachen|lache|lachten) (?:\w+ ){0,2}(?:mij|me|mie) (?:uit|oet)\b")
    in_front = p.message(r"\b(?:waar iedereen bij (?:staat|stond|was|is)|in front of everyone|"
                         r"voor de hele (?:keuken|klas|groep|ploeg|winkel)|iedereen lacht|"
                         r"everyone laughs)\b") and p.message(
        r"\b(?:niks|niets|dom|stom|slechtste|worst|stupid|useless|nutteloos|loser|kan (?:ook )?"
        r"niks|accent|lacht|lachen)\b")
    pretend = p.re(r"\b(?:doen|doet|act|acts) (?:\w+ ){0,2}(?:alsof|as if|like) (?:ik|i) (?:\w+ )?"
                   r"(?:dom|stom|stupid|niks kan|achterlijk)\b") or p.re(
        r"\b(?:expres|on purpose) (?:\w+ )?(?:verkeerde|wrong) (?:instructies|instructions|"
        r"uitleg)\b") or p.re(r"\b(?:zeggen|zegt|zei|zeiden)\b (?:\w+ ){0,3}(?:dat )?(?:meiden|"
                               r"meisjes|girls) (?:\w+ ){0,2}(?:niet|nie) (?:in|bij|op)\b")
    on_purpose = p.re(r"\b(?:expres|bewust|express|on purpose|deliberately) (?:\w+ ){0,2}"
                      r"(?:niet|nie|not) (?:\w+ )?(?:tegen|met|to|with) (?:me|mij|je|mie) "
                      r"(?:praten|praat|talk|talks|speak)\b") or (p.re(
        r"\b(?:expres|bewust|express|on purpose|deliberately)\b (?:\w+ ){0,3}(?:verkeerd|fout|"
        r"wrong)\b|\b(?:mijn|mn|my) naam (?:\w+ ){0,2}(?:verkeerd|fout|wrong)\b") and p.message(
        r"\b(?:lacht|lachen|lachte|lachten|laughs|laugh|laughed|uitlachen)\b"))
    worth = p.re(r"\b(?:zeggen|zegt|zei|zeiden|says|say|said|vinden|vindt)\b (?:\w+ ){0,3}(?:dat )?"
                 r"(?:dat |het |dit )?(?:is |zijn )?(?:wat|alles wat|all) (?:ik|i) (?:\w+ )?"
                 r"(?:waard|worth|goed voor|good for)\b")
    return bool(silent or things or mocked or shouted or laugh_when or in_front or pretend or
                on_purpose or worth)


@meaning("quit")
def quitting_told_plainly(p: Part) -> bool:
    """Not going back told without 'stoppen': dread every Sunday, days missed, 'niks voor mij',
    'liever ... dan terug'."""
    if p.about_others and not p.first_person:
        return False
    return bool(p.re(
        # 'ik denk dat ik deze opleiding niet meer wil', 'ik wil die stage niet meer'
        r"\b(?:opleiding|studie|richting|bpv|stage|stageplek)\b (?:\w+ ){0,2}(?:niet|nie) meer "
        r"(?:wil|zie zitten|doen|wilt)\b|\bwil (?:\w+ )?(?:opleiding|studie|richting|stage|"
        r"stageplek) (?:\w+ )?(?:niet|nie) meer\s*$|\b(?:don't|dont|do not) want (?:to do )?"
        r"(?:this|the|my) (?:course|internship|study|placement|studies) (?:anymore|any more)\b|"
        r"\b(?:niet|nie|nait) weer naar (?:die|de|dat|mijn|mn|het) \w+|\b(?:is )?niks voor (?:mij|"
        r"me)\b|\bzie (?:mezelf|mij) (?:\w+ ){0,3}(?:niet|nie) (?:\w+ ){0,3}(?:\d+|nog) (?:weken|"
        r"maanden|jaar)\b|\b(?:rather|liever) (?:\w+ ){0,4}(?:than|dan) (?:\w+ ){0,2}(?:go back|"
        r"terug|daar)\b|\bnot cut out for\b|\bthinking (?:of|about) (?:just )?(?:leaving|"
        r"quitting|dropping out|not (?:going|showing))\b|\b(?:denk|denken|nadenken|zit erover)"
        r" (?:\w+ ){0,4}(?:om )?te stoppen\b|\b(?:hoeft|hoef) (?:\w+ ){0,2}voor mij (?:niet|nie) "
        r"meer\b|\b(?:niet|nie) (?:op|naar) (?:\w+ )?(?:stage|school|werk) (?:geweest|gegaan)\b|"
        r"\b(?:niet|nie) (?:gegaan|geweest)\b.{0,30}\b(?:morgen|tomorrow)\b.{0,20}\b(?:ook|"
        r"either|niet|nie)\b|\bdat ik (?:niet|nie) meer kom\b|\buit (?:te )?schrijven\b|"
        r"\buitschrijven\b|\bliever naar (?:de |het )?\w+ dan\b|\b(?:morgen|tomorrow|mörn|morn) "
        r"(?:ga|gaan|goa) (?:ik )?(?:niet|nie|nait|not)\b|\bskipped (?:my )?(?:internship|"
        r"placement|school|work)\b|\bnot planning to go\b|\bbuikpijn\b.{0,40}\b(?:maandag|"
        r"weer moet|naar stage)\b|\bstomach ache\b.{0,40}\b(?:monday|go back)\b"))


@meaning("mentor_request")
def asks_for_someone(p: Part) -> bool:
    """Asking for a person without naming the mentor: 'ik wil graag een gesprek', 'wie moet ik
    bellen', 'ik heb iemand nodig om mee te praten', 'kan iemand van school bemiddelen'."""
    return bool(p.re(
        r"\b(?:ik )?(?:wil|would like|want) (?:\w+ )?(?:graag )?een (?:gesprek|afspraak)\b|"
        r"\bwie (?:moet|kan) ik (?:\w+ )?(?:bellen|spreken|mailen|appen|vragen)\b|"
        r"\bwho (?:should|do|can) i (?:call|contact|talk to|ask)\b|\b(?:iemand|someone|"
        r"somebody) nodig om (?:mee )?te praten\b|\bneed (?:someone|somebody) to talk to\b|"
        r"\b(?:iemand van school|someone from school|stagedocent|mentor|slb\w*|docent)\b "
        r"(?:\w+ ){0,4}(?:bemiddelen|komt kijken|komen kijken|langskomt|langs komt|mediate|"
        r"come and see)\b|\bmet iemand van school (?:\w+ ){0,3}over (?:\w+ )?(?:hebben|praten)\b|"
        r"\b(?:wie is|who is) (?:mijn|mn|my) (?:stagedocent|mentor|slb\w*|coach)\b") and \
        p.message(r"\b(?:moet|wil|kan|need|want|bespreken|praten|talk|gesprek|bellen|call|"
                  r"iets)\b"))


# Food and money at home: 'we hebben thuis geen geld voor eten', 'de koelkast is al dagen
# leeg', 'ik heb al 2 dagen niet gegeten want er is niks thuis', 'no food at home'. Possible
# neglect, which a school's Meldcode asks it to look at; not hunger from a forgotten lunch.
_FOOD = (r"\b(?:eten|food|brood|boodschappen|groceries|lunch|ontbijt|breakfast|avondeten|"
         r"dinner|maaltijd|meals?|koelkast|fridge|gegeten|gegete|eaten|eat|honger|hungry|"
         r"starving|chips|leftovers|restjes|eet|opeten|broodjes|broodje)\b")
_HOME = r"(?:thuis|at home|home|osso|thoes|in huis|in the house|bij ons)"
_NOTHING = (r"(?:niks|niets|nix|nothing|gein|geen|alles op|leeg|empty)(?: (?:meer|left|te eten|"
            r"eten|food|to eat|in de koelkast|in the fridge))?")
_NO_FOOD_AT_HOME = (
    rf"\b{_HOME}\b (?:\w+ ){{0,4}}{_NOTHING}\b(?! (?:aan|te doen|to do|bijzonders|special))|"
    rf"\b{_NOTHING} (?:\w+ ){{0,3}}{_HOME}\b|"
    r"\b(?:niks|niets|nix|nothing) (?:\w+ )?(?:in de koelkast|in the fridge)\b|"
    r"\b(?:geen|gein|no) (?:geld|money|doekoe|centen) (?:\w+ ){0,4}(?:eten|food|boodschappen|"
    r"groceries|brood|lunch)\b|\b(?:eten|food) (?:\w+ ){0,3}(?:if|als) "
    r"(?:you|you've|youve|je|ik|i|i've) (?:\w+ ){0,2}"
    r"(?:no|geen) (?:money|geld)\b|"
    r"\b(?:niet|nie|not|nothing|niks|nix) (?:\w+ )?(?:gegeten|gegete|eaten|gehad te eten)\b "
    r"(?:\w+ ){0,4}(?:sinds|since|al|for) (?:\w+ )?(?:gisteren|yesterday|dagen|days|daag)\b|"
    r"\b(?:al |for )?(?:\d+|twee|drie|vier|two|three|four) (?:dagen|days|daag) (?:\w+ ){0,3}"
    r"(?:niet|nie|not|niks|nix|nothing|geen eten|no food)(?: \w+)? (?:gegeten|gegete|eaten|"
    r"gehad|had)\b|"
    r"\b(?:havent|haven't|have not|hasnt|hadnt|haven't) eaten since\b|"
    r"\b(?:anders|otherwise) (?:eten|eet|hebben) (?:ze|zij|we|wij|they|we) (?:niks|niets|niet|"
    r"nie)|\botherwise (?:they|we) (?:don't|dont|do not|wouldn't|won't) eat\b|"
    r"\b(?:nooit|never) (?:\w+ )?(?:lunch|eten|brood|food) (?:\w+ )?mee\b.{0,20}\b(?:niks|"
    r"niets|nothing|geen)\b|\b(?:eet|eat) (?:\w+ ){0,2}(?:alleen|only) (?:\w+ )?(?:op|on|at) "
    r"(?:stagedagen|stage|school|work|placement days)\b|"
    r"\b(?:mijn |mn |my )?(?:moeder|vader|ouders|ma|pa|mum|mom|dad|parents) (?:\w+ ){0,3}"
    r"(?:geen|no) (?:geld|money) (?:meer|anymore|left)\b|"
    # the money runs out before the month does (an eighth user trial)
    r"\b(?:eind|einde|end) (?:van de|of the) (?:maand|month) (?:\w+ ){0,3}(?:op|leeg|niks|"
    r"nothing|gone|out)\b|\b(?:wachten|wacht|wait|waiting) (?:\w+ ){0,3}(?:tot|until|till) "
    r"(?:de|het|the|my|mijn|mn) (?:uitkering|toeslag|salaris|loon|geld|benefits|payday|"
    r"paycheck)\b|"
    r"\b(?:havent|haven't|have not|hadnt|hadn't|not) had (?:any |proper |real |enough |a "
    r"proper |a real )?(?:food|meal|meals|dinner)\b (?:\w+ ){0,3}(?:at home|since|for)\b|"
    r"\b(?:drink|drinks|drank|eet|eat) (?:\w+ ){0,2}(?:water|niks|niets|nothing)\b (?:\w+ ){0,3}"
    r"(?:bij de|at|in de|during) (?:lunch|pauze|break)\b.{0,30}\b(?:nobody notices|no one "
    r"notices|niemand (?:het )?(?:ziet|merkt))")

_EMPTY_FRIDGE = r"\b(?:koelkast|fridge|kastjes|cupboards?) (?:\w+ ){0,3}(?:leeg|empty)\b"


@meaning("basic_needs")
def no_food_at_home(p: Part) -> bool:
    """Not enough food or money for it at home: told as a fact, not as a joke ('dood van de
    honger' is an idiom, kept out before this is asked)."""
    if p.about_others and not p.first_person:
        return False
    fridge = p.message(_EMPTY_FRIDGE) and not p.re(  # the shop's or canteen's fridge
        r"\b(?:kantine|canteen|winkel|shop|store|schap|schappen|vitrine|magazijn|restaurant|"
        r"zaak|werk|work|stage|keuken van)\b")
    return (p.message(_NO_FOOD_AT_HOME) or fridge) and p.message(_FOOD) and not p.message(
        r"\b(?:vergeten|forgot|vergat|ramadan|vasten|fasting|dieet|diet|lijnen)\b")


@meaning("bullying")
def left_out_or_mocked(p: Part) -> bool:
    """Left out or made small without the word: 'ze praten nooit tegen me', 'geen stoel voor
    mij', 'de hele garage stond te filmen', 'ik durf niks meer te vragen'."""
    if (p.about_others and not p.me_object and not p.first_person) or \
            p.message(TEASING_ENJOYED):
        return False
    return p.message(
        r"\b(?:praten|praat|spreken|talk|talks) (?:ze|zij|they|ze allemaal) (?:\w+ )?(?:nooit|"
        r"never|nie|niet|nait) (?:\w+ )?(?:tegen|met|to|with) (?:me|mij)\b|"
        r"\b(?:geen|no) (?:stoel|plek|plaats|seat|room) (?:\w+ )?(?:voor|for) (?:mij|me)\b.{0,30}"
        r"|\b(?:pauze|break|lunch)\b.{0,60}\b(?:geen|no) (?:stoel|plek|seat) (?:\w+ )?(?:voor|for) "
        r"(?:mij|me)\b|"
        # yelled at where customers stood by: humiliated ('waar klanten bij waren')
        r"\b(?:schreeuwde|schreeuwt|snauwde|snauwt|tierde|blafte|yelled|shouted|screamed|"
        r"snapped) (?:\w+ )?(?:tegen|naar|at) (?:me|mij)\b.{0,40}\b(?:waar (?:\w+ ){0,3}bij|in "
        r"front of|voor (?:de|alle|iedereen|het hele)|waar iedereen)|"
        r"\b(?:hele|whole|iedereen|everyone|allemaal) (?:\w+ ){0,3}(?:stond|stonden|was|were) "
        r"(?:te |aan het )?(?:filmen|lachen|filming|laughing)\b|"
        r"\b(?:durf|dur|dare) (?:ik )?(?:niks|niets|nothing|niet|nie) meer te (?:vragen|vroagen|"
        r"zeggen|ask|say)\b|\b(?:zeggen|zegt|roepen|roept|say|says) (?:ze|hij|zij|they|he|she) "
        r"(?:\w+ )?(?:doe|don't be|dont be) (?:niet|nie|nait)? ?zo (?:dom|stom|stupid)\b")
