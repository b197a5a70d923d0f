"""Violence: someone at the internship or at home hits, kicks, pushes, grabs, throws at,
threatens or locks in the student; and the fear and bruises that tell of it."""

from __future__ import annotations

import re

from bot.safety.meanings.idioms import CARE_CONTEXT, SAVED_FROM_FALLING, THEIR_TEMPER
from bot.safety.meanings.part import ME_OBJECT, Part
from bot.safety.meanings.registry import meaning
from bot.safety.meanings.turns import TURN

_SPORT = (r"\b(?:per ongeluk|by accident|accidentally|voetbal|football|soccer|training|match|"
          r"wedstrijd|game|spel|sparren|boksen|boxing|kickboksen|judo|rugby|worstelen|"
          r"wrestling|stoeien|pretended|deed alsof|nagespeeld|oefening|oefenden|practiced|"
          r"practised|mock)\b")
_BODY = ("hoofd", "gezicht", "lip", "oog", "oor", "neus", "rug", "nek", "keel", "arm", "armen",
         "hand", "handen", "vingers", "hands", "fingers", "benen",
         "pols", "benen", "been", "buik", "face", "head", "back", "eye", "nose", "ear", "neck",
         "throat", "arm", "arms", "wrist", "legs", "leg", "stomach", "ribben", "ribs", "bovenarm",
         "kaak", "jaw", "schouder", "shoulder", "haren", "haar", "hair", "kraag", "collar")
_GRAB = (r"\b(?:pakt|pakte|gepakt|vastgepakt|grijpt|greep|gegrepen|trekt|trok|trekken|getrokken|"
         r"drukt|drukte|gedrukt|knijpt|kneep|geknepen|duwt|duwde|geduwd|smijt|smeet|gooit|gooide|"
         r"gegooid|grabbed|grabs|grab|pulled|pulls|pinned|slammed|pressed|shook|schudde|geschud|"
         r"shoved|pushed|dragged|sleurde|gesleurd|wierp|tackled)\b")
_HOLD = (r"\b(?:keel|nek|kraag|haren|haar|arm|armen|pols|hoofd|gezicht|oor|throat|neck|collar|"
         r"hair|wrist|arm|face|ear|hoek|corner|muur|wall|lockers|grond|floor|deur|door|trap|"
         r"stairs|kast|stellingen|koelcel|door elkaar|bed|tafel|table|hek|locker|auto|car|"
         r"bureau|desk|wand)\b")
_ATTACK = (r"\b(?:tegen de (?:grond|muur|vloer|kast) (?:gewerkt|gezet|gedrukt|geduwd|gegooid)|"
           r"(?:vastgebonden|tied me|tied up)|(?:gespuugd|gespuwd|spat|spit) (?:\w+ ){0,3}"
           r"(?:op|in|on|at)|(?:stamp|schop|trap|klap|mep|dreun|tik|stomp|duw|beuk|opdoffer|"
           r"kopstoot|elleboog|knietje|oorvijg|draai om (?:mn|mijn|de) oren) (?:\w+ )?(?:gegeven|"
           r"gekregen|geven)|gave me a (?:kick|slap|punch|smack|shove)|clipped me|(?:round|around) "
           r"the ear|aan (?:\w+ )?(?:mn|mijn|je|my) (?:oor|oren|haren|haar) (?:\w+ )?(?:trekken|"
           r"trekt|getrokken|trok)|(?:trekt|trok|trekken) (?:\w+ ){0,2}aan (?:mn|mijn|je) "
           r"(?:oor|oren|haren|haar)|(?:burned|burnt|gebrand|verbrand) (?:my|mijn|mn) (?:\w+ )?"
           r"(?:arm|hand|nek|neck)\b.{0,20}\b(?:on purpose|expres)|(?:with|met) (?:a |de |een )?"
           r"(?:riem|belt|stok|stick|pollepel|spoon|hanger|kabel|cable)\b)")


# A pat on the shoulder that comes with praise.
PRAISE_PAT = re.compile(
    r"\b(?:sloeg|slaat|klopte|klopt|tikte|tikt|gaf|slapped|patted|pats|clapped) (?:me|mij) "
    r"(?:\w+ )?(?:op|on) (?:de|mijn|mn|my|the) (?:schouder|rug|shoulder|back)\b(?=.*\b(?:goed "
    r"gedaan|well done|good job|nice job|top|trots|proud|knap|compliment\w*|lachend|laughing|"
    r"bedankt|thanks)\b)")


def _care_or_third_party(p: Part) -> bool:
    """A client with dementia hitting out (care work), or a colleague elsewhere who was hit."""
    care = p.message(CARE_CONTEXT) and p.re(r"\b(?:client|clienten|bewoner|bewoonster|mevrouw|"
                                            r"meneer|resident|patient|ze|zij|hij|she|he)\b") \
        and not p.message(TURN)
    third = p.re(r"\b(?:een|de|a|the|die|that) (?:collega|colleague|klant|client|bewoner|stagiair|"
                 r"jongen|meisje|vrouw|man|medewerker)\b (?:\w+ ){0,6}(?:is|werd|was|got|wordt) "
                 r"(?:\w+ ){0,2}(?:geslagen|geschopt|aangevallen|beaten|hit|attacked|bedreigd)\b")
    return care or third


@meaning("violence")
def someone_hurts_me(p: Part) -> bool:
    """Someone hits, kicks, pushes, grabs or throws at the student: 'mn chef gaf me een klap'."""
    if p.re(_SPORT) or (p.about_others and not p.me_object) or _care_or_third_party(p):
        return False
    if PRAISE_PAT.search(p.whole):
        return False  # 'sloeg me op mijn schouder en zei goed gedaan': praise
    if p.message(SAVED_FROM_FALLING) and not p.re(r"\b(?:sloeg|slaat|schopte|trapte|hit|kicked|"
                                                  r"punched|duwde|pushed|shoved)\b"):
        return False  # 'pakte mn arm vast toen ik bijna viel': held from falling
    words = p.words
    told = ("told", "tells", "vertelde", "vertelt", "zei", "zegt", "asked", "vroeg", "showed",
            "liet", "said", "wrote", "schreef", "appte")
    victims = [i for i, w in enumerate(words) if (w in ME_OBJECT or w in ("mich", "mie"))
               and not (i and words[i - 1] in told)] + [
        i for i, w in enumerate(words)
        if w in ("mijn", "my") and i + 1 < len(words)
        and (words[i + 1] in _BODY or p.clause.words[i + 1].tags & {"BODY", "INTIMATE"})]
    perpetrators = [i for i in p.clause.at("PERSON") if words[i] not in ME_OBJECT]
    for h in p.clause.at("HIT"):
        by = [i for i in perpetrators if i < h]
        if not by or not any(abs(v - h) <= 6 for v in victims):
            continue
        if words[h] in ("pijn", "hurt") and not any(0 < h - v <= 3 or 0 < v - h <= 2
                                                    for v in victims):
            continue
        span = (min(by[-1], h), max(h, max(victims)))
        if not p.clause.any_in((span[0], h), "NOT", 2):
            return True
    if p.clear(r"\b(?:ik|i)\b (?:\w+ )?(?:word|werd|ben|wordt|got|get|was|been|am being|keep "
               r"getting) (?:\w+ ){0,3}(?:geslagen|geschopt|getrapt|mishandeld|geduwd|gestompt|"
               r"afgetuigd|beaten|hit|kicked|punched|slapped|pushed|shoved|choked|abused|"
               r"attacked|aangevallen|beaten up|locked|opgesloten|vastgebonden)\b"):
        return True
    if p.clear(r"\b(?:door|by) (?:een |de |mijn |mn |my |a |the )?\w+ (?:\w+ ){0,4}(?:geslagen|"
               r"geschopt|getrapt|mishandeld|geduwd|gestompt|beaten|hit|kicked|punched|"
               r"slapped|pushed|shoved|aangevallen|attacked)\b") and not p.re(
            r"^(?:mijn|mn|my|de|het|een|a|the) (?:vriend|vriendin|collega|broer|zus|friend|"
            r"brother|sister|client|klant)"):
        return True
    if p.clear(r"\b(?:ik |i )?(?:kreeg|krijg|krijgen|got|get) (?:\w+ ){0,5}(?:klappen|een klap|"
               r"een mep|een trap|een schop|een dreun|slaag|a beating|beaten|a slap|a punch|"
               r"een stomp|ervan langs|een pak slaag|de riem|een kopstoot|a headbutt|"
               r"een elleboog|een knietje|een vuist|a fist)\b"):
        return True
    grab = p.clear(_GRAB) and (p.me_object or p.re(r"\b(?:mich|mie)\b")) and p.re(_HOLD) and \
        (p.has("PERSON") or p.re(r"\b(?:ze|zij|hij|he|she|they)\b"))
    thrown = p.clear(r"\b(?:gooide|gooit|smeet|smijt|threw|throws|throwing)\b.{0,40}\b(?:naar "
                     r"(?:me|mij|mijn)|at me|at my|tegen (?:me|mij|mijn))\b") or \
        p.re(r"\b(?:gooit|smijt|throws) (?:met|with) (?:dingen|spullen|things|stuff)")
    attack = p.clear(_ATTACK) and (p.first_person or p.re(r"\b(?:mich|mie|mien)\b") or
                                   not p.has("OTHER"))
    return grab or thrown or attack


_FAMILY = (r"(?:vader|pa|papa|moeder|ma|mama|stiefvader|stiefmoeder|stiefpa|stiefma|broer|"
           r"zus|oom|tante|opa|oma|vriend|vriendje|ex|father|dad|mother|mom|mum|stepdad|"
           r"stepfather|stepmom|brother|uncle|boyfriend|girlfriend|chef|baas|boss|begeleider)")


@meaning("violence")
def not_me_but_them(p: Part) -> bool:
    """'ik doe mezelf niks aan hoor. het is mn vader': the marks are not self-harm; someone
    else makes them (said after the helplines, or to set the record straight)."""
    if p.index != 0:
        return False  # judged once, on the whole message
    denied = p.message(r"\b(?:ik doe (?:mezelf|mijzelf|me) (?:\w+ )?(?:niks|niets|geen pijn)|"
                       r"(?:ik )?(?:doe|deed) (?:het|dat|dit) (?:niet|nie) (?:zelf|bij mezelf)|"
                       r"(?:niet|nie) van mezelf|(?:i'm|im|i am) not (?:hurting|cutting|harming) "
                       r"myself|i (?:don't|dont|do not|didn't|didnt) (?:do it|hurt|harm|cut) "
                       r"(?:to )?myself|not self ?harm)\b")
    them = p.message(r"\b(?:het is|het was|dat is|dat was|dat komt door|it's|it is|it was|its) "
                     r"(?:\w+ )?(?:mijn|mn|m'n|my) " + _FAMILY + r"\b(?=\s*(?:\||$)|\s+(?:hoor|"
                     r"echt|dus|die (?:me|mij|het|dat|dit|slaat|sloeg|schopt)|who (?:hits|hurts|"
                     r"does|did)))|\b(?:mijn|mn|m'n|my) "
                     + _FAMILY + r" (?:doet|deed|does|did) (?:het|dat|it|this)\b")
    return denied and them


@meaning("violence")
def hit_again(p: Part) -> bool:
    """All there is to say, and it has happened before: 'hij sloeg weer.' The student is the
    one it happened to, though the message does not name them."""
    return p.index == 0 and len(p.context.parts) <= 2 and p.re(
        r"^(?:hij|zij|ze|ie|he|she|they|mijn \w+|mn \w+|my \w+|de (?:chef|baas)|die) "
        r"(?:sloeg|slaat|schopte|schopt|mepte|hit|hits|kicked|kicks|slapped|slaps|punched) "
        r"(?:me |mij |mie )?(?:weer|again|opnieuw|nog een keer)$") and not p.re(_SPORT)


@meaning("violence")
def someone_threatens_me(p: Part) -> bool:
    if p.about_others and not p.me_object:
        return False
    threat = any(not p.clause.any_in((i, i), "NOT", 3) for i in p.clause.at("THREAT")) and \
        (p.me_object or p.re(r"\b(?:ik|i|mijn|my)\b")) and \
        not p.re(r"\b(?:bedreigde diersoort|endangered|dreigt te|threatens to rain|"
                 r"dreigde te (?:regenen|vallen)|pretended|deed alsof|oefening|training)\b") and \
        not p.re(r"\b(?:\w+ )?(?:pics|fotos|foto's|nudes|naaktfotos)\b")
    knife = p.clear(r"\b(?:mes|messen|knife|schaar|scissors)\b (?:\w+ ){0,2}(?:gaat |goes |gaan "
                    r"|zit |steek ik |steekt hij )?(?:in|into|door|through) (?:jou|je|you|mij|me|"
                    r"your|jouw|mijn|mn|my)\b", before=2) and p.message(
        r"\b(?:zei|zegt|dreigde|said|says|threatened|riep|schreeuwde|yelled|als|if|nog (?:een|"
        r"één|1) (?:fout|keer))\b")
    kill = knife or p.clear(r"\b(?:zei|zegt|dreigde|said|says|threatened|told me)\b.{0,25}"
                   r"\b(?:i|ik)\b.{0,20}\b(?:wat meemaken|spijt|regret|wat er met me gebeurt|"
                   r"what happens to me)\b", before=1) or \
        p.clear(r"\b(?:zei|zegt|dreigde|said|says|threatened|told me)\b.{0,25}\b(?:me|mij)\b"
                   r".{0,20}\b(?:vermoorden|vermoordt|afmaken|kapot ?maken|kapotmaakt|"
                   r"kapot maakt|doodmaken|doodmaakt|afmaakt|vermoordt|steken|steekt|stab|kill|"
                   r"hurt|pakken|in elkaar|beat|weet te vinden|find "
                   r"me|wat meemaken|spijt|regret|iets aandoet|iets aandoen|weet waar ik woon|"
                   r"know where i live|wat er met me gebeurt|what happens to me|make sure i)\b",
                   before=1) or \
        p.re(r"\b(?:kill|hurt|vermoorden|afmaken|kapot maken|pakken) (?:me|mij)\b.{0,20}\b(?:if i "
             r"tell|if i told|als ik het vertel|als ik (?:iets )?(?:zeg|vertel|klaag))") or \
        p.re(r"\b(?:maakt|maken) (?:me|mij) kapot\b|\bme kapot ?maakt\b|\bweet (?:me|mij) te "
             r"vinden\b|\bwat (?:zou |zal )?meemaken\b|\b(?:ging|gaat) (?:me|mij) afmaken\b|"
             r"\b(?:me|mij) iets (?:aandoet|aan doet|aandoen|aan te doen)\b|\bweet (?:hij |ze )?"
             r"waar ik woon\b|\bweet ik wat er met (?:me|mij) gebeurt\b|\bmake sure i regret")
    said = p.message(r"\b(?:zei|zegt|zeggen|riep|roept|dreigde|dreigt|fluisterde|said|says|"
                     r"told me|threatened|whispered)\b")
    veiled = p.re(r"\bweet (?:hij |ze |zij |ie |ik )?(?:me|mij|je) (?:\w+ )?te vinden\b|"
                  r"\bi know where (?:you|u) live\b") or (said and p.re(
                      r"\b(?:dan|anders) (?:ga|gaat|ben|bent) (?:je|jij|ik|k) (?:\w+ )?(?:eraan|"
                      r"de klos|de sjaak)\b|\byou(?:'re| are) dead\b") and not p.message(
                      r"\b(?:lol|haha|grapje|kapsel|regent|regen|toets|examen|test)\b"))
    weapon = p.re(r"\b(?:mes|knife|hamer|hammer|stok|stick|riem|belt|pistool|gun|wapen|weapon)\b") \
        and (p.has("PERSON") or p.message(r"\b(?:chef|baas|boss|hij|he|ze|she)\b")) and p.re(
            r"\b(?:dreigde|bedreigde|schreeuwde|threatened|waved|zwaaide|richtte|pointed|tegen "
            r"(?:me|mij)|naar (?:me|mij)|at me|bij (?:mijn|mn|m'n) (?:gezicht|hoofd|keel|nek)|"
            r"to my (?:face|throat|neck))\b")
    # 'volgende keer snij ik jou', 'ik steek je', said to the student
    blade_words = p.re(r"\b(?:snij|steek|prik) ik (?:jou|je)\b|\b(?:i'll|ill|i will|gonna) "
                       r"(?:cut|stab) you\b") and p.message(r"\b(?:zei|zegt|said|says|riep)\b")
    # 'zei dat hij me na sluitingstijd op zou wachten en dat ik dan wel zou zien'
    lying_in_wait = p.message(
        r"\b(?:op (?:zou|zal|gaat) wachten|opwachten|wait for me|waiting for me)\b") and \
        p.message(r"\b(?:dan|then) (?:\w+ )?(?:wel )?(?:zou|zal|ga|gaat) (?:ik |je |jij )?"
                  r"(?:\w+ )?(?:zien|merken|see)\b|\byou'll see\b")
    # 'de chef zei: als je nog een keer te laat komt sla ik je in elkaar' (a user trial: the
    # threat quoted as the boss said it, to 'je', was missed)
    quoted = said and not p.message(r"\b(?:ik|i|k) (?:\w+ )?(?:zei|zeg|said|say|riep|roep)\b|"
                                    r"\b(?:fifa|fortnite|game|gamen|spel|potje|match)\b") and p.re(
        r"\b(?:sla|schop|steek|maak|trap|stomp|sloop|vermoord|pak) ik (?:je|jou|u) (?:\w+ )?"
        r"(?:in elkaar|af|dood|kapot|verrot|neer|lens)\b|\bik (?:sla|schop|steek|maak|trap|"
        r"stomp|vermoord) (?:je|jou) (?:\w+ )?(?:in elkaar|af|dood|kapot|verrot|neer|lens)\b|"
        r"\b(?:i'll|ill|i will|gonna|i'm gonna|im gonna|i am going to) (?:\w+ )?(?:beat|kill|"
        r"hurt|punch|smash|stab|slap) you\b")
    # 'de chef zei als ik iemand vertel wat hij doet dan kan ik mn stage wel vergeten': kept
    # quiet with the internship (an eighth user trial)
    silenced = said and p.message(
        r"\b(?:als|if) (?:ik|je|jij|i|you) (?:\w+ ){0,4}(?:vertel|vertelt|zeg|zegt|tell|told|say|"
        r"klaag|klaagt|complain)\b") and not p.message(
        r"\b(?:niet|nie|not|don't|dont|never|nooit) (?:\w+ )?(?:vertel|vertelt|zeg|tell|say)\b|"
        r"\b(?:vertel|vertelt|zeg|zegt) (?:\w+ ){0,2}(?:niet|nie)\b") and p.message(
        r"\b(?:stage|stageplek|stageplaats|baan|job|placement|internship|diploma) (?:\w+ ){0,2}"
        r"(?<!niet )(?<!nie )(?<!not )(?:vergeten|kwijt|weg|lose|gone|over)\b|\b(?:lose|verlies|"
        r"verliest) (?:\w+ )?(?:je|jouw|mijn|mn|my|your) (?:stage|stageplek|baan|job|placement|"
        r"internship)\b")
    return threat or kill or weapon or veiled or blade_words or lying_in_wait or quoted or silenced


@meaning("violence")
def squeezed_till_it_hurts(p: Part) -> bool:
    """'he squeezes my arm till it goes blue', 'hij knijpt in mn pols tot het pijn doet'."""
    if p.about_others and not p.me_object:
        return False
    return p.clear(r"\b(?:squeezes|squeezed|squeezing|grips|gripped|knijpt|kneep|knijpen|"
                   r"knijpte) (?:hard )?(?:in )?(?:mijn|mn|my|me in mijn|me in mn) (?:arm|armen|"
                   r"arms|pols|polsen|wrist|wrists|nek|neck|keel|throat|bovenarm)\b.{0,30}"
                   r"\b(?:blauw|blue|pijn|hurts|hurt|bruise\w*|plekken|marks|till|tot|until)\b",
                   before=2)


@meaning("violence")
def locked_in(p: Part) -> bool:
    if p.about_others and not p.me_object:
        return False
    locked = p.clear(r"\b(?:sluit|sloot|sluiten|sloten|opgesloten|locked|lock|locks|shut) (?:\w+ )"
                     r"{0,3}(?:me|mij|us|ons)\b|\b(?:me|mij|us|ons) (?:\w+ ){0,5}(?:opgesloten|op "
                     r"(?:slot|gesloten)|locked in|locked up)\b|\b(?:ik|i) (?:werd|word|was|got|"
                     r"ben) (?:\w+ ){0,4}(?:opgesloten|locked in|locked up)\b|\bgot locked in\b|"
                     r"\b(?:moest|must|had to) (?:\w+ ){0,4}(?:in de|in het) (?:koelcel|vriescel|"
                     r"kast|kelder|magazijn) (?:\w+ )?blijven\b")
    held = p.clear(r"\b(?:mag|mocht|mogen|kon|kan) (?:ik )?(?:niet|nie|not) (?:naar )?(?:buiten|"
                   r"weg|naar huis|leave|go out|out)\b", before=0) and \
        p.re(r"\b(?:ze|zij|hij|they|he|thuis|home)\b") and \
        not p.re(r"\b(?:pauze|break|werk|shift|dienst|klaar|regen|rain|storm)\b")
    return locked or held


@meaning("violence")
def afraid_at_home(p: Part) -> bool:
    """Fear of someone, bruises from home, hiding in one's room: what comes before the telling."""
    if p.about_others and not p.first_person:
        return False
    afraid = not p.re(r"\b(?:niet|nie|not|never|nooit)\b (?:\w+ )?(?:bang|afraid|scared)\b") and \
        p.re(r"\b(?:bang|doodsbang|angst|afraid|scared|terrified)\b (?:\w+ )?(?:voor|of|van) "
                  r"(?:mijn|mn|my|hem|haar|him|her|de|die|the|that|them|ze)\b") and \
        p.has("PERSON") and not p.re(r"\b(?:toets|test|exam|hoogte|heights|spinnen|honden|dogs|"
                                     r"koeien|paarden|naalden|needles|bloed|blood|fouten|"
                                     r"mistakes|klanten|presentatie|reactie|what he'll think|"
                                     r"wat hij denkt)\b")
    home = p.re(r"\b(?:durf|durfde|dare|afraid to|scared to|bang om) (?:\w+ )?(?:niet |nie |not )?"
                r"(?:naar huis|go home|home|naar osso|naar (?:mijn |mn )?(?:vader|moeder|pa|"
                r"ma))\b|\b(?:thuis|at home|home)\b (?:\w+ ){0,3}(?:is|was) "
                r"(?:\w+ )?(?:niet|nie|not) (?:veilig|safe)\b|\b(?:slaap|sleep|"
                r"slapen) (?:\w+ ){0,3}"
                r"(?:bij|at) (?:een )?(?:vriend|vriendin|friend)\w* (?:want|omdat|because)|"
                r"\b(?:don't|dont|do not) (?:really )?(?:wanna|want to) go home\b.{0,40}\b(?:scary|"
                r"angry|drunk|boos|dronken|hits|slaat)|\b(?:onzichtbaar|invisible) (?:\w+ )?"
                r"(?:zijn|be)\b.{0,20}\b(?:anders|or else|otherwise)|\bop (?:mn|"
                r"mijn) tenen\b.{0,40}"
                r"\b(?:deur|door) op slot|\b(?:opsluiten|lock myself) in (?:mn|mijn|my) (?:kamer|"
                r"room)\b.{0,30}\b(?:anders|or|otherwise)")
    temper = p.re(r"\b(?:losse handjes|handen (?:laten )?wapperen|zijn handen niet thuis)\b") or \
        (p.re(r"\b(?:gaat|ging) (?:ie |hij |ze )?(?:weer )?los\b") and p.message(
            r"\b(?:dronken|drunk|gedronken|boos|angry)\b")) or \
        (p.re(r"\b(?:werd|wordt|got|gets|getting) (?:\w+ ){0,3}(?:ruig|rough|handtastelijk|"
             r"scary)\b") and p.has("PERSON"))
    bruises = p.re(r"\b(?:blauwe plekken?|blauw|bruises?|plekken|dikke lip|lip is dik|"
                   r"black eye|blauw oog)\b") and p.message(
        r"\b(?:thuis|home|van hem|from him|vader|moeder|dad|mum|mom|stiefvader|stepdad|vriend|"
        r"boyfriend|nie van sport|niet van sport|not from|chef|baas|boss|ruig|rough|cover|"
        r"verbergen|sjaal|scarf|gezegd dat ik|said i|tegen een deur|walked into|boos was|"
        r"was weer boos|angry|stepmum|stepmom|stiefmoeder|oom|uncle|mam|pap|ruig|says i)\b") \
        and not p.re(r"\b(?<!nie van )(?<!niet van )(?<!not from )(?:sjouwen|tillen|lifting|"
                     r"sport|voetbal|dozen|boxes)\b") and not p.re(r"(?<!didnt )(?<!didn't )"
                                                                 r"\bgevallen\b")
    broke = p.re(r"\b(?:he|she|hij|zij|ze)\b (?:\w+ ){0,2}(?:broke|brak) (?:my|mijn|mn)\b")
    # 'ik wil niet meer naar huis, daar is het nog erger dan op stage'
    not_home = p.message(r"\b(?:wil|durf|want to|wanna) (?:\w+ )?(?:niet|nie|not) (?:meer |"
                         r"echt )?(?:naar huis|go home)\b") and p.message(
        r"\b(?:erger|worse|bang|scared|eng|scary|ruzie|fights?|slaat|hits|schreeuw\w*|"
        r"yell\w*|dronken|drunk|drinkt|drinks)\b")
    # 'mijn moeder drinkt veel en dan wordt ze boos'
    drinking = p.message(r"\b(?:vader|moeder|pa|ma|papa|mama|pap|mam|stiefvader|stiefmoeder|"
                         r"dad|mum|mom|father|mother|stepdad|stepmom|stepmum|ouders|parents)\b") \
        and p.message(r"\b(?:drinkt|drinks|drinken) (?:\w+ )?(?:veel|te veel|weer|alcohol|bier|"
                      r"wijn|drank|a lot|too much|again)\b|\b(?:dronken|zuipt|bezopen|drunk|"
                      r"alcoholist|alcoholic)\b") and p.message(
            r"\b(?:boos|agressief|kwaad|woedend|schreeuwt|slaat|gooit|angry|aggressive|"
            r"yells|shouts|hits|throws|mad|tekeer|te keer|tierde|tiert|raasde|flipte|flipt|"
            r"sloopte|smeet|raged|freaked|lost it|kicked off)\b|\b(?:geslapen|slapen|slaap|sliep|"
            r"slept|sleep|stayed|bleef) (?:\w+ ){0,3}(?:bij|at) (?:mijn |mn |my |de |the )?"
            r"(?:oma|opa|tante|oom|nan|nana|grandma|grandpa|aunt|uncle|buren|neighbours)\b")
    went_wrong = p.message(r"\b(?:thuis|home)\b") and p.message(
        r"\b(?:ging het weer mis|went wrong again|lip is dik|dikke lip|gezegd dat ik tegen een "
        r"deur|said i walked into)\b")
    # 'my mum's boyfriend was in one of his moods again, so i wore a hoodie to hide my arms'
    covered = p.message(THEIR_TEMPER) and p.has("PERSON") and p.message(
        r"\b(?:hoodie|hoodies|trui|vest|lange mouwen|long sleeves?|sleeves?|sjaal|scarf|make-?up|"
        r"hide|hiding|verbergen|verstoppen|cover|covered|niemand ziet|nobody sees|no one sees|"
        r"niet (?:dat )?(?:ze|iemand) (?:\w+ ){0,3}(?:zien|ziet))\b")
    return afraid or home or temper or bruises or broke or went_wrong or not_home or drinking \
        or covered


@meaning("violence")
def abuse_named(p: Part) -> bool:
    span = p.seq("ABUSE")
    if span is None or p.about_others or p.clause.any_in(span, "NOT", 4):
        return False
    return p.first_person or p.re(r"\b(?:thuis|home)\b")


@meaning("violence")
def harm_told_around_it(p: Part) -> bool:
    """Threats, cover stories and fear told without 'hitting': 'hij wacht me op na de dienst',
    'een smoes voor mn oog', 'a chair against my door because of my stepdad'."""
    if (p.about_others and not p.me_object and not p.first_person) or _care_or_third_party(p):
        return False
    kindly = p.message(r"\b(?:station|bushalte|school|vliegveld|airport|bus stop|met de auto|"
                       r"with the car|lief|aardig|gezellig|fijn|nice|sweet|kind|om me op te "
                       r"halen|to pick me up|ophalen|pick me up)\b")  # a lift home, not a threat
    threat = (p.re(
        r"\b(?:opwachten|opwacht|op te wachten|wait for me|waiting for me)\b") and not kindly) or \
        p.re(r"\b(?:gonna get me|teach me a lesson|een lesje leren|lesje leert)\b") or p.re(
        r"\b(?:gaan|gaat|ging|going to|will|gonna) (?:\w+ )?(?:me|mij) (?:\w+ )?(?:steken|stab|"
        r"neersteken|in elkaar slaan|beat up)\b|\b(?:me|mij) (?:\w+ )?(?:gaan|gaat|ging) "
        r"(?:steken|neersteken)\b") or p.re(
        r"\b(?:break|breaks|breken|breek|breekt) (?:my|mijn|mn|je|your) (?:\w+ (?:and|en) "
        r"(?:my|mijn|mn) )?(?:legs|benen|face|gezicht|neck|nek|arm|arms|nose|neus|jaw|kaak)\b") or \
        (p.message(r"\b(?:weet|knows?) (?:\w+ ){0,2}waar (?:ik|i) (?:woon|werk|stage loop|live|"
                   r"work)|"
                   r"\bknows? where i (?:live|work|do my)\b") and p.message(
            r"\b(?:oppassen|watch out|better watch|be careful|spijt|regret)\b")) or \
        p.re(r"\b(?:het huis|de deur|mijn kamer|mn kamer|the house) (?:\w+ )?(?:niet|nie|not) "
             r"(?:meer )?(?:uitkom|uit kom|uit mag|leave)\b.{0,20}\b(?:als|if)\b")
    cover = (p.message(r"\b(?:smoes|excuse|make-?up|concealer|foundation)\b") and p.message(
        r"\b(?:oog|eye|wang|cheek|lip|plek|plekken|bruise|bruises|blauw|nek|neck)\b")) or \
        (p.re(r"\b(?:tegen de (?:kast|deur|muur|deurpost) (?:ben |ge)?(?:gelopen|aangelopen)|"
             r"walked into (?:a|the) (?:door|wall|cupboard))\b.{0,10}$") and p.message(
            r"\b(?:zeg|zei|say|said|smoes|excuse|vraagt|asks)\b"))
    bruises = p.re(r"\b(?:blauwe plekken|bruises|striemen|welts)\b") and p.message(
        r"\b(?:tot de volgende keer|until next time|korte mouwen|short sleeves|riem|belt|van hem|"
        r"van haar|from him|from her)\b")
    fear = p.re(r"\b(?:chair|stoel|kast)\b (?:\w+ )?(?:against|tegen|voor) (?:my|mijn|mn|de|the) "
                r"(?:door|deur)\b") or p.message(
        r"\b(?:of|whether) (?:\w+ ){0,3}(?:gaat|gaan|will|is going to|gonna) (?:slaan|hit|"
        r"schoppen|kick)\b.{0,30}\b(?:of (?:alleen|gewoon)|or just)\b")
    burned = p.re(r"\b(?:hield|houdt|held|holds|drukte|pressed) (?:mijn|mn|my) (?:hand|arm|vingers|"
                  r"fingers|hoofd|head)\b (?:\w+ ){0,2}(?:boven|op|in|tegen|over|on|into|against) "
                  r"(?:het|de|the|a|een) (?:\w+ )?(?:fornuis|gasfornuis|vuur|pan|oven|plaat|stove|"
                  r"fire|burner|water|frituur|fryer)\b")
    grabbed = p.re(r"\b(?:kneep|knijpt|greep|grijpt|trok|trekt|pulls|pulled|grabbed|grabs|digs|dug|"
                   r"sloeg|slaat)\b (?:\w+ ){0,3}(?:in|aan|into|at) (?:mijn|mn|my) (?:\w+ )?(?:nek|"
                   r"neck|arm|armen|arms|haar|haren|hair|keel|throat|oor|ear|wang|cheek)\b") or \
        p.re(r"\b(?:pulls|pulled|trekt|trok) (?:at )?(?:my|mijn|mn|aan mijn|aan mn) (?:hair|haar|"
             r"haren)\b") or p.re(
        r"\b(?:grab|grabs|grijpt|pakt) (?:you|je|jou) (?:\w+ ){0,2}(?:by|bij|aan) (?:the|je|your|"
        r"de) (?:collar|kraag|neck|nek|arm|hair|haar|keel|throat)\b")
    beaten_up = p.clear(r"\b(?:me|mij|mich|mie) (?:\w+ ){0,4}in elkaar (?:getrapt|geslagen|gemept|"
                     r"geschopt)\b|\b(?:beat|beaten) me up\b") or p.re(
        r"^(?:ben|word|werd|got|get|been) (?:\w+ ){0,2}(?:geslagen|geschopt|getrapt|mishandeld|"
        r"geduwd|gestompt|afgetuigd|beaten|hit|kicked|punched|slapped)\b") or p.re(
        r"\b(?:slaat|sloeg|slaan|schopt|hits|beats|hit) (?:ie|hij|ze|zij|he|she|they) "
        r"(?:ons|me|mij|us|mich|mie)\b") or (p.re(
        r"\b(?:pa|va|vader|ma|moeder|stiefvader|broer|hij|hai|ze|zij)\b (?:\w+ ){0,2}"
        r"(?:mie|mich|me|mij) (?:\w+ ){0,5}(?:geslagen|gesmeten|gegooid|geschopt|gestompt)\b") \
        and not p.re(r"\b(?:niet|nie|not|never|nooit)\b (?:\w+ ){0,3}(?:geslagen|gesmeten|"
                     r"geschopt|gestompt|uitgescholden)\b"))
    locked = p.re(r"\b(?:deur|voordeur|door) (?:\w+ )?op slot\b") and p.message(
        r"\b(?:tot de volgende ochtend|tot morgen|hele nacht|all night|geen eten|no food|"
        r"sleutels (?:afgepakt|weg)|took my keys|mag (?:niet|nie) (?:meer )?naar buiten)\b")
    return threat or cover or bruises or fear or burned or grabbed or beaten_up or locked


@meaning("violence")
def waited_for_or_followed(p: Part) -> bool:
    """Someone who waits for the student, follows them, watches them: 'die jongen uit het
    magazijn wacht me steeds op bij de fietsenstalling', 'hij volgt me naar huis'."""
    if p.about_others and not p.me_object:
        return False
    return p.clear(r"\b(?:wacht|wachtte|wachten|staat|stond) (?:me|mij) (?:\w+ ){0,3}op\b(?! "
                   r"(?:het|de) (?:station|perron))|\b(?:volgt|volgde|achtervolgt|achtervolgde|"
                   r"stalkt|stalkte|follows|followed|stalks|stalked|stalking) (?:me|mij)\b"
                   r"(?! (?:op|on) (?:insta|instagram|tiktok|snap|twitter|x)\b)|\b(?:waits|waited|"
                   r"waiting) for me (?:\w+ ){0,3}(?:outside|after|every|again|at the)\b",
                   before=2) and p.message(r"\b(?:steeds|elke|iedere|weer|telkens|bang|eng|"
                                           r"durf|always|every|again|scared|afraid|after work|"
                                           r"na (?:het )?werk|naar huis|home|fietsenstalling|"
                                           r"parkeerplaats|bike|car park|parking)\b")
