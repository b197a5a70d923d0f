"""Sexual harassment or abuse: touching, pictures, being made to undress or watched, favours
for grades or the internship, and the pressure to keep it secret."""

from __future__ import annotations

from bot.safety.meanings.idioms import SAVED_FROM_FALLING
from bot.safety.meanings.part import Part
from bot.safety.meanings.registry import meaning

_SOMEONE = (r"\b(?:\w*mentor|\w*begeleider|\w*baas|\w*opleider|chauffeur|driver|"
            r"\w*leider|hij|ze|zij|ie|he|she|they|iemand|someone|somebody|man|guy|gozer|gast|vent|"
            r"kerel|baas|chef|begeleider|collega|klant|eigenaar|manager|leidinggevende|"
            r"praktijkopleider|boss|supervisor|coworker|colleague|customer|owner|teacher|leraar|"
            r"docent|mentor|oom|uncle|neef|cousin|stiefvader|stepdad|stiefbroer|stepbrother|"
            r"vriend|bf|boyfriend|ex|monteur|mechanic|uitvoerder|foreman|gaffer|regular)\b")
_TOUCH = (r"\b(?:zit|zat|zitten|zaten|zitte|zeten|kwam|komt|kwamen) (?:\w+ ){0,3}"
          r"aan (?:me|mij|mijn|ons|mich|mie|mn|my)\b|\b(?:me|mij|ons) (?:\w+ ){0,3}(?:aangeraakt|"
          r"betast|vastgepakt|gezoend|gekust|geknuffeld|begrapst|gestreeld)\b|\b(?:zit|zat|"
          r"zitten) (?:me|mij|ons|mich) (?:\w+ ){0,2}(?:aan|aon)\b|\baan (?:me|mij) (?:\w+ )?"
          r"(?:gezeten|zitten|zit|zat)\b|\b(?:betast|betastte|betasten|begrapst|geknepen in|"
          r"kneep in|knijpt in|greep|grijpt|grabbed|grabs|grabbing|groped|gropes|touched|"
          r"touches|touching|touch|fondled|feels up|felt up|rubbed|rubs|wreef|wrijft|schuurde|"
          r"raakt|raakte|aangeraakt|aanraken|brushing|brushes|brushed|vastpakt|vastpakte|"
          r"vastgepakt|pakt|pakte|knuffelt|knuffelde) (?:\w+ ){0,3}(?:me|mij|mijn|my|ons|us|"
          r"mn)\b|\b(?:hand|handen|hands) (?:\w+ )?(?:op|on|onder|under|in|tussen|between) "
          r"(?:mijn|my|mn|me)\b|\b(?:legt|legde) (?:zijn|zn|his) (?:hand|handen) (?:op|on)\b|"
          r"\btegen (?:me|mij) aan\b|\bpressed (?:\w+ )?(?:up )?against me\b|\b(?:mijn|my|mn) "
          r"(?:billen|bil|kont|borsten|tieten|kruis|ass|butt|boobs|breasts|crotch|private|"
          r"heupen|heup|waist|thighs|dijen)\b.{0,20}\b(?:vast|aan|grabbed|touch|touching|"
          r"pakken|zit|zat)|\b(?:shirt|rok|skirt|broek|pants|bh|bra) (?:\w+ ){0,3}(?:omhoog|"
          r"naar beneden|down|up|uitgetrokken|off)\b.{0,10}(?:getrokken|trok|pulled)?|\b(?:trok|"
          r"trekt|pulled|lifted) (?:\w+ ){0,2}(?:mijn|mn|my) (?:shirt|rok|skirt|broek|pants|bh|"
          r"bra|top)\b|\bop (?:zijn|zn|z'n|his) schoot\b|\bon his lap\b|\bwordt (?:ie |hij )?raar "
          r"met (?:zijn|zn) handen\b|\bup my skirt\b|\bonder (?:mijn|mn) rok\b")


@meaning("sexual")
def touched_against_my_will(p: Part) -> bool:
    if not (p.re(_SOMEONE) or p.has("PERSON") or (
            p.re(r"^(?:maar |steeds |altijd )*aan (?:me|mij|mn|mijn)\b") and p.message(_SOMEONE))):
        return False  # ('die ene collega blijft | maar aan me zitten': who, in the clause before)
    if p.message(SAVED_FROM_FALLING):
        return False  # 'pakte mn arm vast toen ik bijna van de trap viel': held, not touched
    generic = p.re(r"^is (?:het|dit|dat) (?:\w+ )?(?:normaal|gewoon|oke|ok|raar|erg)\b") and \
        p.re(r"\b(?:je|jou) (?:\w+ ){0,2}(?:billen|kont|borsten|knuffelt|vastpakt|aanraakt|"
             r"betast)\b")
    if not (p.re(_TOUCH) or generic):
        return False
    if p.re(r"\b(?:client|clienten|bewoner|patient|mevrouw|meneer|kind|kindje|baby|peuter)\b") \
            and not p.me_object and not p.re(r"\b(?:man van|husband of|borsten|billen|kont|"
                                             r"kruis|boobs|breasts|butt|crotch)\b"):
        return False  # care work: touching clients is the job
    if p.re(r"\b(?:aan (?:de|het|een)|tafel|table|kassa|till|computer|bureau|desk|naast|next to|"
            r"bij de|op de bank|in de auto|koffie|pauze|break|lunch)\b") and \
            not p.re(r"\b(?:billen|kont|borsten|kruis|ass|butt|boobs|breasts|been|thigh|thighs|"
                     r"waist|heup|heupen|me|mij|mich|dijen|schoot|lap)\b"):
        return False
    if p.re(r"\b(?:handshake|hand geschud|high five|boks|fist bump|schouderklopje|pat on the "
            r"back|knuffel gekregen van (?:de |een )?(?:kind|client|bewoner))\b"):
        return False
    if p.re(r"\b(?:nek|keel|kraag|neck|throat|collar)\b") and p.re(
            r"\b(?:duwde|duwt|geduwd|sloeg|slaat|gooide|smeet|muur|wall|pushed|shoved|slammed|"
            r"schudde|shook|kneep|squeezed|choked|wurgde)\b") and not p.re(
            r"\b(?:billen|kont|borsten|kruis|ass|butt|boobs|breasts|thigh|thighs|dijen|schoot|lap|"
            r"zoende|kuste|kissed|kiss)\b"):
        return False  # 'pakte me bij mn nek en duwde me tegen de muur': violence, not sexual
    return generic or p.clear(_TOUCH, before=3) or p.re(r"\b(?:niet wil|nie wil|niet wilde|"
                                                        r"niet wou|nie "
                                             r"wou|don't want|didn't want|nee zei|said no|"
                                             r"ni wou|waar dat (?:niet|nie) mag)\b")


@meaning("sexual")
def pictures_or_undressing(p: Part) -> bool:
    if p.re(r"^(?:nee |no |nope |nah )?(?:joh )?(?:niemand|no one|nobody|noone)\b") or (
            p.about_others and not p.me_object):
        return False  # 'niemand heeft foto's van me gevraagd', 'classmate got caught sending'
    pics = r"\b(?:pics?|fotos?|foto's|photos?|pictures?|nudes|naaktfotos?|dickpics?|dick pics?|" \
           r"snaps?|selfies?|filmpjes?|videos?|body pics)\b"
    paid = p.message(pics) and p.message(r"\b(?:betaalt|betaald|pays|paid|geld|money|doekoe)\b") \
        and p.message(r"\b(?:wil (?:hij|ie|ze) meer|wants more|nog meer|more)\b")
    pictures = p.re(pics) and (p.has("NAKED") or (p.message(r"\b(?:zonder broek|naakt|bloot|"
                                                         r"without (?:pants|clothes)|naked)\b")
                               and p.message(r"\b(?:terug|back|iets terug|more)\b")) or p.re(
        r"\b(?:van (?:mezelf|mij|me)|of (?:myself|me)|van jezelf|in (?:mijn|mn|my) (?:ondergoed|"
        r"bh|bikini|underwear)|terug ?(?:moet )?sturen|iets terug|send (?:some |one |more )?back|"
        r"wants some back|dirty|vieze|pikante|spicy|sexy|private|between us|tussen ons|leaken|"
        r"leak|rond(?:gaan|sturen)|gaan rond|doorgestuurd|online|verspreiden|op insta|"
        r"dreigt|threatens|threatening|tell everyone|more pics|meer (?:fotos|pics)|for money|"
        r"betaalt|pays|body|dickpics?|dick pics?|asking for mine|for the website maar|zonder "
        r"broek|without pants|wil dat ik (?:\w+ )?(?:fotos|foto's|pics) stuur|wants me to send|"
        r"asked (?:me )?(?:to send|for)|vroeg om|volwassen voor|mature for)\b")) and not p.re(
        r"\b(?:taart|cake|nagels|nails|kapsel|werk|product|gerecht|dish|dier|auto|car|teamfoto|"
        r"team photo|website van (?:het|de) (?:bedrijf|salon)|portfolio|logboek)\b(?!.*bikini)")
    undress = p.re(r"\b(?:uitkleden|uitdoen|uitdoe|uit doe|uittrek|uitkleed|uitdoet|"
                   r"uitdoen|uit doen|uit moest doen|uittrekken|uit trekken|"
                   r"uitgekleed|undress|take off my|took off my|strip|kleren oettrok|omkleden|"
                   r"omkleed|omkleedde|change)\b") and (
        p.re(r"\b(?:moest|moet|wilde|wil|wou|vroeg|made me|make me|wanted me|asked me|liet|"
             r"van (?:hem|haar)|told me|waar hij bij is|while he|terwijl hij|in his office|"
             r"in zijn kantoor|he watched|hij keek)\b") and not p.re(
            r"\b(?:client|clienten|bewoner|mevrouw|meneer|patient|kind|kinderen|uniform|"
            r"werkkleding|kleedkamer moet|hygiene|hygiëne|hygiene ?regels|sieraden|jewellery|"
            r"jewelry|ring|ringen|horloge|jas|coat|jacket|schort|apron|handschoenen|gloves|"
            r"nagellak|piercings?|mondkapje)\b(?!.*\b(?:keek|watched|waar hij bij))"))
    watched = p.message(r"\b(?:omkleden|omkleedde|omkleed|kleedkamer|douche|douchen|douch|"
                        r"shower|showering|changing|badkamer|bathroom)\b") and p.message(
        r"\b(?:keek|kijkt|kijken|keken|terwijl hij|terwijl zij|watched|watching|watches|gefilmd|"
        r"filmde|filmed|fotos|foto|photos|comes into|kwam binnen|komt binnen|komt .{0,12}"
        r"(?:kamer|badkamer)|deur (?:nie|niet) dicht|hoefde helemaal (?:nie|niet))\b")
    exposed = p.re(r"\b(?:liet|showed|toonde) (?:\w+ ){0,2}(?:zijn|zn|z'n|his) (?:piemel|lul|penis|"
                   r"dick|ding)\b|\bwoke up (?:\w+ )?(?:without|with no) (?:clothes|pants)|"
                   r"\bwakker zonder kleren\b|\bwat (?:heb|had) je aan\b|\bwhat (?:i'm|im|i am|"
                   r"you're|youre) wearing\b")
    return pictures or undress or watched or exposed or paid


@meaning("sexual")
def favours_or_secrecy(p: Part) -> bool:
    favour = p.re(r"\b(?:als|if|unless|tenzij)\b (?:ik|i|k)\b.{0,45}\b(?:lief|aardig|nice|date|"
                  r"kiss|zoen|zoenen|kus|mee ga|mee naar|iets met (?:hem|haar)|something with|"
                  r"op (?:zijn|zn|z'n) schoot|on his lap|naar bed|sleep with|met hem|with him|"
                  r"sent (?:him|her) a|stuur|do him a favou?r|blijf voor|stay (?:late|after))\b") \
        and p.re(r"\b(?:beoordeling|voldoende|cijfer|stage|stageplek|grade|pass|placement|"
                 r"internship|uren|hours|geld|money|doekoe|contract|baan|job|aftekenen|tekenen|"
                 r"punten|evaluation|reference|eerder naar huis|go home early|extra)\b")
    favour_word = p.message(r"\b(?:gunst|gunstje|favou?r|favou?rs|iets voor (?:mij|hem) doen|"
                       r"belonen|reward me|how friendly|hoe aardig|special "
                       r"bond|speciale band|massage|masseren|massages)\b") and p.message(
        r"\b(?:beoordeling|voldoende|cijfer|stage|stageplek|grade|marks|pass|placement|"
        r"internship|uren|hours|aftekenen|tekent|evaluation|reference|na sluit\w*|after "
        r"(?:hours|closing)|deur op slot|door locked|alleen|alone|back room|achterkamer|"
        r"kantoor|office|not the work kind|je snapt wel|snap je|doekoe|geld|money|rug|back|"
        r"elke week|every week|cant tell|kan (?:\w+ )?niet vertellen)\b")
    lose = p.re(r"\b(?:anders|otherwise|or else)\b.{0,30}\b(?:stage|stageplek|placement|"
                r"internship|baan|job)\b.{0,10}\b(?:kwijt|lose|weg)\b|\banders (?:geen|haal ik "
                r"(?:het|t) (?:niet|nie))\b") and (p.context.has("PICS") or p.message(
                    r"\b(?:mond|mouth|zwijgen|quiet|kwam aan me|zit aan|touch|fotos|pics)\b"))
    hand = p.re(r"\b(?:legde|legt|leggen|put|puts|duwde|duwt|pushed)\b.{0,25}\bop (?:zijn|zn|z'n|"
                r"his) (?:broek|kruis|schoot|pants|crotch|lap|piemel)\b")
    owe = p.re(r"\b(?:owe him|owe her|schuldig)\b") and p.re(r"\b(?:kiss|zoen|kus|touch|pics|"
                                                             r"fotos)\b")
    secret = p.re(r"\b(?:ons|our) (?:kleine |little )?(?:geheim|geheimpje|secret)\b|"
                  r"\b(?:stays|blijft|keep it|houden) (?:\w+ )?(?:between us|tussen ons)\b|"
                  r"\b(?:aan|tegen) (?:niemand|nobody) (?:mag|mocht|moet|mogen|moogt) (?:\w+ )?"
                  r"(?:vertellen|zeggen)\b|\b(?:mag|moet|moogt|mogen) (?:\w+ ){0,3}(?:aan|tegen) "
                  r"(?:niemand|nobody) (?:\w+ )?(?:vertellen|zeggen)\b|\b(?:niemand|nobody) "
                  r"(?:mag|mocht) vertellen wat\b|\b(?:moet|moest) van (?:hem|haar) (?:zwijgen|"
                  r"stil "
                  r"zijn|niks zeggen)\b|(?:niemand|nobody|no one) (?:zal|gaat|would|will) (?:me|"
                  r"mij) "
                  r"(?:\w+ )?(?:geloven|believe)\b|\b(?:don't|dont|do not|can't|cant|can not|"
                  r"shouldn't|shouldnt) tell (?:anyone|anybody|my parents|school|my mum|my mom)\b|"
                  r"\bmond (?:moest|moet) houden\b|\bhold my tongue\b") \
        and not p.re(r"\b(?:verjaardag|birthday|cadeau|present|surprise|verrassing|feest|"
                     r"party|recept|recipe|klant|klanten|customers?|gasten|guests|prijs|"
                     r"prijzen|prices?|korting|discount|concurrent\w*|competitors?)\b")
    forced = p.clear(r"\b(?:gedwongen|dwong|forced|pressured|onder druk)\b.{0,25}\b(?:tot|into|"
                     r"to)\b")
    forced = forced or p.re(r"\b(?:dingen|stuff|things) (?:\w+ ){0,3}(?:doen|do|does|doet|deed|"
                            r"did) (?:die|"
                  r"that) (?:ik|i) (?:niet|nie|ni|didn't|did not|don't|dont) (?:\w+ )?(?:wou|wilde|"
                  r"wil|want|like)|\b(?:moet|moest|must|have to|had to|makes me|made me) (?:van "
                  r"(?:mijn|mn|hem|haar) )?(?:\w+ ){0,3}(?:dingen|stuff|things) (?:\w+ )?(?:doen|"
                  r"do)"
                  r"\b|\b(?:doet|deed|does|did) (?:ie |hij |he )?(?:rare|vieze|weird|nasty) "
                  r"(?:dingen|things|stuff)\b|\b(?:deed|did) (?:\w+ ){0,3}(?:dingen|stuff|things) "
                  r"(?:met|with|to) (?:me|mij)\b|\bdoes stuff i don't like|does stuff i dont "
                  r"like") or \
        p.re(r"\b(?:terwijl|hoewel|ook al|even though|although|while) (?:ik|i) (?:nee|no|stop) "
             r"(?:zei|said)\b|\b(?:i|ik) said no\b|\bging (?:gewoon )?door terwijl")
    closed_door = p.re(r"\b(?:deur (?:\w+ )?(?:dicht|op slot)|door (?:closed|locked)|locked the "
                       r"(?:door|back room)|deed de deur)\b") and p.re(
        r"\b(?:kantoor|office|back room|achterkamer|koelcel|kamer|room|opslag|storage)\b") and \
        p.re(r"\b(?:helpen|'helpen'|help|massage|shirt|uit|alleen|alone|normaal)\b")
    after_hours = p.re(r"\b(?:alleen|alone) (?:\w+ ){0,3}(?:met (?:hem|haar)|with (?:him|her))\b|"
                       r"\b(?:na sluit\w*|after (?:closing|hours)|stay late|blijven na)\b") and \
        p.message(r"\b(?:rare|weird|wat (?:hij|ie) (?:dan )?wil|what he wants|get to know each "
                  r"other|belonen|reward|eng|scared|bang|😬|😟|creepy|dingen|stuff|helpen in zn "
                  r"kantoor|deur dicht|door closed|massage)\b") and p.re(_SOMEONE)
    not_alone = p.re(r"\b(?:wil|durf|want|dare) (?:\w+ )?(?:niet|nie|not|never) (?:meer |"
                     r"more |again )?alleen (?:\w+ ){0,2}(?:met|with|bij) (?:hem|haar|him|her)\b|"
                     r"\b(?:don't|dont|do not) want to be alone with (?:him|her)\b") and p.message(
        r"\b(?:begint (?:hij|ie|ze|zij) (?:\w+ )?weer|(?:he|she) starts (?:\w+ )?again|steeds|"
        r"telkens|every time|elke keer|parkeerplaats|parking (?:lot|space)|rare|eng|creepy|"
        r"weird|touch\w*|aanrak\w*|handen)\b")
    shut_and_locked = p.message(r"\b(?:houdt|hou|houd|houden) (?:jij |je )?(?:je )?(?:mond|"
                                r"kop|bek)\b|\bkeep (?:your|ur) mouth shut\b") and p.message(
        r"\b(?:op slot|locked (?:the |it|us)|sloot (?:\w+ ){0,3}af)\b")
    return favour or favour_word or lose or owe or secret or forced or hand or after_hours or \
        closed_door or not_alone or shut_and_locked


@meaning("sexual")
def sexual_named(p: Part) -> bool:
    span = p.seq("SEX")
    if span is None or p.about_others or p.clause.any_in(span, "NOT", 3):
        return False
    word = p.words[span[0]]
    strong = p.re(r"\b(?:verkracht|verkrachting|verkrachten|aangerand|aanranding|aanranden|"
                  r"rape|raped|molest\w*|sexually (?:assaulted|harassed|abused)|misbruikt|"
                  r"misbruik|seksueel (?:lastig|geintimideerd|misbruikt)|grooming|ontucht|"
                  r"loverboy)\b")
    directed = p.me_object or p.re(r"\b(?:ik|i)\b (?:\w+ ){0,3}(?:word|werd|ben|got|was|get)\b") \
        or p.re(r"\b(?:mijn|my|mn) (?:lichaam|body|borsten|kont|billen|uiterlijk|looks)\b")
    about_me = p.re(r"\b(?:dingen|opmerkingen|comments|things|grappen|jokes)\b (?:\w+ ){0,2}"
                    r"(?:over|about) (?:mijn|my|mn) (?:lichaam|body|borsten|kont|billen|benen|"
                    r"boobs|ass|legs)") or p.re(r"\b(?:vieze|dirty|seksuele|sexual) (?:opmerkingen|"
                                                r"comments|berichten|messages|appjes|dms)\b")
    if word in ("ongewenst", "unwanted", "opmerkingen", "comments", "dirty", "vies", "vieze") \
            and not (about_me or p.re(r"\b(?:aangeraakt|touched|aanraking|touch|gezoend|kissed|"
                                      r"intiem)\b")):
        return False
    return (strong and (p.first_person or directed or not p.has("OTHER"))) or \
        (directed and word not in ("vies", "dirty", "creep")) or about_me


@meaning("sexual")
def kissed_against_my_will(p: Part) -> bool:
    return p.re(r"\b(?:zoende|zoent|kuste|kust|gezoend|gekust|kissed|kisses|tries to kiss|"
                r"probeert (?:me|mij) te (?:zoenen|kussen)|wil zoenen|wants to kiss)\b") and \
        p.message(r"\b(?:nee zei|said no|niet wilde|niet wou|wou da ni|didn't want|did not want|"
             r"tries|probeert|steeds|keeps|niemand|nobody|geloven|believe|owe|schuldig|terwijl|"
             r"cornered|klem|between us|hoe zeg je nee|how do i say no|stage (?:nie|niet) "
             r"kwijt)\b") and p.re(_SOMEONE)


_ALONE = (r"\b(?:in (?:de|zijn|zn|his|the) (?:auto|car|kantoor|office|kleedkamer|dressing room|"
          r"koelcel|opslag|storage room|magazijn)|na sluitingstijd|after closing|alleen (?:wij|met "
          r"hem|bij hem)|wij tweeen|just the two of us|(?:to|naar) (?:his|zijn) (?:place|house|"
          r"huis)|bij hem (?:thuis|langs)|langskom|als de anderen weg zijn|when the others "
          r"(?:are|have) gone)\b")
_REWARD = (r"\b(?:cijfer|voldoende|beoordeling|evaluation|grade|grades|exam|uren|hours|"
           r"stageplek|placement|internship|aftekenen|sign off|blijven)\b")


@meaning("sexual")
def sexual_told_around_it(p: Part) -> bool:
    """Grooming and pressure told without the words: alone with him after closing, a grade for
    a visit, changing while he watches, 'niemand gaat je geloven', the bathroom door."""
    if (p.about_others and not p.me_object and not p.first_person) or p.message(
            r"^(?:nee |no |nope )?(?:niemand|no one|nobody)\b"):
        return False
    someone = p.message(_SOMEONE) or p.context.has("PERSON")
    alone = someone and p.message(_ALONE) and p.message(
        r"\b(?:wil dat ik|wants me to|moet ik|must|laat me|makes me|asks me|vraagt|zegt dat|said|"
        r"says|hand op|hand on|eruitzie|look|looks|creepy|extra begeleiding|blijf|blijven|stay|"
        r"kom zitten|come)\b")
    favour = someone and p.message(_REWARD) and p.message(
        r"\b(?:als ik|if i|depends on|hangt af van|work something out|iets regelen)\b") and \
        p.message(r"\b(?:terugstuur|terug stuur|send back|langskom|come to|shirt|uittrek|undress|"
                  r"uitkleed|naakt|naked|foto|fotos|photo|photos|pics|snaps|zoen|kiss|auto|car|"
                  r"dinner|etentje|place|alleen|alone)\b")
    undress = p.re(r"\b(?:omkleed|omkleden|uitkleden|uitkleed|undress|uittrek|uittrekken|"
                   r"(?:change|changing|get changed) (?:my clothes|in (?:his|front|the office)|"
                   r"while))\b") and p.message(
        r"\b(?:waar (?:hij|zij|ze) bij is|in (?:his|zijn) (?:office|kantoor)|while he|terwijl hij|"
        r"filmed|gefilmd|watch|kijkt|keek|for the uniform|voor het uniform|uniform (?:check|"
        r"fitting)|meer uren|more hours)\b")
    exposed = p.re(r"\b(?:deed|doet|had|opened|unzipped) (?:\w+ )?(?:zijn|zn|his) (?:broek|gulp|"
                   r"rits|pants|trousers|zipper|fly) (?:open|los|down)\b|\b(?:bloes|blouse|shirt) "
                   r"(?:\w+ ){0,2}(?:verder )?(?:los|open)\b.{0,20}\b(?:klanten|customers|mot|moet|"
                   r"must)\b")
    secret = p.re(r"\bniemand (?:\w+ ){0,2}(?:me|mij|je) (?:\w+ )?(?:gaat|zal|zou) geloven\b|"
                  r"\b(?:no one|nobody) (?:will|would|is going to) believe (?:me|you)\b|"
                  r"\b(?:ons|our) (?:geheim|geheimpje|geheimke|little secret)\b|\bpromise not to "
                  r"tell\b|\b(?:beloven|beloofd) (?:om )?(?:niks|niets) te (?:zeggen|vertellen)\b")
    night = p.re(r"\b(?:komt|kwam|comes|came|walks|walked|walking|coming|got|gets) (?:\w+ ){0,3}"
                 r"(?:in|into) (?:\w+ )?(?:mijn|mn|my|the|de) (?:kamer|room|bed|badkamer|bathroom|"
                 r"douche|shower)\b|\b(?:mijn|mn|my) (?:kamer|room|badkamer|bathroom) (?:in|into)"
                 r"\b") and p.message(
        r"\b(?:snachts|nachts|at night|last night|vannacht|showering|shower|douche|douchen|"
        r"slaap|asleep|sleeping|bed|doesnt leave|does not leave|gaat (?:niet|nie) weg|"
        r"forgot something|vergeten)\b")
    asked = p.re(r"\b(?:vraagt|vroeg|asks|asked|asking) (?:\w+ ){0,3}(?:of ik (?:wel )?een "
                 r"(?:bh|beha)|(?:naar|about) (?:mijn|mn|my) (?:seksleven|sex life|bh|bra|"
                 r"ondergoed|underwear)|if i wear a bra)\b") or p.re(
        r"\b(?:foto|fotos|photo|photos|pics|snaps?) (?:\w+ ){0,4}(?:pyjama|ondergoed|underwear|"
        r"bikini|badpak)\b|\b(?:geld|money|cash) (?:\w+ ){0,3}(?:voor|for) (?:\w+ )?(?:fotos|"
        r"foto's|pics|photos)\b")
    coerced = p.re(r"\b(?:mag|kan|could|can) (?:\w+ )?(?:geen|not|niet|nie) (?:nee|no) (?:zeggen|"
                   r"say)\b|\btoo drunk to (?:say no|stop)|\bdid it anyway\b|\b(?:wakker werd|"
                   r"woke up)\b.{0,30}\b(?:broek uit|naked|naakt|kleren uit|clothes off|pants "
                   r"off)\b") or (p.re(r"\b(?:dingen|stuff|things) (?:\w+ )?(?:gedaan|done|doen) "
                                      r"(?:met|with) (?:mijn|mn|my|hem|him)\b") and p.message(
                       r"\b(?:anders|otherwise|vies|dirty|moest|had to|zei dat)\b"))
    kiss = p.re(r"\b(?:probeerde|probeert|tried|tries|wil|wilde|wants) (?:\w+ )?(?:me|mij) "
                r"(?:te )?(?:zoenen|kussen|kiss)\b|\b(?:hij|he|ze|she) (?:\w+ )?(?:me|mij) (?:kust|"
                r"zoent|kisses)\b") and p.context.has("PERSON")
    body = p.re(r"\b(?:berichten|messages|appjes|texts|dms)\b (?:\w+ ){0,2}(?:over|about) (?:mijn|"
                r"mn|my) (?:lichaam|body|uiterlijk|borsten|kont|boobs|ass)\b")
    sent = p.re(r"\b(?:stuurde|stuurt|sent|sends|gestuurd)\b (?:\w+ ){0,3}(?:dickpic|dick pic|"
                r"naaktfoto|nude|nudes|foto van zijn|pic of his)\b")
    return bool(alone or favour or undress or exposed or secret or night or asked or coerced
                or kiss or body or sent)


_MY_LOOKS = (r"\b(?:mijn|mn|m'n|my) (?:\w+ )?(?:trui|shirt|topje|top|truitje|broek|legging|"
             r"rok|rokje|jurk|kleren|kleding|outfit|bh|beha|decollete|benen|billen|kont|borsten|"
             r"lichaam|figuur|lijf|body|legs|ass|butt|boobs|chest|skirt|dress|leggings|clothes|"
             r"top|jeans|figure)\b")
_LOOKED_AT = (r"\b(?:ziet|zien|zag|te zien|kijken|kijkt|keek|staart|staarde|staren|bukken|bukt|"
              r"buk|bukte|laten zien|bloot|strak|strakke|sexy|lekker|lekkere|heet|hot|geil|"
              r"see|seen|look|looks|looking|stare|stares|staring|bend|bending|bent over|show|"
              r"showing|tight|revealing|jammer|shame)\b")


@meaning("sexual")
def remarks_on_my_looks(p: Part) -> bool:
    """What someone says of the student's body or clothes, with a look in it: 'hij zei dat
    mijn trui jammer was omdat je nu niks meer ziet', 'he keeps saying my leggings look good,
    and that I should bend over more'."""
    if p.message(r"^(?:nee |no |nope )?(?:niemand|no one|nobody)\b"):
        return False
    said = p.message(r"\b(?:zei|zegt|zeggen|zeiden|riep|roept|opmerking|opmerkingen|grapje|"
                     r"grapjes|grap|grappen|fluit|floot|said|says|saying|told|tells|comment|"
                     r"comments|remark|remarks|jokes?|whistled|whistles)\b")
    return said and p.message(_SOMEONE) and p.message(_MY_LOOKS) and p.message(_LOOKED_AT) \
        and not p.message(r"\b(?:hygiene|hygiëne|uniform|werkkleding|dress code|veiligheid|"
                          r"safety|koud|cold|warm|vlekken|vlek|stain|vies|dirty|gescheurd|"
                          r"torn|kapot)\b")


@meaning("sexual")
def unwanted_things(p: Part) -> bool:
    """Told without naming it: 'toen wilde hij dingen die ik niet wilde', 'hij nam me mee naar
    achteren, ik weet niet goed wat er gebeurde, ik voel me vies'."""
    if p.about_others and not p.me_object and not p.first_person:
        return False
    someone = p.message(_SOMEONE) or p.context.has("PERSON")
    things = p.re(r"\b(?:wilde|wou|deed|probeerde|vroeg|wanted|did|tried) (?:\w+ ){0,3}(?:dingen|"
                  r"iets|things|stuff|something) (?:\w+ ){0,2}(?:die|dat|wat|that|which) (?:ik|i) "
                  r"(?:echt |helemaal )?(?:niet|nie|not|didn't|did not|didnt) (?:wilde|wou|want|"
                  r"wanted)(?:$| (?:en|maar|and|but|toen|then|hoor|echt|at all)\b)")
    dirty = p.message(r"\b(?:voel (?:me|mij|ik me) (?:zo |heel |echt )?(?:vies|smerig|gebruikt)|"
                      r"feel (?:so )?(?:dirty|used|disgusting))\b") and p.message(
        r"\b(?:weet (?:\w+ )?(?:niet|nie) (?:goed |precies |meer )?wat er (?:is )?(?:gebeurd|"
        r"gebeurde)|don't know what happened|dont know what happened|(?:nam|neemt|took) "
        r"(?:me|mij) mee|meegenomen|naar achteren|in the back|alleen met (?:hem|haar))\b")
    return someone and (things or dirty)
