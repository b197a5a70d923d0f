"""Suicidal thoughts: wanting to die or be gone, no reason to go on, others better off, plans,
means and goodbyes; now or before, said plainly or around it."""

from __future__ import annotations

from bot.safety.meanings.part import Part
from bot.safety.meanings.registry import meaning

_NOT_AGAIN = r"(?:niet|nie|nooit|not|never|no)"
_LONGER = (r"(?:meer|anymore|any more|much longer|for long|next year|volgend jaar|by christmas|"
           r"met kerst|voor kerst|in (?:june|july|may|the summer|de zomer|juni|juli)|after this|"
           r"na dit|for good|forever|voorgoed|voor altijd|straks|na het weekend|after the weekend|"
           r"next week|volgende week|zaterdag|saturday|morgen|tomorrow)")


@meaning("suicidal")
def suicide_named(p: Part) -> bool:
    if p.about_others or p.re(r"\b(?:preventie|voorlichting|awareness|prevention|poging van|"
                              r"attempt of|pleegde|committed)\b"):
        return False
    span = p.seq("SUICIDE")
    if span is None:
        return False
    return not p.clause.any_in(span, "NOT", 4)


@meaning("suicidal")
def kill_myself(p: Part) -> bool:
    if p.about_others:
        return False
    return p.clear(r"\b(?:kill|killing|vermoorden|doden|top|topping|off|end|ending|beeindigen|"
                   r"take|taking|unalive|hang|hanging|ophangen|ombrengen)\b (?:\w+ )?"
                   r"(?:myself|meself|mezelf|mijzelf|my (?:own )?life|mijn (?:eigen )?leven)\b",
                   before=4) or p.clear(r"\b(?:mezelf|mijzelf|myself|mijn leven)\b (?:\w+ ){0,2}"
                                        r"(?:van kant|om zeep|ombrengen|doden|vermoorden|nemen|"
                                        r"beeindigen|ophangen|iets aan te doen|iets aandoen)\b",
                                        before=4) or p.clear(
        r"\b(?:end|ending|ended) (?:it|it all|things|everything)\b|\bend it all\b|"
        r"\b(?:im|i'm|i am|ga|gonna) (?:ending|end) it\b", before=3)


@meaning("suicidal")
def wants_to_die(p: Part) -> bool:
    if p.about_others:
        return False
    span = p.seq("WANT", "DIE", gap=4)
    if span is not None and not p.clause.any_in(span, "NOT", 1):
        return True
    return p.clear(r"\b(?:wou|wilde|wish|wished|hoop|hope|zou willen) (?:dat |that )?(?:ik|i) "
                   r"(?:\w+ )?(?:dood|dead|nooit geboren|never born|er niet was|wasn't here|"
                   r"was gone|could disappear|kon verdwijnen)", before=2) or \
        p.clear(r"\b(?:want|wanna|wish|wil) (?:to |om )?(?:just |gewoon )?(?:dood|sterven)\b|"
                # English 'die', not Dutch 'want die (klant)' = 'because that (customer)'
                r"\b(?:want to|wanna|wish to|wish i could|i (?:just |really )?want) (?:just |"
                r"really )?die\b|\bwant die\s*$", before=2) or \
        (p.clear(r"\b(?:denk|dacht|denken|think|thinking|thought|fantaseer|droom)\b (?:\w+ ){0,4}"
                r"(?:aan|about|of) (?:\w+ )?(?:doodgaan|dood gaan|sterven|dying|dood zijn|being "
                r"dead|mijn dood|my death|de dood|death|niet meer leven|not being here|er niet "
                r"meer zijn|verdwijnen|disappearing)\b", before=3) and not p.re(
            r"\b(?:oma|opa|grandma|grandad|grandpa|client|bewoner|patient|hond|kat|dog|cat)\b"))


@meaning("suicidal")
def not_wanting_to_live(p: Part) -> bool:
    """Life and being denied: 'niet meer leven', 'er niet meer zijn', 'not be alive'."""
    if p.about_others:
        return False
    if p.re(r"\b(?:er|d'r|der|hier) (?:gewoon |echt |liever |dan |toch )?" + _NOT_AGAIN +
            r" (?:meer )?(?:zijn|wezen|wil zijn|ben|bent)\b|\b" + _NOT_AGAIN +
            r" (?:meer )?wakker (?:worden|word|wordt|te worden)\b|(?:do not|don't|dont) want "
            r"to (?:be )?(?:alive|here|around|exist|live|wake up|be here anymore)|" + _NOT_AGAIN +
            r" (?:to )?wake up|no reason to (?:live|go on|keep going|stay)|nothing to live for|"
            r"niks om voor te leven|stoppen met (?:bestaan|leven|ademen)|stop (?:existing|living|"
            r"breathing)|eruit stappen|uit het leven|verdwijnen (?:\w+ ){0,3}(?:nooit|voor "
            r"altijd|voorgoed)|(?:shouldn't|shouldnt|should not) (?:even )?exist|(?:zou|zou ik) "
            r"(?:niet|nie) moeten bestaan|waarom (?:leef|besta) ik|why (?:do|am) i (?:even |"
            r"still )?(?:exist|alive|here|living)|maakt (?:het|t) (?:nog )?uit of ik (?:er )?"
            r"(?:ben|leef|besta)|difference if i (?:was|were|am) (?:gone|dead|here)"):
        return True
    if p.re(r"\bmaakt (?:(?:het|t|ook|toch|echt|gewoon|eigenlijk) ){0,3}(?:niet|nie|niks|niets|"
            r"geen bal|geen ene) (?:\w+ )?uit of ik (?:er )?(?:nou |nu )?(?:ben|leef|besta|wel of "
            r"niet)|\b(?:het|t) (?:\w+ )?(?:niet|nie|niks|niets|geen bal) (?:\w+ )?uitmaakt of ik "
            r"(?:er )?(?:nou |nu )?(?:ben|leef|besta|wel of niet)|"
            r"(?:doesn't|doesnt|does not) (?:even )?matter (?:if|whether) i(?:'m| am)? "
            r"(?:here|alive|around|exist)") and not p.message(
            r"\b(?:\w*vergadering|\w*overleg|les|lessen|meeting|lesson|class|dienst|shift|rooster|"
            r"roster|feestje|party|uitje|borrel|training)\b"):
        return True  # 'maakt toch niet uit of ik er ben of niet', not 'bij de vergadering'
    span = p.seq("WANT", "NOT", "LIVE", gap=3) or p.seq("NOT", "MORE", "LIVE", gap=2) or \
        p.seq(("POINT", "WANT"), "NOT", "LIVE", gap=4) or \
        p.seq("NOT", ("POINT", "WANT"), "LIVE", gap=4)
    if span is not None and not p.re(r"\bzonder\b"):
        return True
    if p.clear(r"\bonly (?:thing|reason|one|person)s? (?:that(?:'s| is)? |thats |who(?:'s| is)? )?"
               r"(?:keeping|keeps|kept|holding|holds) me (?:here|alive|going|around|from)\b|"
               r"\b(?:het )?enige (?:wat|dat|waarom|die) (?:\w+ )?(?:me|mij) (?:hier |nog |"
               r"in leven |op de been |tegen ){0,3}(?:houdt|hield|tegenhoudt)\b|"
               r"\b(?:het )?enige waar(?:voor| ik (?:\w+ )?voor) (?:ik )?(?:nog )?(?:leef|besta)\b",
               before=2):
        return True  # 'the only thing keeping me here is my dog'
    if p.clear(r"\b(?:mijn|my) (?:eigen |own )?(?:begrafenis|uitvaart|funeral|crematie|"
               r"cremation|graf|grave)\b", before=2) and not p.re(
            r"\b(?:later|ooit|someday|one day|when i'm old|als ik oud|testament|verzekering|"
            r"insurance)\b"):
        return True  # 'wie er op mn begrafenis komt'
    if p.re(r"\b(?:ik|i|k)? ?(?:wil|want|wanna) (?:gewoon |echt |just )?" + _NOT_AGAIN +
            r" meer(?: (?:echt|hoor|man|bro|mattie|leven))?$"):
        return True  # "ik wil niet meer": the Dutch way of saying it, alone
    return p.re(r"\b(?:leven|life|bestaan|living)\b.{0,20}\b(?:zat|beu|moe|klaar|done|sick of|"
                r"tired of|over|geen zin|no point|pointless|zinloos|hoeft niet meer)\b") or \
        p.re(r"\b(?:zat|beu|moe|klaar|done|sick|tired|over) (?:van |met |of |with )?(?:het |t |"
             r"my |mijn |dit |this )?(?:leven|life|bestaan|living)\b") or \
        p.re(r"\b(?:trek|trekken|hou|houd) (?:dit |het |t )?leven (?:niet|nie) meer|"
             r"(?:dood zijn|dood gaan|doodgaan|sterven|dead|dying|death|being dead)\b.{0,15}"
             r"\b(?:lijkt|seems|sounds)|\b(?:lijkt|seems|sounds) (?:me |mij |to me )?(?:\w+ )?"
             r"(?:rustig|fijn|heerlijk|lekker|beter|peaceful|nice|better|easier|a relief|"
             r"opluchting)\b.{0,10}\b(?:dood|dead|die|sterven|dying)")


@meaning("suicidal")
def not_being_here_later(p: Part) -> bool:
    """'Als ik er niet meer ben', 'I won't be around next year', 'ben ik er toch niet'."""
    if p.about_others:
        return False
    return p.re(r"\b(?:als|wanneer|if|when|once) (?:ik|i) (?:er |here )?(?:\w+ ){0,2}"
                r"(?:niet meer|nie meer|nooit meer|was gone|were gone|am gone|disappeared|"
                r"died|dood|dead|wasnt here|was not here|was not around|wasnt around|weg ben|"
                r"ben weggegaan|er niet ben|gone)\b") or \
        p.re(r"\b(?:als|as) (?:ik|k) (?:der|d'r|er) (?:\w+ )?(?:nait|niet|nie) meer "
             r"(?:bin|ben)\b") \
        or p.re(r"\b(?:ben ik|ik ben|bin ik|ik bin) er (?:\w+ ){0,3}(?:niet|nie|nait) (?:meer|"
             r"bij zijn)\b|\b(?:ben ik|ik ben) er (?:dan|toch|straks|zaterdag|volgend jaar)"
             r" (?:\w+ )?(?:niet|nie)\b|\bdan ben ik er (?:\w+ )?(?:niet|nie) meer\b") or \
        p.re(r"\b(?:i|i'm|im|i am|i will|i'll|i won't|i wont)\b (?:\w+ ){0,3}(?:not |no longer |"
             r"wont |won't |will not |never )(?:\w+ )?(?:be )?(?:here|around|alive|there|"
             r"still being here)\b.{0,25}\b" + _LONGER + r"\b") or \
        p.re(r"\b(?:not gonna be|not going to be|won't be|wont be|will not be) (?:here|around)"
             r"\b|\b(?:don't|dont|do not|can't|cant|can not) see (?:myself|me) (?:still )?"
             r"(?:being |be )?(?:here|around|alive|older)\b|(?:zie|see) (?:mezelf|myself) "
             r"(?:niet|not|nie|never|nooit) (?:\w+ )?(?:ouder|older|volwassen)")


@meaning("suicidal")
def no_reason_to_go_on(p: Part) -> bool:
    if p.about_others:
        return False
    return p.re(r"\bgeen (?:enkele )?(?:reden|zin|reason|point)\b (?:\w+ ){0,2}(?:om|to) "
                r"(?:\w+ )?(?:door te gaan|te leven|verder te gaan|te blijven|go on|live|keep "
                r"going|stay|leven)|\bno (?:reason|point) (?:in |to )?(?:\w+ )?(?:living|"
                r"anything|going on|anymore|to go on|to live)\b|\bwat heeft (?:het|t|dit) "
                r"(?:\w+ )?(?:nog )?voor zin\b|\bwhat(?:'s| is|s) the point\b.{0,40}\b(?:if i|"
                r"anymore|of living|of anything|of me|(?:not|won't|wont) be (?:here|around))|"
                r"\b(?:zie|zag) (?:het|t|de) (?:nut|zin) (?:\w+ ){0,2}(?:van (?:alles|het leven|"
                r"leven|morgen|geen enkele morgen)|niet meer|nie meer)|\bgeen zin meer (?:in|an|"
                r"aan)\b.{0,40}\b(?:in|an|aan) (?:het )?leven\b|\bgeen zin meer in "
                r"(?:niks|niets|alles|het leven|leven|anything)\b|(?:d'r|er) (?:gin|geen) zin "
                r"meer in\b.{0,12}\bin (?:niks|niets|alles)\b|"
                # 'eerlijk zie ik nergens het nut meer van', 'i dont see the point of anything'
                r"\bzie (?:ik )?(?:nergens|van niks|van niets) (?:meer )?(?:het |de )?(?:nut|zin)"
                r"(?: meer)?\b(?! (?:van |in )?(?:die|deze|dat|dit|de|het|om|een|mijn|mn|m'n) )|"
                r"\b(?:don't|dont|do not|can't|cant|cannot) see (?:the |any )?point (?:of|in) "
                r"(?:anything|everything|living|life|it all|going on|trying|being here)\b")


@meaning("suicidal")
def better_off_without_me(p: Part) -> bool:
    return p.re(
        r"\b(?:beter|better|blijer|happier|makkelijker|easier|fijner|rustiger|"
        r"een probleem minder|1 probleem minder|one less problem)\b.*\b(?:zonder (?:mij|me)|"
        r"without me|als ik (?:er )?(?:niet meer|nie meer|weg|dood|wegga) |if i (?:was|were|am) "
        r"(?:gone|dead|not here|not around)|if i (?:just )?(?:disappeared|died|left|was gone))"
    ) or p.re(r"\b(?:beter af|better off)\b.*\b(?:zonder|without|dood|dead|gone|weg|als ik|if i|"
              r"met (?:\w+ )?(?:1|een|één) (?:kind|zoon|dochter) minder)\b") or \
        (p.re(r"\b(?:niemand|nobody|no one|noone)\b.{0,25}\b(?:missen|miss|merken|notice|zoeken|"
             r"care|schelen|rouwen)\b") and not p.re(r"\b(?:spullen|stuff|fiets|telefoon|jas)\b")) \
        or p.re(r"\b(?:ik ben|i am|i'm|im) (?:alleen maar |gewoon |echt |really |just )?(?:een "
                r"last|a burden|tot last|overbodig|in de weg|a waste of space)\b|\b(?:last|"
                r"burden) (?:voor|to|for|on) (?:iedereen|everyone|everybody|mijn|mn|my)\b|"
                r"\b(?:hebben|heeft) (?:alleen maar )?last van (?:me|mij)\b|\blast van (?:me|mij) "
                r"(?:te )?(?:hebben|heeft|hebt)\b|"
                r"\bniemand (?:hoeft|zal) (?:\w+ )?(?:meer )?last\b") or \
        p.re(r"\b(?:kan|kunnen|can) (?:\w+ )?(?:prima|best|wel|fine|easily) (?:\w+ )?(?:zonder "
             r"(?:mij|me)|without me)\b|\bzonder (?:mij|me) (?:hebben|zijn|would|zouden)|"
             r"\b(?:1|een|één|one) (?:kind|mond|probleem|kid|mouth|problem) minder\b|"
             r"\bone less (?:kid|mouth|problem)\b|\bwaste of space\b")


@meaning("suicidal")
def wants_it_all_to_end(p: Part) -> bool:
    if p.about_others or p.re(r"\b(?:nooit|never|niet|nie|not)\b (?:\w+ ){0,2}(?:gedacht|thought|"
                              r"overwogen|considered)\b"):
        return False
    if p.message(r"\bklaar (?:mee|ermee)\b") and p.message(
            r"(?:^|\| )(?:met |with )?(?:alles|het leven|t leven|leven|everything|life)"
            r"(?: ook| too)?(?: \||$)"):
        return True
    return p.re(
        r"\b(?:een )?(?:eind|einde) (?:aan|maken aan|maak aan) (?:mijn |het )?(?:leven|alles)|"
        r"(?:eind|einde) aan (?:maken|maak|te maken)|(?:er|d'r) (?:een )?(?:eind|einde) aan|"
        r"(?:wil|want|wish|hoop) .{0,15}\b(?:alles|everything|it all|het allemaal) "
        r"(?:stopt|ophoudt|to stop|would stop|voorbij|over)\b|(?:alles|everything) "
        r"(?:voor altijd |for good )?(?:stoppen|stopt|ophouden|to stop)|(?:alles|everything) "
        r"(?:mag|moet|kan|may|can|must) (?:\w+ )?(?:stoppen|ophouden|stop)\b|"
        r"\b(?:want|wil) (?:it|het|alles) (?:all )?(?:to )?(?:stop|stoppen|ophouden)\b.{0,12}"
        r"\b(?:voor altijd|for good|forever)|\bklaar mee\b.{0,20}\b(?:met alles|met leven|"
        r"with everything|with life|voor altijd|for good)|\bklaar met (?:dit|het) leven\b|"
        r"\b(?:im|i'm|i am) done\b.{0,12}\b(?:done|for good|with (?:life|everything|it all)|"
        r"forever)|\bdone done\b|"
        r"\b(?:ik )?(?:trek|kan|hou|houd) (?:het|t|dit) (?:allemaal )?(?:niet|nie|echt niet) "
        r"meer(?: vol| aan)?$|\b(?:kan|can) (?:het |t )?(?:niet|not) meer (?:aan|verder|leven)|"
        r"can not (?:go on|do this anymore|do this no more|take it anymore|take this anymore|"
        r"keep going)|(?:zie|zag) (?:het|t) (?:leven )?(?:niet|nie) meer zitten(?! om| met| dat)|"
        r"\bhet (?:hoeft|mag) (?:voor mij )?niet meer\b|\bwil (?:gewoon |echt )?weg zijn voor "
        r"altijd|\bweg (?:zijn )?voor altijd|\bgone (?:for good|forever)|wil (?:gewoon |echt )?"
        r"verdwijnen|want to (?:just )?disappear|wish i could disappear|(?:als|if) (?:\w+ ){0,4}"
        r"(?:dan ben ik klaar|im done|i'm done|im ending it)")


@meaning("suicidal")
def plan_or_means(p: Part) -> bool:
    if p.about_others and not p.first_person:
        return False
    pills = p.has("PILLS") and (
        p.re(r"\b(?:opgespaard|opsparen|spaar|gespaard|verzamel|verzameld|hamster|allemaal|alle|"
             r"hele strip|hele doos|hoeveel|genoeg|how many|enough|all of|all the|saved|saving|"
             r"stockpil|collect|in een keer|at once|te veel|too many|liggen|klaar|al)\b")
        or p.re(r"\b(?:neem|nemen|innemen|slik|slikken|take|taking|swallow|genomen|took)\b.{0,25}"
                r"\b(?:weekend|vanavond|tonight|niemand|nobody|alleen|alone|als|when|te veel|"
                r"too many)\b"))
    search = p.re(r"\b(?:opgezocht|opzoeken|gegoogled|googlen|gezocht|zoek|looked up|googled|"
                  r"searched|search|researched)\b.{0,30}\b(?:doodgaat|dood gaat|doodgaan|"
                  r"sterven|dood|death|dying|kill|pil\w*|paracetamol|pills|overdos\w*|"
                  # English 'die', not Dutch 'die' ('opgezocht op die scanner')
                  r"die(?=\s*(?:$|[.,!?]|(?:painless\w*|fast|quick\w*|now|tonight|in|from|of|"
                  r"without|if|when|by|with)\b))|"
                  r"hoe hoog|how high)\b") or p.re(
        r"\bhoe (?:hoog|diep|lang duurt) (?:is|het|t)\b.{0,40}\b(?:parkeergarage|flat|brug|dak|"
        r"dood|gebouw|toren)\b|\bhoelang duurt (?:het|t)\b.{0,20}\bdood\b|\bhow long (?:does it|"
        r"until) (?:take )?(?:to )?(?:die|you die)|\bhow high is\b.{0,40}\b(?:bridge|roof|"
        r"building|car park|tower)\b")
    jump = (p.near("JUMP", "HIGH", within=5) is not None and not p.re(
        r"\b(?:steiger|parachute|trampoline|zwembad|haha|lol)\b")) or p.re(
        r"\b(?:van|off) (?:de|het|the) (?:brug|flat|dak|bridge|roof|parkeergarage|car park) af\b|"
        r"\b(?:zou|would|will|ga|gonna|moet) (?:\w+ ){0,2}springen\b.{0,15}$|\bof ik (?:zou )?"
        r"(?:zou )?springen\b")
    standing = (p.re(r"\b(?:sta|stond|staan|zit|zat|zitten|lig|lag|stand|standing|stood|sitting|"
                    r"sat|am|gestaan)\b.{0,12}\b(?:op|on|at|bij|langs)\b.{0,14}\b(?:het spoor|"
                    r"t spoor|de rails|spoor|rails|tracks|train tracks|perron|platform|dak van "
                    r"(?:onze|de|mijn|het|ons) flat|flat|bridge|brug|viaduct|ledge|rand|"
                    r"parkeergarage)\b") and not p.re(r"\b(?:wachten|wachtte|waiting|trein "
                                                      r"kwam|train came|vertraging|delay)\b")) or \
        p.re(r"\b(?:stap|step) naar voren\b|\b(?:1|een|één|one) stap (?:naar voren|forward)")
    vehicle = p.re(r"\b(?:onder|voor|in front of|under)\b (?:een |de |a |the )?(?:trein|train|"
                   r"vrachtwagen|truck|auto|car|bus|tram|metro)\b.{0,20}\b(?:kom|komen|loop|"
                   r"lopen|springen|spring|stap|stappen|step|stepping|jump|walk|walking|lie|"
                   r"ligt|liggen)|\b(?:stepping|step|jump|jumping|walk|walking|lopen|springen|"
                   r"stappen) (?:in front of|under|voor|onder) (?:the |a |de |een )?(?:train|"
                   r"truck|bus|car|trein|vrachtwagen|auto|bus)|\b(?:bus|trein|auto|truck|train|"
                   r"car|vrachtwagen) (?:\w+ ){0,2}over (?:me|mij) heen\b|\b(?:niet erg|wouldn't "
                   r"mind|wouldnt mind|don't care|dont care)\b.{0,30}\b(?:bus|trein|auto|"
                   r"ongeluk|accident|car|truck|dood|doodga)\b") and not p.message(
        r"\b(?:krik|jack|bokken|garage|werkplaats|monteur|mechanic|olie|oil|banden|tyres?|"
        r"tires?|repareren|repair\w*|sleutelen|onderhoud|apk|uitlaat|exhaust|brug omhoog|"
        r"hefbrug|lift)\b")  # under a car at the garage: work, maybe unsafe, not a plan
    rope = p.re(r"\b(?:touw|strop|rope|noose)\b.{0,25}\b(?:klaar|kast|gekocht|bought|ready|"
                r"hidden|verstopt|ligt)\b|\b(?:ophangen|hang) (?:mezelf|myself|me)\b|"
                r"\b(?:mezelf|myself) (?:ophangen|hang)\b")
    denied = p.re(r"\b(?:geen|no|niet|nie|not|never|nooit)\b (?:\w+ )?(?:afscheidsbrie\w*|goodbye|"
                  r"geschreven|written)")
    goodbye = (not denied and p.re(r"\b(?:afscheidsbrie\w*|afscheidsberichtj?e?|goodbye (?:note|"
                                   r"notes|letter|"
                   r"letters|message)|laatste (?:berichtje|bericht|reflectie|gesprek)|last "
                   r"(?:message|time (?:u|you) hear|time you'll hear|reflection)|this is goodbye|"
                   r"brief (?:\w+ ){0,3}(?:geschreven|gemaakt) (?:\w+ ){0,5}(?:als ik|krijgt|"
                   r"wanneer)|(?:wrote|written|writing) (?:the |my )?(?:letters|notes|goodbye)|"
                   r"afscheid genomen\b.{0,30}\bzonder dat|won't need (?:these|this|them|it) "
                   r"(?:\w+ )?(?:anymore|after)|wont need (?:them|these|it)|heb (?:ze|het) "
                   r"(?:toch )?(?:niet|nie) meer nodig)\b")) or p.re(r"\bvaarwel\b|\bfarewell\b")
    possessions = (p.re(r"\b(?:gegeven|weggegeven|verdeeld|gave|giving|give|given|geef|weggeven|"
                       r"gebracht)\b.{0,60}\b(?:spullen|stuff|things|belongings|ps5|playstation|"
                       r"switch|xbox|schoenen|hoodies|speaker|kat|hond|cat|dog|kleren|clothes|"
                       r"games)\b") and (p.message(r"\b(?:meer aan dan ik|need them|nodig|"
                                                   r"where im going|waar ik heen ga|geregeld|"
                                                   r"klaar|hoeven (?:niet|nie) te weten|"
                                                   r"away|weg)\b"))) or p.re(
        r"\b(?:spullen|stuff|things|belongings) (?:\w+ ){0,3}(?:verdeeld|weggegeven|given away|"
        r"away to)\b|\b(?:alles|everything) (?:al )?geregeld\b.{0,40}\b(?:spullen|klaar|"
        r"binnenkort)")
    attempt = p.re(r"\b(?:poging|attempt)\b(?! (?:om|to|tot het|at the|van))\b.{0,30}\b(?:gedaan|"
                   r"gedachten|gedachtes|weer|terug|again|made|last year|vorig jaar|overleefd|"
                   r"survived)|\b(?:tried|try|probeerde|geprobeerd)\b (?:\w+ ){0,2}(?:to )?"
                   r"(?:kill myself|end it|end my life|mezelf iets aan te doen|te sterven|"
                   r"om dood te gaan)|\bpoging tot (?:zelfmoord|zelfdoding)|\b(?:te veel|too "
                   r"many) (?:\w+ ){0,3}(?:pillen|pills|paracetamol)\b.{0,20}\b(?:genomen|"
                   r"geslikt|took|taken)")
    how = p.re(r"\b(?:al|already) (?:\w+ )?(?:bedacht|uitgezocht|gepland|planned|figured out|"
               r"nagedacht) (?:hoe|how)|\bheb (?:al )?(?:een )?plan\b.{0,20}\b(?:dood|leven|einde|"
               r"pillen)|\b(?:aan het |aan t )?(?:nadenken|nadenkn|denken) (?:over )?hoe ik "
               r"(?:het|t) (?:ga|moet|zal) doen|\bhoe ik (?:het|t) ga doen\b")
    return pills or search or jump or standing or vehicle or rope or goodbye or possessions \
        or attempt or how


@meaning("suicidal")
def no_way_out(p: Part) -> bool:
    """No way out but one, no future, no tomorrow, tired of living, stopping existing."""
    if p.about_others:
        return False
    return p.re(
        r"\bgeen (?:uitweg|oplossing|toekomst|morgen)\b(?! (?:voor (?:de|dit|die|het|deze)|"
        r"in (?:de|dit|die|het|deze)|bij|met|op))|\b(?:no|any) (?:way out|future)\b(?! in |"
        r" at | with | for (?:this|the|that))|\b(?:nog maar|maar|only) (?:1|een|één|one) "
        r"(?:manier|uitweg|oplossing|way)\b.{0,25}\b(?:eruit|uit|out|weg|away)|"
        r"\b(?:do not|can not|cannot) see (?:a|any) future\b|\b(?:zie|zag) geen toekomst\b|"
        r"\bhoeft (?:er )?(?:voor mij )?geen morgen meer\b|\bgeen morgen meer\b|"
        r"\b(?:stop|stoppen|stopte) (?:gewoon |echt )?met (?:bestaan|leven|ademen)\b|"
        r"\bwaarom (?:ik|i) (?:nog )?(?:doorga|doorgaan|verder ga|leef|besta)\b|"
        r"\bwhy (?:i|do i) (?:still |even )?(?:keep going|go on|bother living)\b") or (
        p.message(r"\b(?:moe|tired|zat|beu|sick)\b") and p.re(
            r"^(?:niet |not )?(?:van|of) (?:het |t )?(?:leven|living|life)$|"
            r"\b(?:moe|tired|zat|beu|sick) (?:\w+ ){0,3}(?:van|of) (?:het |t )?(?:leven|living)\b"))


@meaning("suicidal")
def jump_or_step(p: Part) -> bool:
    """A jump from a height, a step off a platform or in front of a train, nearly or planned."""
    if p.about_others and not p.first_person:
        return False
    return p.re(
        r"\b(?:bijna|almost|nearly|half) (?:ge)?(?:sprongen|springen|jumped|jump)\b|"
        r"\b(?:gooi|gooien|gooide|werp|werpen|throw|throwing|threw) (?:mezelf|me|myself|mij) "
        r"(?:\w+ ){0,3}(?:van|off|voor|in front of|onder|under)\b|"
        r"\b(?:mezelf|mijzelf) (?:\w+ ){0,2}(?:van|voor|onder) (?:\w+ ){0,3}(?:dak|brug|flat|"
        r"balkon|trein|spoor|viaduct|parkeergarage) (?:\w+ )?(?:gooien|gooi|werpen|laten vallen)\b|"
        r"\b(?:1|een|één|one) (?:stap|step)\b.{0,6}\b(?:en|and) (?:het|t|it) (?:is|was|'s|s) "
        r"(?:klaar|voorbij|over|gedaan|done)|\b(?:stepped|step|stap|stapte|stappen) (?:\w+ )?"
        r"(?:off|af|eraf)\b.{0,20}\b(?:platform|perron|edge|rand|brug|bridge|dak|roof)\b|"
        r"\b(?:edge|rand) (?:of|van) (?:the |het |de )?(?:platform|perron|roof|dak|bridge|brug)"
        r"\b.{0,40}\b(?:stepped|step|jump|spring|stap|what would happen|wat er zou gebeuren)") or \
        p.message(  # 'stond bij de overweg ... pas op het allerlaatst een stap naar achter'
            r"\b(?:overweg|spoor|rails|treinrails|train tracks|railway|level crossing|tracks)\b"
            r".{0,80}\b(?:op het (?:aller)?laatst|pas op het laatst|stap (?:naar )?(?:achter|"
            r"achteren|terug)|stepped back|at the last (?:second|moment)|bleef (?:ik )?staan|"
            r"wilde (?:blijven )?staan|stayed (?:there|standing))\b")
    # ('stond op het spoor' for track work is not this: it needs the last-moment step back)


@meaning("suicidal")
def doing_it_told(p: Part) -> bool:
    """'next week i'm gonna do it, i already know how. just wanted to tell someone first':
    'it' with a when and a how, said as a farewell."""
    if p.about_others and not p.first_person:
        return False
    return p.message(r"\b(?:gonna|going to|ga|gaan|will|i'll|ik ga) (?:\w+ )?(?:do it|het doen|"
                     r"t doen)\b") and p.message(
        r"\b(?:(?:already |al )?(?:know|weet) (?:already )?(?:how|hoe)|wanted to tell someone|"
        r"wilde (?:het )?(?:iemand|nog iemand) (?:\w+ )?(?:zeggen|vertellen)|(?:al )?bedacht hoe|"
        r"planned it|heb (?:het|t) gepland)\b") and not p.message(
        r"\b(?:presentatie|presentation|toets|test|examen|exam|stage|internship|gesprek|"
        r"sollicitatie|interview|rijles|rijexamen|tattoo|piercing|vragen|ask)\b")


@meaning("suicidal")
def method_or_means_asked(p: Part) -> bool:
    """Asking how a way of dying feels or works, or how much of something it takes."""
    if p.about_others and not p.first_person:
        return False
    return p.re(
        r"\b(?:doet|does|is) (?:\w+ )?(?:verdrinken|drowning|ophangen|hanging|springen|jumping|"
        r"doodgaan|dying|verbloeden|bleeding out|overdosis|overdose)\b (?:\w+ )?(?:pijn|hurt|"
        r"painful|lang|long)|\bpainless (?:way|ways|death|method|methods)\b|"
        r"\bpijnloos (?:dood|doodgaan|sterven|manier)|\bhoeveel (?:je|ik|er|pillen|"
        r"tabletten)\b.{0,25}\b(?:nemen|slikken|innemen|nodig)\b.{0,30}\b(?:zeker|lukt|"
        r"genoeg|dood)|\bhow many\b.{0,30}\b(?:to die|it takes|is enough|are enough|"
        r"would kill)|\b(?:het|t) (?:\w+ ){0,3}(?:doen|do it) (?:met|with) (?:\w+ ){0,4}"
        r"(?:medicijnen|pillen|pills|meds|touw|rope|mes|knife|tabletten)\b")


@meaning("suicidal")
def no_one_would_notice(p: Part) -> bool:
    """'Mn moeder zou het niet eens merken als ik weg was'."""
    return p.re(r"\b(?:merken|merkt|notice|noticed|missen|mist|miss|zoeken)\b.{0,25}\b(?:als|if|"
                r"when) (?:ik|i) (?:er )?(?:\w+ )?(?:weg|gone|dood|dead|er niet meer|niet meer|"
                r"was gone|disappeared|verdwenen)\b")


@meaning("suicidal")
def message_for_after(p: Part) -> bool:
    """A message to pass on, for when they are gone: 'zeg tegen mn mentor dat het niet aan
    haar lag'."""
    return p.message(r"\b(?:zeg|zeggen|tell|vertel)\b.{0,40}\b(?:lag (?:niet|nie) aan|(?:niet|nie) "
                     r"aan (?:haar|hem|jou|jullie|u|je|hun) lag|not (?:his|her|their|your|"
                     r"anyone's|anyones) fault|geen schuld)\b")


# Cues that say little alone but together are a goodbye: a plan with a time, arranging
# things, thanks for everything, not wanting to be a worry, wanting it over.
_CUES = {
    "when": r"\b(?:(?:ga|gonna|going to|will|zal) (?:\w+ )?(?:het|t|it) (?:\w+ )?doen|"
            r"(?:na|after) (?:dit|this) weekend|vanavond als iedereen slaapt|"
            r"when everyone's asleep|when everyone is asleep|binnenkort ben ik|"
            r"(?:voor )?als het zover is|when the time comes|een datum in (?:mijn|mn) hoofd|"
            r"(?:i|ik) (?:have|heb) (?:it |het )?(?:decided|besloten)|na vanavond|after tonight|"
            r"or ever|of nooit meer|(?:een|mijn|mn|my|a) plan (?:voor|for) (?:\w+ )?(?:zaterdag|"
            r"zondag|vrijdag|het weekend|vanavond|morgen|saturday|sunday|friday|the weekend|"
            r"tonight|tomorrow)|als iedereen weg is|when everyone(?:'s| is) (?:gone|out|away)|"
            r"(?:my|mijn) laatste (?:week|dag|weekend|dienst)|"
            r"(?:my|mijn) last (?:week|day|weekend|shift|reflection))\b",
    "peace": r"\b(?:made my peace|vrede mee|vrede mee gesloten|it is fine|its fine|"
             r"(?:will|going to) not hear from me|hoort (?:niks|niets|nooit) meer van (?:me|mij)|"
             r"hoor je (?:niks|niets|nooit) meer van (?:me|mij))\b",
    "tried": r"\b(?:(?:het|t) (?:al )?(?:een keer|eens|al eens|ooit) geprobeerd|bijna gedaan|"
             r"almost did it|tried (?:it )?before|(?:deze|dit|die|de volgende) keer lukt (?:het|t)|"
             r"this time it(?:'ll| will)? work|(?:it'll|it will) work this time)\b",
    "again": r"\b(?:(?:gevoel|gedachten|gedachtes|feeling|thoughts) (?:\w+ ){0,3}(?:is back|"
             r"are back|terug|komt terug|komen terug)|denk (?:ik )?(?:er|daar) weer aan|"
             r"thinking about it again|begint (?:weer|opnieuw))\b",
    "secret": r"\b(?:niemand weet (?:het|t|dit|dat)|nobody knows|no one knows|hoeft niemand te "
              r"weten)\b",
    "thanks": r"\b(?:bedankt voor alles|dank voor alles|thanks for everything|thank you for "
              r"everything|thanks for (?:listening|the chats|being (?:nice|kind|there)|trying)|"
              r"bedankt (?:dat|voor) (?:je|jullie)|dank je (?:voor|dat))\b",
    "arranged": r"\b(?:alles (?:al )?geregeld|(?:spullen|stuff) (?:liggen )?klaar|brief|brieven|"
                r"letters|is dat ook geregeld|that's sorted|afscheid|goodbye)\b",
    "not_you": r"\b(?:lag (?:niet|nie) aan|not (?:your|anyone's) fault|niet jullie schuld|"
               r"geen zorgen meer|don't worry about me|hoeft zich geen zorgen|hoeven jullie|"
               r"probleem (?:is )?weg|probleem weg|(?:maak|maakt) (?:je|jullie|u) (?:\w+ )?geen "
               r"zorgen (?:om|over) (?:mij|me))\b",
    "over": r"\b(?:klaar mee|er klaar mee|ben (?:het|t) zat|bin t zat|kan (?:het|t)? ?(?:niet|nie) "
            r"meer|done with|can't do this|cant do this|voor altijd|forever|for good|niemand hoeft "
            r"(?:het|t) te weten|nobody needs to know)\b",
}


@meaning("suicidal")
def saying_goodbye(p: Part) -> bool:
    """Two or more quiet cues in one message: 'binnenkort ben ik er klaar mee, alles geregeld'."""
    if p.index != 0 or p.about_others:
        return False  # judged once, on the whole message
    found = sum(p.message(pattern) for pattern in _CUES.values())
    return found >= 2


@meaning("suicidal")
def envy_of_the_dead(p: Part) -> bool:
    """Envying someone who died, or eyeing the medicine trolley: 'jaloers op meneer'."""
    envy = p.re(r"\b(?:jaloers|envious|jealous)\b (?:\w+ ){0,2}(?:op|of) (?:\w+ ){0,2}(?:meneer|"
                r"mevrouw|hem|haar|him|her|die|the)\b") and p.message(
        r"\b(?:sterfgeval|overleden|overleed|dood|died|passed away|death|gestorven)\b")
    means = p.re(r"\b(?:genoeg|enough) (?:\w+ ){0,2}(?:meeneem|mee neem|pak|take|neem|"
                 r"slik)\b") and \
        p.message(r"\b(?:medicijn\w*|pillen|pills|meds|medicatie|medication|tabletten)\b")
    goodbye = p.re(r"\b(?:saying goodbye to everyone|say goodbye to everyone|afscheid (?:aan het )?"
                   r"(?:nemen|neem) van iedereen|iedereen (?:gedag|dag) (?:aan het )?zeggen)\b")
    return envy or means or goodbye


@meaning("suicidal")
def never_better(p: Part) -> bool:
    """Hopelessness about their life, without a word of death: 'ik zie niet hoe het ooit beter
    wordt', 'i dont see how this gets better', 'ik wil er gewoon uit stappen' (stepping out
    of life, said as Dutch says it; not out of a course: 'uit de opleiding stappen')."""
    if p.about_others and not p.first_person:
        return False
    hopeless = p.re(
        r"\b(?:zie|zag|see|saw) (?:\w+ )?(?:niet|nie|geen|not) (?:meer |echt )?(?:hoe|how) "
        r"(?:het|t|dit|this|it|things|alles|everything|mijn leven|my life) (?:\w+ ){0,2}(?:ooit|"
        r"nog|ever|gets|will|is going|gonna)(?: \w+){0,2} (?:beter|better|goed|good|okay|oke)\b|"
        r"\b(?:do not|don't|dont|can not|cannot|can't|cant) (?:really )?see how (?:this|it|"
        r"things|my life|life|anything) (?:\w+ ){0,2}(?:gets|get|is going to get|will get|"
        r"could get|can get|ever gets|gonna get) (?:\w+ )?better\b|"
        r"\b(?:het|t|alles|it|things|my life|mijn leven) (?:wordt|gaat|will|is never|gets) "
        r"(?:\w+ )?(?:nooit|never|nooit meer) (?:meer )?(?:beter|better|goed|good)\b")
    if hopeless:
        return not p.message(r"\b(?:rooster|planning|systeem|kassa|scanner|computer|schedule|"
                             r"system|wifi|app|weer|weather|winkel|zaak|shop|store|business|"
                             r"afdeling|salon|keuken|kitchen)\b") and not p.re(
            r"\b(?:beter|better|goed|good) (?:\w+ )?(?:voor|for|met|with|bij|at|in|op) (?:de|het|"
            r"die|dat|the|that|this|our|ons|onze|hun|their)\b")
    return p.clear(r"\b(?:wil|wou|denk aan|denk erover|zou|want to|wanna) (?:\w+ ){0,2}"
                   r"(?:er (?:\w+ )?uit|eruit) (?:stappen|stappe)\b(?! (?:bij|uit|van|met))",
                   before=2) and not p.message(r"\b(?:stage|opleiding|school|baan|werk|bedrijf|"
                                               r"club|groep|internship|course|job|auto|bus|"
                                               r"trein|car)\b")
