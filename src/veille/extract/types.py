"""What kind of event a passage reports, in ACLED's 25 sub-event types — or none.

``triggers`` finds, in one folded sentence, the words that announce each kind of event
(English and French): an ambush, a mine, a kidnapping, a march, a lynching, an arrest.
``classify`` weighs the triggers of the sentences that make up one event and applies
ACLED's distinctions: a suicide bomber makes a suicide bomb; an explosion that was
defused is disrupted weapons use; killing soldiers or militants is a battle, killing
civilians an attack; a protest the police disperse is a protest with intervention,
one with barricades and stones a violent demonstration; a lynching is mob violence.

``non_event`` recognises passages that only look like events: opinion and analysis,
denials, warnings and plans, exercises, sport, statistics, and attacks recalled from
long ago (the caller also checks the dates).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from veille.taxonomy import SUB_EVENT_TYPES

SUB_TO_TYPE = {sub: etype for etype, subs in SUB_EVENT_TYPES.items() for sub in subs}


def _rx(*parts: str) -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(parts) + r")\b")


# Protesters kept from protesting: a protest, and an intervention in it.
KEPT_FROM_PROTESTING = (r"(?:prevent\w*|stopp\w*|kept|barred) (?:\w+ ){1,3}from (?:protesting|marching|demonstrating"
                        r"|holding (?:a|their|the) (?:march|protest|rally|sit in))"
                        r"|empech\w* (?:\w+ ){1,3}de (?:manifester|marcher|tenir (?:leur|la|le|une|un) (?:marche|manifestation|meeting|sit in))")
# Each trigger family: a pattern on the folded sentence (text.fold).
T = {
    "suicide": _rx(r"suicide bomb\w*", r"suicide (?:car )?attack\w*", r"kamikazes?", r"attentats? suicides?",
                   r"vehicule piege conduit", r"bomber (?:drove|detonated|blew)", r"blew (?:himself|herself) up",
                   r"s est fait exploser", r"suicide bomber"),
    "chemical": _rx(r"chemical weapons?", r"armes? chimiques?", r"gaz toxique"),
    "air": _rx(r"air ?strikes?", r"drone strikes?", r"drones? (?:strike|struck|attack)\w*", r"air raids?",
               r"frappes? (?:aeriennes?|de drones?|d un drone)", r"raids? aeriens?", r"(?:une|la|cette|une autre) frappe (?:a|aurait) (?:vise|frappe|touche|detruit)", r"frappes? (?:contre|sur)", r"bombardements? aeriens?",
               r"vecteurs aeriens (?:\w+ ){0,4}ont (?:mene|frappe|conduit|effectue)", r"(?:serie|vague) de frappes", r"helicopter gunships?", r"aerial (?:strikes?|bombardment)",
               r"bombed from the air", r"carried out (?:drone|air) ?strikes?", r"strikes? (?:carried out|conducted) (?:by|on)",
               r"(?:troops|forces|aircraft\w*|jets?|army|barkhane|planes?|helicopters?) (?:\w+ ){0,2}bombed", r"bombard\w*",
               r"warplanes?", r"fighter jets?", r"dropped (?:\w+ ){0,4}bombs?", r"(?:continue\w*|began|begin) to bomb",
               r"(?:aircraft\w*|planes?|jets?|helicopters?|drones?) (?:\w+ ){0,6}(?:carried out|conducted) (?:a |an |\w+ )?strikes?"),
    "air_support": _rx(r"appui\w* (?:par )?(?:un |des )?(?:vecteurs? aeriens?|moyens aeriens|l aviation|drones?)",
                       r"avec l appui (?:de l aviation|aerien|des vecteurs|de moyens aeriens)",
                       r"riposte aerienne", r"grace a l intervention de l aviation", r"supported by (?:air|drones?|helicopters?)",
                       r"air support", r"riposte (?:aerienne et terrestre|terrestre et aerienne)", r"appuyes? par"),
    "shelling": _rx(r"obus", r"shells?", r"shelling", r"mortars?", r"mortiers?", r"roquettes?", r"rockets?",
                    r"artillery", r"artillerie", r"tirs indirects", r"indirect fire", r"missiles?", r"shelled", r"artill\w*"),
    "grenade": _rx(r"grenades?"),
    "ied": _rx(r"engins? explosifs?(?: improvises?)?", r"ieds?", r"eeis?", r"saute sur (?:un|une) (?:eei|ied)", r"improvised explosive", r"explosive devices?",
               r"roadside bombs?", r"landmines?", r"land mines?", r"mines? artisanales?", r"(?:saute|sautee|sautes) sur (?:une|un) (?:mine|engin)",
               r"hit (?:a|an) (?:mine|landmine|explosive|roadside)", r"struck (?:a|an) (?:mine|landmine|improvised|explosive|roadside)",
               r"sur une mine", r"on a mine", r"explosion (?:d une|of a) (?:mine|engin|bomb)", r"explosifs?", r"bomb went off",
               r"went off under", r"explose au passage", r"a explose", r"exploded", r"detonat(?!ors?\b)\w*", r"struck by (?:a|an) (?:mine|landmine|ied|explosive)",
               r"explosions?", r"anti ?personnel mines?", r"anti ?tank mines?", r"vbied", r"piege\w*",
               r"set off (?:\w+ ){0,2}(?:explosives?|bombs?|charges?|devices?)", r"explosives"),
    "defused": _rx(r"desamorce\w*", r"neutralise (?:un|l|deux|\d+) engins?", r"engins? explosifs? (?:a ete |ont ete )?(?:decouverts?|neutralises?|detruits?)",
                   r"defused", r"demineurs?", r"deminage", r"cache d armes", r"caches d armes", r"weapons caches?",
                   r"arms caches?", r"saisi (?:des|de l|d) (?:armes|armement|munitions)", r"seized (?:\w+ ){0,3}(?:weapons|guns|rifles|ammunition|arms|fire ?arms|firearms)",
                   r"seize (?:\w+ )?(?:weapons|guns|arms)", r"armes (?:de guerre )?(?:saisies|dissimulees)", r"intercepte\w* un camion transportant des armes",
                   r"transportant des armes", r"locally made guns", r"discovered and destroyed", r"decouvert et detruit"),
    "sexual": _rx(r"violees?", r"viols?", r"raped", r"rapes?", r"sexual violence", r"violences? sexuelles?",
                  r"sexually assaulted", r"agressions? sexuelles?", r"sexual (?:abuse|assault|exploitation)"),
    "abduction": _rx(r"enleve\w*", r"enlevement\w*", r"kidnapp\w*", r"abduct\w*", r"pris en otage", r"prises? d otages?",
                     r"otages?", r"hostages?", r"ravisseurs", r"rapt", r"kidnap\w*", r"seized (?:\d+|the|a|two|three|several|dozens) (?:\w+ )?(?:women|men|people|civilians|villagers|passengers)",
                     r"emmene\w* (?:vers|en brousse)", r"(?:ont|a|avaient|avait) emmene\w* (?:le|la|les|l|un|une|des|deux|trois|quatre|cinq|\d+)"
                     r" (?:\w+ ){0,3}(?:chef|habitants?|villageois|personnes|femmes|hommes|enfants|cultivateurs|eleveurs|bergers"
                     r"|commercants|conseillers|civils|fideles|eleves|enseignants|agents?|passagers)\b", r"taken away", r"disparus?", r"forced disappearances?",
                     r"forcibly disappear\w*", r"(?:took|taken|led|driven|carried) (?:\w+ ){0,3}to (?:an )?unknown (?:destination|location)s?",
                     r"emmene\w* (?:\w+ ){0,3}vers une destination inconnue"),
    "protest": _rx(r"manifest\w*", r"protest(?!ant)\w*", r"marche\w* (?:pacifique|de soutien|de protestation|blanche)", r"une marche",
                   r"(?:ont|a) marche", r"(?:tente|voulu|decide|entrepris|appele\w*|tenter) (?:\w+ ){0,2}de marcher", r"la marche(?=,)", r"marched", r"march(?:es)? (?:to|through|on|against|in)", r"sit ins?", r"greve\w*", r"ville morte",
                   r"journee morte", r"rassemble\w*", r"rassemblement", r"rall(?:y|ies|ied)", r"meeting de soutien", r"demonstrat\w*",
                   r"petition", r"strikes? (?:by|over|action)", r"went on strike", r"on strike", r"observe\w* (?:une|un) (?:greve|arret)",
                   r"boycott\w*", r"placards?", r"pancartes?", r"slogans?", r"staged (?:a|an) (?:march|protest|demonstration|sit in|rally"
                   r"|strike|general strike|vigil)", r"took to the streets?", r"went (?:to|into) the streets?", r"descendu\w* dans la rue",
                   r"(?:began|started|launched|held|declared|observ\w*|stag\w*|begin|start\w*) (?:a|an) (?:\d+ (?:hour|day) |general |indefinite |\w+ )?strike",
                   r"stage (?:a|an) (?:\w+ )?(?:march|protest|demonstration|sit in|rally)", r"peaceful (?:march|rally|sit in|gathering)",
                   r"(?:on|in) (?:a|an) (?:\d+ (?:hour|day) )?strike", r"observ\w* (?:a|an) (?:\S+ ){0,3}strike", r"sit in", r"gathered (?:in front of|outside|at|to)",
                   r"crowded", r"pour (?:exiger|protester)", r"dead city", r"marche (?:pour|contre)", r"march (?:for|against)",
                   r"(?:staged|organi[sz]ed|held) (?:a )?(?:peaceful )?(?:march|protests?|demonstrations?|rally)", r"grevistes",
                   r"strikers", r"work stoppage", r"arret de travail", r"picket\w*",
                   r"(?:a|an|the) (?:\w+ ){0,2}march (?:took place|was held|was organi[sz]ed|through|against|to (?:the|demand|protest|denounce))",
                   r"(?:went|go|goes|walk\w*|took) (?:down |out )?(?:to|into|in|on) the streets?", r"held (?:a |an )?(?:\w+ )?(?:protests?|march(?:es)?"
                   r"|rall(?:y|ies)|demonstrations?|vigils?|sit ins?)", KEPT_FROM_PROTESTING),
    # Demands qualify a protest but do not make one ("les habitants réclament des patrouilles").
    "demand": _rx(r"demanding", r"to demand", r"pour (?:reclamer|denoncer)", r"reclam\w*", r"denon\w* (?:la|le|les)", r"exig\w*"),
    "intervention": _rx(r"(?<!s est )(?<!se sont )(?<!s etait )(?<!the crowd )(?<!protesters )disperse\w*"
                        r"(?! (?:dans le calme|sans incident|paisiblement|peacefully|calmly|quietly|without incident))", r"gaz lacrymogenes?", r"tear ?gas", r"lacrymogene", r"matraque\w*", r"baton charge\w*",
                        r"interpelles? (?:lors|au cours)", r"broke up", r"break up", r"arrested (?:during|at) (?:the|a) (?:protest|march|rally|demonstration)",
                        r"arrested more than", r"dispersal", r"water cannon", r"canons? a eau", r"charge\w* par la police",
                        KEPT_FROM_PROTESTING),
    "violent_demo": _rx(r"barricades?", r"pneus? (?:brules?|en feu)", r"brule\w* des pneus", r"burn(?:ing|ed|t)? tyres?",
                        r"set tyres on fire", r"tyres on fire", r"jets? de pierres?", r"lance\w* des pierres", r"threw stones", r"pelted",
                        r"caillasse\w*", r"saccage\w*", r"vandalis\w*", r"casse\w* des vitres", r"vitres? (?:ont ete )?brisees", r"rioters?",
                        r"emeut\w*", r"riots?", r"rioted", r"rioting", r"en colere ont", r"angry (?:youths?|crowd|residents)",
                        r"barricad\w*", r"burning tires?", r"burned tires?", r"burnt tires?", r"tires? (?:were )?(?:burned|burnt|set on fire)",
                        r"road ?blocks?", r"blocked (?:the |a )?(?:main )?(?:road|roads|route|traffic|highway|street)", r"bloque\w* (?:la|les) (?:route|voie|circulation)",
                        r"clubs and machetes", r"violent (?:protest|demonstration)s?", r"clash\w* with (?:the )?police",
                        r"mutin(?:y|ies|ied|ying|eers?|ous)", r"mutiner\w*", r"soldiers? (?:\w+ ){0,3}mutin\w*"),
    # Words that make a protest violent, but mean little outside one.
    "demo_violence": _rx(r"arson", r"smash\w*", r"plunder\w*", r"blocked", r"bloqu\w*", r"blocking (?:the |a |\w+ )?(?:main )?(?:roads?|routes?|streets?|access|traffic|highway)",
                         r"stormed", r"forcibly", r"fired (?:\w+ ){0,2}(?:in|into) the air", r"tire\w* en l air", r"altercations?", r"scuffl\w*",
                         r"ransack\w*", r"sequestr\w*", r"locked (?:\w+ ){0,2}(?:in|up)", r"hurl\w*", r"threw (?:\w+ )?(?:objects|rocks|projectiles)", r"gun ?shots", r"beat (?:up )?\w+",
                         r"raided", r"disarmed", r"mutin\w*", r"attack\w* (?:on|against) (?:the )?(?:police|gendarm\w*|office|town hall)",
                         r"attaqu\w* (?:le|la|les) (?:commissariat|gendarmerie|mairie|bureau)", r"stones", r"pierres", r"burn\w*", r"torch\w*",
                         r"set fire", r"loot\w*", r"incendi\w*", r"saccag\w*", r"pill\w*", r"vandal\w*", r"clash\w*"),
    "mob": _rx(r"lynch\w*", r"justice populaire", r"mob justice", r"battu a mort", r"beaten to death", r"battue? a mort",
               r"mob", r"foule en colere", r"par une foule", r"by a mob", r"vindicte populaire", r"a coups de machettes? et de gourdins",
               r"heurts? entre (?:agriculteurs|eleveurs|cultivateurs|jeunes|communautes|deux)", r"bagarre\w*", r"brawl\w*",
               r"supporters? of rival", r"partisans? (?:de|des) (?:partis )?rivaux", r"rival (?:party )?supporters",
               r"fights? (?:broke out )?(?:between|among) ", r"(?:intra|inter) ?communal (?:violence|fight\w*|clash\w*)",
               r"threw (?:rocks|stones) at each other"),
    # not the decree ("ARRÊTE :", "le présent arrêté", "un arrêté préfectoral")
    "arrest": _rx(r"(?<!present )(?<!un )(?<!l )(?<!cet )(?<!par )(?<!l arrete )arrete(?!\s*:| portant| prefectoral| ministeriel| municipal"
                  r"| regional| communal| interministeriel| n \d| no \d)\w*", r"arrestations?", r"interpell\w*", r"arrest\w*", r"detained", r"detains?", r"apprehend\w*",
                  r"garde a vue", r"mis aux arrets", r"placed in custody", r"taken into custody", r"ecroue\w*"),
    "regain": _rx(r"repris (?:le )?controle", r"reprise (?:du controle|de la ville)", r"retaken", r"retook", r"regain\w* control",
                  r"recaptur\w*", r"libere (?:la ville|la localite)", r"liberated (?:the )?town", r"reconquis\w*", r"retake"),
    # Control won or held, whoever won it: the classifier tells the state's (regains) from others' (overtakes).
    "control": _rx(r"(?:seized|seize|seizes|gain\w*|claimed|claims|took|take|taken|assumed|wrest\w*|establish\w*) (?:full |firm |total )?"
                   r"(?:control|a (?:firm )?hold) (?:of|over)",
                   r"(?:(?:is|are|was|were|now|remain\w*) )(?:\w+ ){0,2}under (?:the )?(?:\w+ )?control of", r"under (?:militant|rebel|their|its) control",
                   r"seized (?:\w+ ){1,2}from (?:the )?(?:islamists|rebels|army|militants|jihadists|government|soldiers)",
                   r"(?:seized?|captured?|took|taken|occupied) (?:the |a )?(?:\w+ )?(?:airport|military base|barracks|army base|town|city|village|locality)",
                   r"overtake\w*", r"overran", r"overrun", r"taken over", r"raised (?:a |their |the )?(?:\w+ )?(?:flag|banner)",
                   r"occupied (?:the )?(?:\w+ )?(?:area|town|village|city|locality|region)"),
    "overtake": _rx(r"pris le controle", r"prise de controle", r"took control", r"taken control", r"seized (?:the )?(?:town|village|city|base|camp)",
                    r"s (?:est|sont) empares? de (?:la ville|la localite|la base|du camp)", r"captured (?:the )?(?:town|village|city|base|camp)",
                    r"hisse\w* (?:leur )?drapeau", r"raised their flag", r"occup\w* (?:la ville|the town)", r"took over",
                    r"taking over", r"took (?:the )?(?:town|city|village|base|camp)", r"captur\w* (?:the )?(?:town|city|village|base|camp)"),
    "withdrew": _rx(r"after the army withdrew", r"apres le retrait", r"withdrew", r"without (?:a )?fight\w*", r"sans combat\w*",
                    r"there was no fighting", r"no fighting", r"se sont retires?", r"retrait de l armee"),
    "agreement": _rx(r"accords? de paix", r"peace (?:deal|agreement|accord)", r"cessez le feu", r"ceasefire", r"accord de (?:non agression|reconciliation)",
                     r"signed (?:a|an) (?:peace|agreement|accord|deal)", r"ont signe (?:un|une) (?:accord|pacte)", r"pacte de non agression",
                     r"signe\w* un accord", r"signed (?:\w+ ){0,3}(?:agreements?|accords?|commitments?|pacts?|deals?|declarations?|protocols?|truces?)",
                     r"laid down (?:their )?(?:arms|weapons)", r"lay down (?:their )?(?:arms|weapons)", r"surrender\w*", r"rendu les armes",
                     r"deposent les armes", r"prisoners? exchange", r"exchange of prisoners", r"echange de prisonniers", r"truce", r"cease ?fires?"),
    "base": _rx(r"install\w* (?:un|une) (?:nouveau |nouvelle )?(?:poste|base|camp|detachement)", r"established (?:a|an) (?:new )?(?:base|post|camp|outpost)",
                r"set up (?:a|an) (?:new )?(?:base|post|camp|outpost)", r"nouveau poste avance", r"new (?:military )?(?:base|outpost|forward post)",
                r"ouverture d une base", r"installe\w* leur (?:base|quartier general)",
                r"(?:installed|established|set up|setting up|establishing|opened) (?:a |an |their |its |new |\w+ ){0,3}(?:forward |operating |military |training )?"
                r"(?:base|camps?|outpost|headquarters)"),
    "loot": _rx(r"robb\w*", r"plunder\w*", r"rustl\w*", r"stripped (?:\w+ ){0,4}(?:of )?(?:their|his|her) belongings", r"belongings",
                r"seiz\w* (?:\w+ ){0,3}(?:vehicles?|livestock|cattle|supplies|goods|motorbikes?|motorcycles?|trucks?|cars?|van|money|food"
                r"|medicines?|equipment|animals|heads? of|tricycles?|fuel|gasoline|ambulances?|cards|devices|boats?|pirogues?|computers?|documents)",
                r"set (?:\w+ ){1,8}on fire", r"incursion", r"extort\w*", r"racket\w*",
                r"forced (?:a|the) truck", r"emptied", r"vandal\w*", r"sabot\w*", r"razed", r"rase\w*", r"incendi\w*", r"torch\w*", r"set (?:fire|ablaze) to", r"set ablaze", r"set on fire", r"burn(?:ed|t|ing)? down", r"burn(?:ed|t)",
                r"brule\w*", r"pill\w*", r"loot\w*", r"emporte\w*", r"vol(?:e|es|ees)? (?:du|de|des) betail", r"stole\w*", r"drove away (?:cattle|livestock)",
                r"cattle (?:were )?stolen", r"destroy\w*", r"detrui\w*", r"ransack\w*", r"razzia",
                r"seiz\w* (?:\w+ ){0,3}(?:carts?|horses?|camels?|donkeys?|goats?|sheep|phones?|cash|weapon|grain|cereals?|crops|property)",
                r"ablaze", r"closed down", r"burglar\w*", r"stripped", r"steal\w*", r"stolen", r"enlev\w* (?:du|le|des) betail",
                r"emportant", r"vol de betail", r"vole\w*",
                r"vols? d\w* (?:\w+ ){0,4}(?:boeufs|betail|bovins|moutons|chevres|animaux|motos?)\b"),
    # Strategic developments told in one clause: a named operation launched, a curfew, a ban on
    # motorbikes, an ultimatum, a state of emergency declared, a prison break.
    "strategic": _rx(r"launch\w* (?:an? |the )?(?:new )?operation (?!against|in|to|on|of|at)[a-z]+", r"announced (?:an? )?operation",
                     r"curfews?", r"couvre feu", r"ultimatum",
                     r"(?:declared|extended|imposed|prolonged|renewed|decrete\w*|proroge\w*|instaure\w*) (?:the |a |l )?(?:state of (?:security )?emergency|etat d urgence)",
                     r"ban\w* (?:on )?(?:the )?(?:use of |circulation of |movement of )?(?:\w+ )?(?:motorbikes|motorcycles|motos|tricycles)",
                     r"interdiction de (?:la )?circulation", r"interdit\w* la circulation",
                     r"broke out of (?:the )?(?:prison|jail|police station)", r"prison (?:break|escape)", r"evade\w* de (?:la )?prison",
                     r"ordered (?:the )?(?:temporary )?closure"),
    "kill": _rx(r"tu(?:e|es|ee|ees|ant|er)", r"abattu\w*", r"execut(?!ive|if|ifs|ive?s)\w*", r"massacr\w*", r"stoned to death", r"lapide\w*",
                r"beaten to death", r"battu a mort", r"tortur\w*", r"mutilat\w*", r"exactions", r"abuses", r"killed", r"killing\w*", r"kills?",
                r"shot dead", r"shot and killed", r"mort\w*", r"dead", r"deaths?", r"perdu la vie", r"lost (?:their|his|her) lives?",
                r"peri\w*", r"succombe\w*", r"(?<!aucune )(?<!pas de )(?<!pas eu de )(?<!sans faire de )(?<!sans )victimes?", r"(?<!no )casualt\w*", r"neutralis\w*", r"bilan", r"death toll", r"fatalit\w*",
                r"corps", r"bodies", r"decede\w*", r"died", r"murder\w*", r"assassin\w*", r"egorge\w*", r"beheaded", r"decapit\w*",
                r"corpses?", r"mass graves?", r"charniers?", r"slit (?:the |their |his |her )?throats?", r"shot down", r"assasinat\w*"),
    "kill_verb": _rx(r"tu(?:e|es|ee|ees|ant)", r"abattu\w*", r"execut(?!ive|if|ifs|ive?s)\w*", r"massacr\w*", r"killed", r"killing", r"kills?",
                     r"shot dead", r"shot and killed", r"perdu la vie", r"lost (?:their|his|her) lives?", r"murder\w*", r"assassin\w*",
                     r"egorge\w*", r"beheaded", r"decapit\w*", r"stoned to death", r"lapide\w*", r"battu a mort", r"beaten to death",
                     r"slit (?:the |their |his |her )?throats?", r"assasinat\w*",
                     r"torture\w*", r"mutilat\w*", r"summar\w* execut\w*", r"abuses", r"exactions", r"neutralis\w*"),
    "wound": _rx(r"bless\w*", r"wounded", r"injur\w*", r"hurt", r"shot in the (?:arm|leg|thigh|shoulder|hand|foot|back|chest|head)",
                 r"gunshot wounds?", r"touche\w* (?:au|a la|aux) (?:bras|jambe|cuisse|epaule|main|pied|dos|poitrine|tete)"),
    "attack": _rx(r"attaqu\w*", r"attack\w*", r"(?<!fusils d )(?<!fusil d )assaut", r"assault\w*", r"storm\w*", r"raids?", r"fait irruption", r"burst into",
                  r"ouvert le feu", r"opened fire", r"fired (?:on|at|gunshots)", r"tire\w* sur", r"tirs? (?:sur|contre)", r"gunfire", r"coups de feu",
                  r"gunshots?", r"tirs", r"shooting", r"shot", r"pris\w* (?:a partie|pour cible)", r"targeted", r"visant", r"vise\w*", r"surgi\w*",
                  r"irruption", r"pris d assaut", r"encercle\w*", r"surrounded", r"investi(?!gat)\w*", r"beat(?:ing|en)?",
                  r"passes? a tabac", r"tabass\w*", r"molest\w*", r"brutalis\w*", r"flogg\w*", r"whipp\w*", r"stab\w*", r"firing (?:on|at|into|by)", r"lashes", r"amputat\w*",
                  r"fired (?:into|upon|shots|warning shots|gunshots|on|at)", r"shots were fired", r"opened fire", r"stabb\w*", r"strangl\w*",
                  r"hacked", r"machete\w*", r"assaulted", r"agress\w*", r"ranconn\w*",
                  r"subjected to (?:\w+ ){0,2}(?:violence|abuses?|torture|beatings?|ill treatment)", r"maltreat\w*", r"mistreat\w*", r"ill treated"),
    "clash": _rx(r"affrontements?", r"affront\w*", r"accrochages?", r"accroche\w*", r"clash\w*", r"combats?", r"fighting", r"fought",
                 r"echanges? de tirs", r"echange\w* des tirs", r"exchange\w* (?:of )?fire", r"exchange\w* (?:of )?(?:gun ?fire|gunshots|shots)", r"firefight\w*", r"embuscades?", r"ambush\w*",
                 r"repouss\w*", r"repel\w*", r"riposte\w*", r"returned fire", r"battle\w*", r"offensive(?! weapons?| statements?| remarks?| language| comments?| words?)", r"ratissages?", r"neutralis\w*",
                 r"operation (?:offensive|de ratissage|de securisation|militaire|contre)", r"military operation",
                 r"(?:conducted|carried out|led|begin|began|begun|launched|conducting) (?:\w+ ){0,2}(?:air ground |ground |air and ground |military "
                 r"|counter ?terrorism |counter ?terrorist |anti ?terrorist |joint |clearing |combing |security )operations?",
                 r"weapons fire", r"heavy fire", r"counter ?attack\w*", r"came under (?:heavy )?(?:gun)?fire", r"pris(?:e|es)? sous le feu",
                 r"contre attaque", r"gun ?battle", r"shootout", r"heavy losses", r"lourdes pertes",
                 r"engaged (?:\S+ ){0,5}(?:militants|jihadists|rebels|fighters|assailants|terrorists|gunmen|insurgents)",
                 r"engaged (?:the|in)", r"besieg\w*", r"sieges?", r"disarm\w*", r"defeated", r"dismantl\w*", r"routed", r"pursu\w*",
                 r"intercept\w*", r"encounters?", r"assiege\w*", r"demantel\w*", r"desarm\w*", r"mis en deroute"),
}
# Words for the sides, to tell battles (armed sides) from attacks on civilians.
STATE_WORDS = _rx(r"soldats?", r"militaires?", r"armee", r"army", r"troops?", r"soldiers?", r"military", r"forces armees",
                  r"armed forces", r"fds", r"fat", r"fama", r"faci", r"gendarm\w*", r"polic\w*", r"commissariat", r"police station",
                  r"garde nationale", r"national guard", r"gardes", r"vdp", r"volontaires pour la defense", r"volunteers?",
                  r"auxiliaries", r"patrouille", r"patrol", r"convoi", r"convoy", r"position", r"poste", r"post", r"camp militaire",
                  r"military camp", r"base", r"brigade", r"checkpoint", r"poste de controle", r"unite", r"unit", r"detachement",
                  r"operation mirador", r"eaux et forets", r"forest guards?", r"rangers?", r"agents? des eaux", r"douaniers?",
                  r"customs officers?", r"dozos?", r"chasseurs", r"koglweogo", r"koglwéogo", r"self defen[cs]e", r"autodefense",
                  r"officers?", r"policemen", r"securite")
ARMED_WORDS = _rx(r"hommes armes", r"individus armes", r"assaillants?", r"terroristes?", r"jihadistes?", r"djihadistes?",
                  r"groupes? armes?", r"groupes? terroristes?", r"bandits?", r"ravisseurs", r"combattants", r"gunmen", r"gunman",
                  r"armed men", r"attackers?", r"assailants?", r"militants?", r"jihadists?", r"terrorists?", r"insurgents?",
                  r"kidnappers", r"fighters", r"extremists?", r"braconniers", r"poachers", r"smugglers", r"robbers", r"jnim",
                  r"gsim", r"eigs", r"isgs", r"iswap", r"boko haram", r"etat islamique", r"islamic state", r"katiba \w+",
                  r"al qaeda", r"al qaida", r"coupeurs de route", r"hani", r"bandes? armees?",
                  r"bandes? de (?:malfaiteurs|voleurs|brigands|bandits)", r"(?:une|l) autre bande\b")
# Any side that can do something to others: the subject a looting or a wounding needs.
SIDE_WORDS = _rx(r"soldiers?|troops?|army|armee|military|forces|police|gendarm\w*|militiamen|militias?|miliciens?|milices?"
                 r"|dozos?|koglweogo|vdp|militants?|rebels?|jihadists?|islamists?|individuals|individus|unknown|inconnus|youths?"
                 r"|jeunes|residents|villagers|habitants|mob|crowd|foule|soldats|militaires|groups?|groupes?|members|gunmen|men")
CIVILIAN_WORDS = _rx(r"civils?", r"civilians?", r"villageois", r"villagers", r"habitants", r"residents", r"agriculteurs", r"cultivateurs",
                     r"farmers?", r"commercants?", r"traders?", r"passagers", r"passengers", r"fideles", r"worshippers", r"orpailleurs",
                     r"miners", r"bergers", r"herders?", r"eleveurs", r"femmes", r"women", r"enfants", r"children", r"eleves?",
                     r"pupils", r"students?", r"etudiants", r"enseignants", r"teachers?", r"chef (?:de|du) village", r"village chief",
                     r"chief of a village", r"conseillers", r"councillors", r"agents de sante", r"health workers", r"infirmier\w*",
                     r"nurse", r"chauffeur", r"drivers?", r"personnes", r"people", r"familles", r"families", r"deplaces", r"displaced",
                     r"fidele", r"pretre", r"priest", r"imam", r"pecheurs", r"fishermen", r"population", r"patiente?", r"apprenti",
                     r"men", r"hommes", r"jeunes hommes", r"marche", r"market", r"mosquee", r"mosque", r"eglise", r"church",
                     r"ecole", r"school", r"village", r"hameau", r"campement", r"ambulance", r"bus", r"car de transport", r"tricycle",
                     r"camion", r"truck", r"tankers?", r"bateau", r"boat", r"vehicule de transport", r"commercial vehicle", r"journalists?",
                     r"journalistes?", r"elus?", r"youths?", r"young (?:men|man|people|boys?|girls?)", r"jeunes", r"girls?", r"boys?",
                     r"members? of the (?:\w+ ){0,3}communit(?:y|ies)", r"membres? de la communaute", r"councilm[ae]n", r"councilors?",
                     r"conseillers? municipa\w*", r"mayors?", r"maires?")


@dataclass(frozen=True)
class Hits:
    """Trigger families found in a passage, with how many times each occurs."""

    counts: dict[str, int]

    def __getitem__(self, family: str) -> int:
        return self.counts.get(family, 0)

    def __bool__(self) -> bool:
        return any(self.counts.get(f, 0) for f in EVENT_FAMILIES)


EVENT_FAMILIES = ("strategic", "suicide", "chemical", "air", "shelling", "grenade", "ied", "defused", "sexual", "abduction", "protest",
                  "violent_demo", "mob", "arrest", "regain", "overtake", "control", "agreement", "base", "kill", "attack", "clash",
                  "loot", "intervention")
# Families that on their own make a sentence report an event (others only qualify one).
STRONG = ("suicide", "chemical", "air", "shelling", "grenade", "ied", "defused", "sexual", "abduction", "protest",
          "violent_demo", "mob", "arrest", "regain", "overtake", "control", "agreement", "base", "kill", "attack", "clash", "loot")


# "appealed to both communities to lay down their arms", "a appelé à respecter le cessez-le-feu":
# an appeal for peace, not an agreement reached.
_APPEAL = re.compile(r"\b(?:appeal\w*|call\w* (?:on|upon)|urg(?:e|ed|es|ing)|implor\w*|exhort\w*|plead\w*|ask\w*"
                     r"|appel\w*|invit\w*|demand\w*)\b[^.;]{0,60}$")


_IN_THE_AIR = re.compile(r"\b(?:tirs?|coups? de feu|tire\w*|shots?|shooting|fired|firing|fire)(?: \w+)? (?:en l air|in(?:to)? the air)\b")


_CURFEW_KEPT = re.compile(r"\b(?:renew\w*|extend\w*|prolong\w*|reconduit\w*|maintien\w*|maintenu\w*|ease\w*|eased|lift\w*|leve\w*"
                          r"|allege\w*|relax\w*|review\w*|reduc\w*|reduit\w*)\b(?: \w+){0,4} $")
_CURFEW_KEPT_AFTER = re.compile(r"(?: \w+){0,8}? (?:remains? in force|is still in force|reste en vigueur|demeure en vigueur"
                                r"|has been (?:renewed|extended|eased|lifted)|a ete (?:prolonge|reconduit|leve|allege))\b")


def triggers(folded: str) -> Hits:
    counts = {family: len(pattern.findall(folded)) for family, pattern in T.items() if pattern.search(folded)}
    if counts.get("attack") and not counts.get("protest"):
        # "vol d'une trentaine de boeufs …, tirs en l'air, pas de victime": shots to frighten, no attack
        air = [m.span() for m in _IN_THE_AIR.finditer(folded)]
        if air and all(any(a <= m.start() < b for a, b in air) for m in T["attack"].finditer(folded)):
            del counts["attack"]
    if counts.get("strategic") and all(_CURFEW_KEPT.search(folded, max(0, m.start() - 40), m.start()) or
                                       _CURFEW_KEPT_AFTER.match(folded, m.end()) for m in T["strategic"].finditer(folded)):
        del counts["strategic"]  # "renewed the curfew in Bawku", "le couvre-feu reste en vigueur": nothing new
    if counts.get("agreement") and all(_APPEAL.search(folded, 0, m.start()) for m in T["agreement"].finditer(folded)):
        del counts["agreement"]
    return Hits(counts)


def merge(hits: list[Hits]) -> Hits:
    total: dict[str, int] = {}
    for h in hits:
        for family, n in h.counts.items():
            total[family] = total.get(family, 0) + n
    return Hits(total)


# A brief's own label for what it reports ("Looting: …", "Movement of forces: …",
# "Non-violent activity: …"), as coders' notes and some wire briefs open.
HEADINGS: tuple[tuple[re.Pattern, str], ...] = tuple((re.compile(rf"^(?:{pattern})\s*:"), sub) for pattern, sub in (
    (r"property destruction|looting|destruction de biens|pillage", "Looting/property destruction"),
    (r"agreement|peace agreement|accord", "Agreement"),
    (r"non violent activity|activite non violente|coup|military takeover|coup d etat|coup military takeover", "Other"),
    (r"movement of forces|security measures?|formation of (?:an )?armed group|defection|recruitment|change to (?:armed )?group"
     r"|mouvement de troupes|mesures? de securite|defections?|recrutement", "Change to group/activity"),
    (r"arrests?|arrestations?", "Arrests"),
    (r"weapons? seizure|defusal|detonation|saisie d armes|desamorcage", "Disrupted weapons use"),
    (r"headquarters (?:or base )?established|base established", "Headquarters or base established"),
))


def heading(folded: str) -> str | None:
    """The sub-event type a passage's opening label names, if any."""
    for pattern, sub in HEADINGS:
        if pattern.match(folded):
            return sub
    return None


@dataclass(frozen=True)
class Classification:
    sub_event_type: str
    event_type: str
    strength: float  # 0-1: how clearly the words say it
    why: str


_STATE_NOUNS = (r"soldats?|militaires?|soldiers?|troops?|gendarmes?|policiers?|police officers?|policemen|vdp|volunteers?|patrouilles?|patrols?"
                r"|auxiliaries|agents? des eaux|forest guards?|gardes?|guards?|military guards?|water and forests? (?:department )?agents?|customs officers?|customs officials?|border guards?|douaniers?"
                r"|officers?|peacekeepers?|policem[ae]n|rangers?|national guards?|republican guards?|gardes? nationa\w*"
                r"|casques bleus|fama|fds|military personnel|security forces|forces de (?:defense et de )?securite")
_STATE_PLACES = (r"(?:military|army|police|gendarmerie|security) (?:post|camp|base|convoy|position|patrol|station|checkpoint|outpost|vehicle|unit)"
                 r"|(?:poste|camp|base|convoi|position|patrouille|detachement|vehicule|unite) (?:militaire|de l armee|des fds|de la gendarmerie"
                 r"|de police|des forces|avance|de securite)|commissariat|police station|brigade|gendarmerie|checkpoint|poste de controle"
                 r"|army positions?|military positions?|positions? (?:de l armee|militaires?)|convoi militaire"
                 r"|military convoy|escort\w*|minusma|barkhane|peacekeepers?|un vehicle|ranger stations?|customs (?:station|post|office)s?"
                 r"|police stations?|gendarmerie (?:post|station|brigade)s?")
# Between a verb and the side it names, words that say that side is not the one hit: the
# agent ("executed by soldiers"), or civilians taken for fighters ("herders accused of spying for militants").
# ("24 civilians killed when gunmen attacked": the gunmen are the next clause's subject, not hit)
_NOT_THE_HIT = (r"\bby\b|\bpar\b|\bsuspect\w*|\bsuspicion\b|\baccused\b|\bbelieved\b|\bcivilians?\b|\bcivils?\b|\bteachers?\b"
                r"|\bwhen\b|\blorsque\b|\bquand\b|\bafter\b|\bapres que\b|\bas\b"
                r"|\bvillagers?\b|\bherders?\b|\btraders?\b|\byouths?\b|\bresidents?\b|\bwomen\b|\bchildren\b"
                r"|\bfarmers?\b|\bminers?\b|\bworshippers\b|\bpassengers\b|\bcommunity\b|\bcommunaute\b|\bhabitants\b"
                r"|,\s+(?:the|les)\s+(?:\w+\s+)?(?:also|aussi|egalement|then|ensuite|later|have|had|ont|avaient)\b")
_HIT_PASSIVE = (r"(?:(?:killed|shot dead|assassinated|wounded|injured) by|(?:tues?|abattus?|blesses?) par"
                r"|(?:were|was|have been|had been|being|ont ete|a ete|sont|furent|etaient)\s+(?:\w+\s+)?(?:killed|tues|tue|wounded|blesses?"
                r"|injured|abattus|executes)|tues|tuees|morts?|died|perdu la vie|lost their lives|blesses|peri"
                r"|(?:wounded|injured)(?!\s+(?:\d|a |an |the |two |three |four |five |several |his |her |their |at least |one |another "
                r"|others? |\w+ (?:and|et) )))")


def _state_victims(text: str) -> bool:
    """Soldiers, police or their posts as the ones hit ("deux soldats tués", "attack on the army post")."""
    return bool(re.search(
        rf"\b(?:{_STATE_NOUNS})\b[^.]{{0,50}}\b{_HIT_PASSIVE}\b"
        rf"|\b(?:killed|killing|kills|tue|tuant|tuent|ambush\w*|attacked|attaque\w*|targeted|visant|wounding|blessant|shot dead"
        rf"|shooting dead|assassinat\w*|executed|abattu)\b(?:(?!{_NOT_THE_HIT})[^.]){{0,30}}\b(?:{_STATE_NOUNS})\b"
        rf"|\b(?:{_STATE_PLACES})\b", text))


_NO_OBJECT = (r"(?!\s+(?:\d|un |une |a |an |the |des |les |deux |two |three |four |five |six |seven |eight |nine |ten |his |her "
              r"|their |several |at least |au moins |plusieurs |one |trois |quatre |cinq |between |entre |some |about |around "
              r"|more than |over |nearly |up to |plus de |pres de |environ |une dizaine |dozens |scores ))")


# The dead of the armed side found after a fight ("several corpses of suspected ISGS militants
# were left behind", "les corps de plusieurs terroristes").
ARMED_BODIES = re.compile(r"\b(?:corps|corpses|bodies|cadavres|dead bodies)\s+(?:de |d |of )?(?:\d+ |several |many |numerous |plusieurs "
                          r"|nombreux |some )?(?:des |of the |de |d )?(?:suspected |presumed |presumes |presum\w* )?(?:\w+ ){0,2}?"
                          r"(?:militants|jihadists|terrorists|assailants|attackers|fighters|insurgents|terroristes|jihadistes"
                          r"|djihadistes|assaillants|combattants)\b")


def _armed_victims(text: str) -> bool:
    return bool(re.search(
        r"\b(?:assaillants?|terroristes?|jihadistes?|attackers?|assailants?|militants?|jihadists?|terrorists?|insurgents?"
        r"|combattants|fighters|bandits?|coupeurs de route|hommes armes|gunmen)\b[^.]{0,40}\b(?:neutralis\w*|tues|tuees|killed"
        + _NO_OBJECT + r"|morts?|dead" + _NO_OBJECT + r"|abattus)\b"
        r"|\bneutralis\w*\b[^.]{0,30}\b(?:terroristes?|assaillants?|terrorists?|jihadistes?)"
        r"|\b(?:killing|killed|tue|tuant|neutralise\w*)\b(?:(?!\bby\b|\bpar\b|,\s+(?:the|les|des|and the|et les)\s|\bwhen\b|\bas\b|\bafter\b|\bwhile\b|\blorsque\b|\bquand\b)[^.]){0,45}\b(?:assailants?|attackers?|militants?|terrorists?|jihadists?|insurgents?|assaillants?|terroristes?|bandits?|coupeurs de route|gunmen|hommes armes)"
        r"|\b(?:killing|killed|shot dead|tue|tuant|abattu)\s+(?:(?!by\b|par\b)\w+\s+){0,3}?(?:armed (?:\w+ )?(?:youths?|men|individuals)|(?:\w+ )?commanders?)\b"
        r"|\b(?:corps|bodies) (?:de |of )?(?:\d+ )?(?:des |of the |de )?(?:leurs|assaillants|their|attackers)"
        r"|lourdes pertes|heavy losses", text)) or bool(ARMED_BODIES.search(text))


_MILITIA = (r"militiamen|militias?|milices?|miliciens?|dozos?|koglweogo|self ?defen[cs]e(?: groups?| militias?)?|vdp|volunteers?"
            r"|hunters|chasseurs|vigilantes?|cma|gatia|mnla|msa|hcua|gsim|jnim|isgs|eigs|ansar dine|mujao|platform|plateforme"
            r"|fighters|combattants|rebels?|rebelles?|field commander|commander|moc|cja|autodefense|gunmen|assailants?|militants?|islamists?"
            r"|boko haram|iswap|aqim|aqmi|mujao|ansaroul islam|ansarul islam|faction|katiba \w+|ganda (?:koy|izo)|maa|cmfpr\w*|mpsa|fla"
            r"|dan na ambassagou|ambassagou")


def _militia_victims(text: str) -> bool:
    """Armed non-state sides as the ones hit: "killed two Dozo militiamen", "attacked the CMA",
    "village self-defense repulsed the attack"."""
    return bool(re.search(
        rf"\b(?:killed|killing|tue|tues|tuant|abattu\w*|attacked|attaque\w*|ambush\w*|clashed with|affronte\w*|shot dead|assassinat\w*"
        rf"|executed)\b(?:(?!{_NOT_THE_HIT})[^.]){{0,35}}\b(?:{_MILITIA})\b"
        rf"|\b(?:{_MILITIA})\b[^.]{{0,30}}\b(?:{_HIT_PASSIVE}|repuls\w*|repelled|responded|riposte\w*|fought back|returned fire"
        rf"|clashed|repouss\w*)\b", text))


def _civilian_victims(text: str) -> bool:
    return bool(CIVILIAN_WORDS.search(text))


_STATE_SUBJECT = re.compile(r"\b(?:troops|soldiers|army|armed forces|military|forces armees|armee|fama|fds|gendarm\w*|barkhane|serval"
                            r"|(?:french|malian|nigerien|burkinabe|chadian|government|security|national|defen[cs]e and security|loyalist)"
                            r" (?:forces|troops|soldiers))\b")
_NON_STATE = re.compile(r"\b(?:rebels?|rebelles?|militants?|jihadists?|islamists?|insurgents?|fighters|gunmen|terrorists?|mnla|mujao"
                        r"|aqim|jnim|isgs|ansar\w*|hcua|cma|gatia|msa|fnla|mnj|tuaregs?|taureg|militia\w*)\b")
_NO_FIGHT = re.compile(r"\b(?:without (?:a )?(?:fight|violence|resistance|fighting|clashes)|no (?:report of )?(?:\w+ )?resistance"
                       r"|sans (?:combat|resistance)|withdr[ae]w\w*|se sont retires?|no fighting|pave the way|handed over)\b")


# Violence done to people beside the looting ("beat the shepherds", "whipped a trader",
# "opened fire on the market"): an attack.
_PEOPLE_HURT = re.compile(r"\b(?:assaulted|beat|beaten|beating|whipp\w*|flogg\w*|lash\w*|tortur\w*|stabb\w*|hacked|molest\w*"
                          r"|brutalis\w*|maltreat\w*|mistreat\w*|tied up|opened fire (?:on|at|against)|fired (?:on|at|upon) (?!the air)"
                          r"|tabass\w*|passes? a tabac|ligote\w*|frappe\w*)\b")
_WEAK_CLASH = re.compile(r"ambush\w*|embuscades?|intercept\w*|pursu\w*|besieg\w*|assiege\w*|encercle\w*")


_HEALTH_CMA = re.compile(r"\b(?:au|du|le|un) cma (?=de |d )")  # a medical centre, not the Azawad movements
# "armed robbers blocked the road … and robbed traders": a hold-up, not a riot
_ROBBERS_BLOCKED = re.compile(r"\b(?:armed robbers|robbers|gunmen|bandits|highway robbers|coupeurs de route|braqueurs|hommes armes"
                              r"|individus armes|jihadists|terrorists|terroristes)\b[^.]{0,20}\b(?:blocked|barricaded|bloque\w*|barre\w*)")
_SWEEP = re.compile(r"ratissages?|operation (?:de ratissage|de securisation|militaire)|military operation")
_REPRISAL = re.compile(r"\b(?:(?:believed to be |allegedly |reportedly |presumably )?(?:in )?reprisals? (?:for|against)"
                       r"|in reaction to|in retaliation (?:for|against)|in response to|en represailles? (?:a|de|contre)"
                       r"|en reaction a)\b[^.;]*")
# Violence between communities (ACLED: communal militias in an armed clash).
_COMMUNAL = re.compile(r"\b(?:inter ?communal|intercommunal|ethnic violence|communal violence|communal clash\w*|land dispute"
                       r"|(?:violence|conflict|dispute|fighting|confrontations?|clashes) between (?:\w+ ){0,3}?(?:communit\w*|groups|ethnic"
                       r"|villages|locals|herders|farmers|fulani|peul\w*|dogon|mossi|bambara|tuareg\w*|lobi|fula)"
                       r"|conflit intercommunautaire|affrontements? intercommunautaires?|violences? intercommunautaires?)\b")
_CONTEXT_BEFORE = re.compile(r"(?:related|connected|linked|due|owing|attributed) to (?:(?:a|an|the|recent|ongoing|continuation of)\s+)*"
                             r"(?:\w+\s+){0,2}$|\b(?:recent(?:ly)?|experienced|continuation of|context of|history of|ongoing)\s+(?:\w+\s+){0,2}$")


def _communal(text: str) -> bool:
    """Violence between communities told as the event, not as its background ("related to
    recent ethnic violence", "a locality that recently experienced communal violence")."""
    return any(not _CONTEXT_BEFORE.search(text[max(0, m.start() - 45):m.start()])
               for pattern in (_COMMUNAL, _groups_fought()) for m in pattern.finditer(text))


@cache
def _groups_fought() -> re.Pattern:
    """Fighting between groups the actor registry knows: "gunfire was exchanged between
    Gonja and Nawuri youth", "des affrontements entre Dozos et Peuls"."""
    from veille.extract.actors import identity_words

    return re.compile(r"\b(?:violence|conflict|dispute|fighting|confrontations?|clash(?:es|ed)?|gunfire|fire|shots|affrontements?"
                      r"|heurts|violences?|coups de feu) (?:was |were |ont ete |a ete )?(?:exchanged |echanges? )?(?:between|entre)"
                      r" (?:[a-z]+ ){0,2}?" + identity_words().pattern)


# Soldiers or police as the ones who killed, and people (not fighters) as the ones killed:
# "soldiers shot dead a suspect individual", "Malian soldiers killed a merchant", "des
# militaires ont abattu deux bergers" — an attack, whatever post or bomb the note names beside.
_STATE_KILLED_PEOPLE = re.compile(
    r"\b(?:soldiers|troops|soldats|militaires|gendarmes|policemen|police officers|policiers|security forces|forces de securite|fds|fama"
    r"|(?:malian|burkinabe|nigerien|beninese|togolese|ivorian|ghanaian) (?:soldiers|troops|army|forces))"
    r"(?: (?:from|of|du|de|des)(?: the| la| le| l)?(?: [a-z]+){1,3}?)?(?: reportedly| allegedly| auraient| ont)?"
    r" (?:shot dead|shot and killed|killed|executed|summarily executed|tortured to death|beat to death|beaten to death"
    r"|tue|abattu|execute|sommairement execute)"
    r" (?:(?:a|an|the|one|two|three|four|five|\d+|un|une|deux|trois|quatre|cinq|des|les|several|at least|au moins|plusieurs) ){0,2}"
    r"(?:(?!armed |armes |suspected )[a-z]+ )?(?:civilians?|civils?|merchants?|traders?|individuals?|men|man|persons?|people|youths?|villagers|herders?|shepherds?"
    r"|farmers?|suspects?|boys?|commercants?|villageois|personnes|hommes|jeunes|bergers|eleveurs|individus|suspects)\b(?! arm)")
# "two young men were shot dead on Friday evening, allegedly by soldiers enforcing the curfew"
_KILLED_BY_STATE = re.compile(
    r"\b(?:were|was|have been|had been|ont ete|a ete) (?:shot dead|shot and killed|killed|executed|summarily executed|tortured to death"
    r"|beaten to death|tues?|abattus?|executes?|sommairement executes?)\b(?: [a-z0-9]+){0,5}?,? (?:allegedly |reportedly |apparently"
    r" |presumably |visiblement |semble t il |selon (?:\w+ ){1,3})?(?:by|par) (?:the |des |les |la |l |some |a group of )?"
    r"(?:soldiers|troops|military|army|police(?:men| officers)?|gendarmes|security forces|militaires|soldats|forces de l ordre|fds"
    r"|elements (?:des|de l) (?:fds|armee)|policiers)\b")
_UNARMED = re.compile(r"\b(?:unarmed|non armes?|sans armes?)\b")
# One leader of a militia shot dead ("killed the Koglweogo chief"): a person targeted, not a fight.
_ONE_LEADER = re.compile(r"\b(?:killed|shot dead|assassinated|executed|tue|abattu|assassine)\s+(?:a|an|the|le|un)\s+"
                         r"(?:[a-z]+\s+){0,2}?(?:chief|chef|leader|head|responsable)\b")


# An explosion that opens a fight: "a complex ambush initiated by an IED detonation followed by
# small arms fire", "mine explosion and subsequent ambush" — ACLED codes the fight.
_COMPLEX_WORDS = re.compile(r"\bcomplex (?:ambush|attack)|\bembuscade complexe|\battaque complexe")
_COMPLEX = re.compile(
    r"\bcomplex (?:ambush|attack)|\bembuscade complexe|\battaque complexe"
    r"|\b(?:ied|ieds|explosion|detonation|mine|landmine|bomb|car bomb|explosives?|engin explosif|explosif)\b[^.;]{0,70}?"
    r"\b(?:followed|ensued|then|puis|suivie?s?|and subsequent|and an?|et d un)\s+(?:(?:by|with|par|d)\s+)?(?:(?:an?|une?|des|de|heavy|intense|enfilading|small|armed)\s+){0,3}"
    r"(?:gunfire|small arms fire|arms fire|armed assault|assault|ambush|exchange of fire|exchanges? of gunfire|gun battle|shootout"
    r"|tirs|echanges? de tirs|assaut|attaque armee)"
    r"|\b(?:ied|explosion|mine)\s*\+\s*(?:gunfire|armed assault|assault)|\bsubsequent (?:ambush|gunfire|firefight)")
_MATERIAL = re.compile(r"\b(?:seiz\w*|recover\w*|captur\w*|destroy\w*|found|confiscat\w*|saisi\w*|recupere\w*|materi\w*|equipment"
                       r"|ammunition|munitions|arms|weapons|rifles|motorbikes)\b[^.;]{0,60}$")


# Fire on the ground beside shells or rockets: the fight is what ACLED codes.
_GROUND_FIGHT = re.compile(r"\b(?:gunfire|small arms|automatic (?:rifles|weapons)|exchange\w* (?:of )?(?:gun ?)?fire|armed assault|assaulted"
                           r"|fought|clash\w*|repuls\w*|repel\w*|pushed (?:\w+ )?back|echanges? de tirs|affrontement\w*|combats?"
                           r"|ambush\w*|embuscade|responded|riposte\w*)\b")


_FIGHTERS = (r"soldiers?|troops|volunteer fighters|vdp|militiam[ae]n|militia members|dozos?|combatants?|fighters|gendarmes?"
             r"|policem[ae]n|police officers?|(?:military|army|police|moc|cma|gatia|msa) officers?|national guards?|guardsm[ae]n"
             r"|soldats?|militaires|miliciens|combattants|volontaires|policiers|douaniers|customs officers?")
_FIGHTERS_TAKEN = re.compile(
    rf"\b(?:abduct\w*|kidnapp?\w*|enleve\w*|took|taken|taking|captured|pris)\s+(?:hostage\s+|en otage\s+)?(?:(?!by\b|par\b)[a-z0-9]+\s+){{0,3}}?(?:{_FIGHTERS})\b"
    rf"|\b(?:{_FIGHTERS})\s+(?:(?!and\b|et\b)[a-z]+\s+){{0,3}}?(?:were|was|have been|has been|ont ete|a ete)\s+(?:\w+\s+)?"
    rf"(?:abducted|kidnapped|taken hostage|taken captive|enleves?|pris en otage)\b")


# Defenders who answer the attack ("gendarmes responded to the gunfire", "militiamen defending
# the village were overpowered", "villagers fended off the attackers"): two armed sides fought.
_RESPONSE = re.compile(rf"\b(?:{_STATE_NOUNS}|{_MILITIA}|self ?defen[cs]e|villagers|residents)\b[^.]{{0,40}}?\b(?:responded|responding"
                       r"|fended of+|pushed (?:\w+ )?back|repel\w*|repuls\w*|overpowered|retaliat\w*|returned fire|fought back|riposte\w*)\b")


def _only_seized_explosives(text: str) -> bool:
    """The only explosives named are among what was seized or destroyed ("seized motorbikes,
    rifles and explosives"): no device went off."""
    found = list(T["ied"].finditer(text))
    return bool(found) and all(_MATERIAL.search(text[max(0, m.start() - 80):m.start()])
                               and not re.search(r"\b(?:struck|hit|by|sur|saute\w*|went|exploded|explose|a explose|detonat\w*|set off)\b", m.group(0))
                               and not re.search(r"\b(?:by|par|with|avec)\s+(?:an?|the|un|une|l|le|la|des|two|\d+)?\s*(?:\w+\s+)?$",
                                                 text[max(0, m.start() - 30):m.start()]) for m in found)


def _control(h: Hits, text: str, out) -> Classification:
    """Control won or held (h["control"]): by state forces, the government regains it
    ("troops seized control of the town"); without a fight, a non-violent transfer;
    taken by a non-state group, it overtakes territory."""
    m = T["control"].search(text)
    before = text[:m.start()] if m else text
    after = text[m.end():m.end() + 40] if m else ""
    if _NO_FIGHT.search(text):
        return out("Non-violent transfer of territory", 0.6, "control changed hands without fighting")
    if (_STATE_SUBJECT.search(before) and not _NON_STATE.search(before)) or (
            m and "under" in m.group(0) and _STATE_SUBJECT.match(after.strip().removeprefix("the ").strip())):
        return out("Government regains territory", 0.6, "state forces took control")
    if m and any(w in m.group(0) for w in ("overt", "overr", "from", "captur", "raised", "taken over")) or h["clash"]:
        return out("Non-state actor overtakes territory", 0.6, "territory taken")
    return out("Non-violent transfer of territory", 0.55, "control taken, no fighting told")


def _protest_deaths(text: str) -> bool:
    """Someone died at the protest itself ("a protester was shot dead", "a marcher was hit and
    died later"), not the death it is about ("to protest the killing of …")."""
    from veille.extract.fatalities import _CAUSE

    rest = _CAUSE.sub(" ", text)
    return bool(re.search(r"\b(?:(?:was|were|has been|have been|had been) (?:\w+ )?(?:killed|shot dead)|later died|died|shot dead"
                          r"|killing (?:\d+|a|an|one|at least)|(?:a|ont) ete tue\w*|tues|mort (?:par balle|des suites))\b", rest)) \
        and not re.search(r"\b(?:no one|nobody|aucun|personne n)\b", rest)


def victim_sides(folded: str) -> set[str]:
    """Who a passage tells as hit: "state", "armed", "militia", "civilians" (the cues
    ``classify`` weighs to tell a battle from an attack)."""
    tests = (("state", _state_victims), ("armed", _armed_victims), ("militia", _militia_victims),
             ("civilians", _civilian_victims))
    return {name for name, test in tests if test(folded)}


# A village attacked, or its people shot at or threatened, is an attack on them even when only
# property was destroyed ("attacked the village of X and seized livestock, no casualties");
# a truck or a town hall attacked and burned is property destroyed.
_PEOPLE_ATTACKED = re.compile(r"\b(?:attack\w*|raided|stormed) (?:the |a )?(?:\w+ ){0,2}(?:village|hamlet|locality|community|settlement)s?\b"
                              r"|\battaqu\w* (?:le |la |l |un |une )?(?:\w+ ){0,2}(?:village|hameau|localite|campement)s?\b"
                              r"|\bfired (?:gun)?shots\b|\bthreaten\w* (?:the )?(?:\w+ )?(?:villagers|residents|population|inhabitants)")


def classify(hits: Hits, text: str) -> Classification | None:
    """The sub-event type of an event from its passage's triggers and text (folded)."""
    h = hits

    def out(sub: str, strength: float, why: str) -> Classification:
        return Classification(sub, SUB_TO_TYPE[sub], strength, why)

    violence = h["kill"] or h["attack"] or h["clash"] or h["wound"]
    labelled = heading(text)
    if labelled and not (labelled == "Disrupted weapons use" and h["ied"] and h["kill"]):
        return out(labelled, 0.8, "labelled")
    if h["suicide"]:
        return out("Suicide bomb", 0.9, "suicide bomber")
    if h["chemical"]:
        return out("Chemical weapon", 0.8, "chemical weapon")
    defusal = re.search(r"desamorc|defus|demin|neutralise (?:un|l) engin|decouvert", text)
    if h["defused"] and not (h["kill"] and h["ied"] and not defusal) \
            and not (h["kill_verb"] and (h["clash"] or h["attack"] or _armed_victims(text) or _state_victims(text)) and not defusal):
        return out("Disrupted weapons use", 0.75, "weapons seized or defused")
    if h["ied"] and not h["defused"] and _COMPLEX.search(text) and (h["clash"] or h["attack"] or _COMPLEX_WORDS.search(text)):
        return out("Armed clash", 0.7, "an explosion, then a fight")
    if h["ied"] and not h["defused"] and not (_only_seized_explosives(text) and (h["clash"] or h["attack"] or h["kill"])):
        return out("Remote explosive/landmine/IED", 0.85, "explosive device")
    if h["air"] and not (h["air_support"] and (h["clash"] or h["attack"])):
        return out("Air/drone strike", 0.85, "air or drone strike")
    if h["shelling"] and not h["protest"] and _GROUND_FIGHT.search(text):
        return out("Armed clash", 0.65, "shelling and a fight on the ground")
    if h["shelling"] and not h["protest"]:
        return out("Shelling/artillery/missile attack", 0.8, "shells, mortars or rockets")
    if h["grenade"]:
        return out("Grenade", 0.8, "grenade")
    if h["sexual"]:
        return out("Sexual violence", 0.8, "sexual violence")
    if h["agreement"] and not h["kill"] and not re.search(
            r"\b(?:end(?:ed|s)? (?:of )?(?:the )?(?:\d+ )?(?:\w+ )?(?:peace )?(?:agreement|accord|deal)|collapse|fin (?:de|du) l accord"
            r"|mettre fin|met fin|withdr[ae]w\w* from|terminat\w*|suspend\w*|denonce\w* l accord)", text):
        return out("Agreement", 0.7, "agreement signed")
    if h["base"] and not violence:
        return out("Headquarters or base established", 0.7, "base established")
    if h["regain"]:
        return out("Government regains territory", 0.75, "territory retaken")
    if h["overtake"]:
        if h["withdrew"] or not (h["clash"] or h["kill"]):
            return out("Non-violent transfer of territory", 0.65, "territory taken without fighting")
        return out("Non-state actor overtakes territory", 0.7, "territory taken")
    if h["control"] and not (h["kill"] or h["attack"]) or h["control"] and h["clash"] and not h["kill"]:
        return _control(h, text, out)
    protest_words = re.search(r"\b(?:manifest|protest|march|sit in|greve|strike|rall|demonstrat|rassembl|ville morte|dead city"
                              r"|took to the streets|descendu)", text)
    if h["protest"] and not (h["kill"] and _armed_victims(text)) and not h["ied"] \
            and (protest_words or not ARMED_WORDS.search(text)):
        if h["kill"] and re.search(r"\b(?:police|forces de l ordre|soldats|soldiers|security forces|gendarmes?)\b[^.]{0,60}"
                                   r"\b(?:tue|tues|killed|shot dead|abattu|opened fire|ouvert le feu|tire\w* a balles reelles|live ammunition)", text):
            return out("Excessive force against protesters", 0.7, "protesters killed by security forces")
        if h["kill"] and not (h["violent_demo"] or h["demo_violence"]) and _protest_deaths(text):
            if re.search(r"\b(?:police\w*|forces de l ordre|soldiers|soldats|security forces|forces de securite|gendarm\w*|troops)\b", text):
                return out("Excessive force against protesters", 0.6, "protesters killed where security forces faced them")
            return out("Violent demonstration", 0.6, "deaths during a protest")
        if h["violent_demo"] or h["demo_violence"]:
            return out("Violent demonstration", 0.75, "barricades, stones or burning")
        if h["intervention"]:
            return out("Protest with intervention", 0.75, "protest dispersed")
        return out("Peaceful protest", 0.7, "protest or march")
    if h["violent_demo"] and not (h["clash"] and _state_victims(text)) and not _ROBBERS_BLOCKED.search(text):
        return out("Violent demonstration", 0.65, "riot")
    if h["mob"]:
        return out("Mob violence", 0.75, "mob or lynching")
    # Fighters taken captive (soldiers, militiamen, volunteers): ACLED codes a battle.
    if h["abduction"] and _FIGHTERS_TAKEN.search(text) and not h["kill_verb"] \
            and not re.search(r"\boff duty|\ben civil\b|\bnot on duty|\bfound dead|\bretrouves? morts?", text):
        return out("Armed clash", 0.6, "fighters taken captive")
    # Those abducted and then killed, or abducted while others are killed or wounded: ACLED codes
    # the violence (an attack or a battle), not the abduction.
    if h["abduction"] and not ((h["kill"] or re.search(r"\b(?:hanged|hung|bodies|corpses?)\b", text)) and re.search(
            r"\b(?:tu\w*|killed|killing|abattu\w*|assassinat\w*|execut\w*|murder\w*|egorg\w*|beheaded|shot dead|found dead|hanged|hung"
            r"|retrouves? morts?|bodies|corpses?)\b", text)) and not (h["wound"] and not _state_victims(text)) \
            and not _PEOPLE_HURT.search(text):  # abducted and beaten, tortured or fired on: an attack
        return out("Abduction/forced disappearance", 0.8, "abduction")
    if h["arrest"] and not (h["kill"] or h["clash"] or h["attack"]):
        return out("Arrests", 0.7, "arrest")
    if h["arrest"] and h["clash"] and not (h["kill"] or h["attack"] or h["wound"]) \
            and all(_SWEEP.fullmatch(m.group(0)) for m in T["clash"].finditer(text)):
        return out("Arrests", 0.65, "arrests in a sweep")  # "arrestation de cinq jeunes … lors d'une opération de ratissage"
    if violence:
        # The sides hit are read outside the clause that says what the violence answered
        # ("killed two civilians, believed to be reprisals for an attack against the gendarmerie camp").
        sides = _HEALTH_CMA.sub(" au centre de sante ", _REPRISAL.sub(" ", text))  # "pris en charge au CMA de Kaya"
        state_hit = _state_victims(sides)
        armed_hit = _armed_victims(sides)
        militia_hit = _militia_victims(sides) and not _ONE_LEADER.search(sides)
        civilians = _civilian_victims(sides)
        militia_hit = militia_hit or bool(_RESPONSE.search(sides))
        if _UNARMED.search(sides) and not armed_hit and not state_hit:
            return out("Attack", 0.7, "unarmed people killed or hurt")
        if (_STATE_KILLED_PEOPLE.search(sides) or _KILLED_BY_STATE.search(sides)) and not h["clash"]:
            return out("Attack", 0.65, "soldiers or police killed people")
        if _communal(sides) and not state_hit:
            return out("Armed clash", 0.6, "communities fought")
        if h["clash"] or (state_hit and (h["attack"] or h["kill"])) or armed_hit or militia_hit:
            # An ambush or a siege of civilians, with no armed side hit, is an attack on them.
            weak_clash = h["clash"] and all(_WEAK_CLASH.fullmatch(m.group(0)) for m in T["clash"].finditer(text))
            if civilians and not state_hit and not armed_hit and not militia_hit and (not h["clash"] or weak_clash):
                return out("Attack", 0.7, "civilians attacked")
            return out("Armed clash", 0.75 if h["clash"] else 0.6, "armed sides fought")
        if h["kill"] or h["attack"] or h["wound"]:
            if h["loot"] and not h["kill"] and not h["wound"] and not _PEOPLE_HURT.search(text) \
                    and not _PEOPLE_ATTACKED.search(text):
                return out("Looting/property destruction", 0.6, "property destroyed")
            return out("Attack", 0.7 if civilians else 0.5, "violence against civilians")
    if h["loot"] and (ARMED_WORDS.search(text) or SIDE_WORDS.search(text)
                      or re.search(r"\b(?:incendi|torch|set fire|pill|loot|burn|rustl|robb|stole|steal|ransack)", text)):
        return out("Looting/property destruction", 0.6, "property destroyed or looted")
    if h["abduction"]:
        return out("Abduction/forced disappearance", 0.6, "abduction")
    if h["arrest"]:
        return out("Arrests", 0.5, "arrest")
    if h["strategic"]:
        if re.search(r"\b(?:ultimatum|broke out|prison break|prison escape|evade)", text):
            return out("Other", 0.5, "ultimatum or prison break")
        return out("Change to group/activity", 0.5, "operation launched, curfew, ban or emergency")
    return None


# ---- passages that only look like events -----------------------------------------------

NON_EVENT = {
    "opinion": _rx(r"tribune", r"editorial", r"opinion", r"nous le disons", r"we must", r"il est temps", r"it is time",
                   r"must invest", r"doit investir", r"the worst thing", r"deserve", r"meritent"),
    "analysis": _rx(r"analysis(?! (?:desk|unit|team|division|department|service|cell))", r"analyse(?! (?:desk|unit))", r"analysts? (?:say|note)", r"observers note", r"according to figures compiled",
                    r"selon des chiffres", r"researchers? (?:\w+ )?(?:say|said|says|found|find|note\w*|believe\w*|estimate\w*|argue\w*|warn\w*|told)",
                    r"chercheurs? (?:\w+ )?(?:estim\w*|not\w*|affirm\w*|dis\w*|expliqu\w*)",
                    r"selon (?:un|une|des|le|la|les) (?:chercheu\w+|analystes?|experts?|specialistes?|observateurs?)",
                    r"according to (?:a|an|one|some) (?:researcher|analyst|expert|specialist|observer)s?"),
    "denial": _rx(r"dementi(?!a)\w*", r"dement(?:s|ent)?", r"denied", r"denies", r"rumou?rs?", r"rumeurs?", r"fausses? informations?", r"fake news", r"aucun incident",
                  r"no incident", r"infox"),
    "future": _rx(r"could be planning", r"(?:pourrai\w*|could|might|may|risqu\w*|risk\w*|threat\w*|menace\w*|plan\w*|prepar\w*"
                  r"|envisag\w*|intend\w*)\s+(?:\w+\s+){0,6}?(?:attack\w*|attaqu\w*|strike|frapper|offensive)", r"warn(?:s|ed)?", r"warning (?:that|of|against|residents|citizens|people)",
                  r"warnings? (?:of|about) (?:an |a )?(?:imminent |possible |new )?attacks?", r"avert\w*",
                  r"advis\w*", r"menace d attaque", r"will (?:start|begin) (?:joint )?patrols", r"prepar\w* for the worst"),
    "exercise": _rx(r"exercise", r"exercice", r"simulat\w*", r"blanks", r"a blanc", r"drill"),
    # A lead that sums up several events ("killed in two attacks in less than three days") is none of them.
    # an analyst's paragraph of a security note ("Assessment: the army is consolidating around Kidal")
    "assessment": _rx(r"^(?:assessment|analyst note|outlook|comment|commentary|evaluation|perspectives?|analyse)\s*:?"),
    "summary": _rx(  # "Le mois de septembre a été marqué par la poursuite des violences … et par des interpellations"
                   r"(?:a|ont|avait) ete marque\w* par", r"(?:was|has been|had been) marked by",
                   r"(?<!latest in )(?<!latest in a )(?<!derniere d )(?<!derniere d une )"
                   r"(?:two|three|four|five|several|a series of|a wave of|deux|trois|quatre|cinq|plusieurs|une serie d|une vague d)"
                   r" (?:separate |distinct |simultaneous |coordinated |simultanees |distinctes |\w+ )?(?:attacks|attaques|raids|incidents"
                   r"|assauts|ambushes|embuscades)\b(?! (?:on|against|contre|sur|in|dans|a|au|near|pres) (?:the |le |la |l )?(?:same|meme))",
                   # "executed 19 men in two villages": one lead for the events told village by village below
                   r"\bin (?:two|three|four|five|deux|trois|quatre|cinq) (?:\w+ )?(?:villages|hamlets|localities|localites"
                   r"|hameaux|towns|communes)\b"),
    "trial": _rx(r"proces", r"trial (?:of|opened|began|resumed|continued)", r"on trial", r"chambre criminelle", r"tribunal criminel",
                 r"pole judiciaire", r"cour d assises", r"parquet a requis", r"requisitoire", r"verdict", r"comparaiss\w*", r"comparu\w*", r"sentenced to",
                 r"condamne\w* a (?:\w+ )?(?:ans|la prison|perpetuite|mort|la reclusion)", r"reclusion"),
    "sport": _rx(r"football", r"match", r"stade", r"stadium", r"in a friendly", r"striker", r"goalkeeper", r"first whistle",
                 r"final whistle", r"half ?time", r"kick ?off", r"(?<!development )goals?", r"(?:marque|inscrit) (?:un|deux|le|trois) buts?", r"coach", r"entraineur", r"qualif\w*",
                 r"midfield", r"kick off", r"supporters invaded"),
    "statistics": _rx(r"au cours de l annee", r"over the year", r"in (?:the )?(?:past|last) year", r"bilan (?:annuel|des activites)",
                      r"annual report", r"rapport annuel", r"more than a hundred incidents", r"plus de \d+ (?:incidents|attaques)",
                      r"since (?:(?:late|early|mid|the (?:start|end|beginning) of) )?(?:19|20)\d\d",
                      r"depuis (?:(?:fin|debut|mi) )?(?:19|20)\d\d",
                      r"(?:attacks|attaques|violence|incidents|raids|killings) (?:\w+ ){0,3}?(?:have|has) (?:\w+ )?(?:risen|increased"
                      r"|multiplied|surged|grown|intensified|spread|doubled)",
                      r"(?:attaques|incidents|violences) (?:\w+ ){0,3}?se sont (?:multipliees|intensifiees|etendues)", r"depuis le debut de l annee", r"this year", r"cette annee",
                      r"incidents recorded", r"recorded (?:fatalities|deaths|incidents|events)", r"compared (?:with|to) (?:19|20)\d\d",
                      r"par rapport a (?:19|20)\d\d", r"according to (?:\w+ ){0,3}(?:figures|data|statistics|tallies|tally)",
                      r"selon (?:les |des )?(?:chiffres|donnees|statistiques)", r"(?<!part of )(?<!latest in )(?:a|une) (?:series|serie|wave|vague) (?:of|d) (?:attacks|attaques)",
                      r"(?<!part of a )(?<!latest in a )(?<!latest in the )series of attacks", r"(?:premiere|first) (?:fois|time) (?:depuis|since|in)",
                      r"depuis plus d (?:un|une|\d+) (?:an|ans|annee|annees|mois)", r"^(?:synthese|recapitulatif|summary|en resume|total)\s*:",
                      r"\d+ incidents? (?:verifies|enregistres|recenses|documentes|recorded|verified|documented)",
                      # "saying it is the third cattle raid since the harvest began"
                      r"(?:second|third|fourth|fifth|sixth|\d+(?:st|nd|rd|th)) (?:\w+ )?(?:attack|raid|incident|kidnapping|abduction|ambush)s?"
                      r" (?:\w+ ){0,3}?(?:since|this (?:year|month|week)|in (?:two|three|four|\d+) (?:weeks|months|days))",
                      r"(?:deuxieme|troisieme|quatrieme|cinquieme|\d+e(?:me)?) (?:attaque|incursion|enlevement|embuscade|incident)s?"
                      r" (?:\w+ ){0,3}?(?:depuis|cette annee|ce mois|en (?:deux|trois|quatre|\d+) (?:semaines|mois|jours))"),
    "policy": _rx(r"arrete (?:portant|prefectoral|ministeriel|municipal|regional|communal|interministeriel|n \d)", r"voted", r"votes? (?:to|for|on)", r"national assembly", r"assemblee nationale", r"parliament\w*", r"parlement\w*",
                  r"decrees?", r"decrets?", r"state of (?:security )?emergency", r"etat d urgence", r"projet de loi", r"bill to",
                  r"budget", r"appointed", r"nomme\w* (?:premier|ministre)", r"prime minister", r"premier ministre",
                  r"a policy (?:\w+ )?(?:criticised|criticized|welcomed|denounced|decried|praised)",
                  r"(?:has|have|had) (?:recently )?(?:opened|launched|begun|started) (?:peace )?(?:talks|negotiations|a dialogue)",
                  r"(?:a|ont) (?:recemment )?(?:ouvert|engage|entame) (?:des )?(?:discussions|negociations|un dialogue)"),
    "recall": _rx(r"ago", r"il y a (?:\d+|un|une|deux|trois) (?:ans?|mois)", r"anniversar\w*", r"anniversaire", r"se souvient",
                  r"remembers?", r"recalls?", r"rappel\w*", r"memories", r"souvenirs?", r"avaient ete", r"avait ete", r"had been",
                  r"avaient investi", r"goes back (?:many |several |\d+ )?(?:years|decades)", r"dates back",
                  r"(?:recorded|seen|witnessed|occurred) in the past(?! (?:\w+ )?(?:week|weeks|month|months|days?|hours?|24|48|few))",
                  r"remonte a (?:plusieurs|de nombreuses|des) annees", r"cinq ans apres", r"trois ans (?:plus tard|apres)", r"years? later", r"a year after",
                  r"un an apres", r"still wait", r"remains the deadliest", r"reste l attaque",
                  # French pluperfect, the tense of background ("un convoi avait sauté sur une mine")
                  r"avai(?:t|ent) (?:deja |aussi |egalement |notamment |meme )?(?:fait|pris|tue|coute|saute|attaque|enleve"
                  r"|cible|vise|frappe|explose|incendie|tendu|perdu|pille|detruit|subi|essuye|endeuille|eu lieu)"),
    # An event the outlet says it told before ("signalée dans notre note précédente"): a
    # revised toll of a report already stored, not a new event.
    "reported": _rx(r"signale\w* dans (?:notre|nos|le|la|les) (?:\w+ )?(?:note|bulletin|edition|numero|point|rapport)s? precedente?s?",
                    r"(?:reported|covered|mentioned) in (?:our|the) (?:previous|last|earlier) (?:\w+ )?(?:note|bulletin|brief|issue|edition|update|report)",
                    r"deja (?:signale|rapporte|evoque)e?s? dans (?:notre|nos)"),
    "negated": _rx(r"no violence", r"aucune violence", r"pas d incident", r"rien a signaler", r"n a ete (?:signale|enregistre)e?", r"has been calm", r"had been calm",
                   r"calme (?:est revenu|regne)", r"no attack", r"aucune attaque", r"no incidents?"),
}
# Kinds whose cue words in the title or first sentence mark the whole article.
ARTICLE_KINDS = ("opinion", "analysis", "sport", "exercise", "denial", "statistics", "policy", "trial")


_SPORT_PLACE = re.compile(r"\b(?:stade|stadium)\b")
_PLAY = re.compile(r"\b(?:football|match|friendly|black stars|super eagles|etalons|eperviers|(?<!development )goals?|buts?|coach|entraineur|qualif\w*|midfield|kick off|supporters invaded)\b")
_MONTH_THIS_YEAR = re.compile(r"\b(?:january|february|march|april|may|june|july|august|september|october|november|december"
                              r"|janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre) "
                              r"(?:of )?(?:this year|cette annee)\b")
COMMEMORATION_WORDS = r"anniversar\w*|anniversaire|commemorat\w*|commemor\w*|in memory of|en memoire"
_COMMEMORATION = re.compile(rf"\b(?:{COMMEMORATION_WORDS})\b")


# A threat named as what an action forestalled, not as what is to come.
_AVERTED = re.compile(r"\b(?:to (?:prevent|foil|thwart|pre ?empt|avert|stop)|preventing|foiling|thwarting|fearing|for fear of|feared"
                      r"|pour (?:prevenir|dejouer|empecher|eviter)|craignant|de peur d|par crainte d)\b(?:\s+\S+){0,4}\s*$")


def non_event_cues(folded: str) -> set[str]:
    cues = {kind for kind, pattern in NON_EVENT.items() if pattern.search(folded)}
    if "sport" in cues:
        # A rally held in a stadium, or footballers kidnapped, is no sports report.
        if (T["protest"].search(folded) and _SPORT_PLACE.search(folded) and not _PLAY.search(folded)) \
                or T["abduction"].search(folded) or T["kill_verb"].search(folded) and not _PLAY.search(folded):
            cues.discard("sport")  # but "the Black Stars tore Togo apart, executing their neighbours in a friendly" is sport
    if "negated" in cues and (m := T["protest"].search(folded)) and re.search(
            r"\b(?:but |and )?(?:no|without) (?:\w+ )?(?:incidents?|violence)\b", folded[m.end():]) \
            and not NON_EVENT["negated"].search(folded[:m.start()]):
        cues.discard("negated")  # "marched, and no incidents were reported": a peaceful protest
    if "statistics" in cues and not NON_EVENT["statistics"].search(_MONTH_THIS_YEAR.sub(" ", folded)):
        cues.discard("statistics")  # "in late May this year" dates something, counts nothing
    if "future" in cues and all(_AVERTED.search(folded, max(0, m.start() - 40), m.start())
                                for m in NON_EVENT["future"].finditer(folded)):
        cues.discard("future")  # "conducted an air raid to prevent a planned attack": the raid happened
    if "recall" in cues and T["protest"].search(folded) and _COMMEMORATION.search(folded) \
            and not NON_EVENT["recall"].search(_COMMEMORATION.sub(" ", folded)):
        cues.discard("recall")  # a march on an anniversary is today's march
    return cues
