// The concepts the risk screen reads, as sets of words. Rules (risk.rules.ts) are written with these names, so one
// rule covers every way of saying it ("DESIRE ~2 die": want to die, wanna die, wish I could die, hoping to die…).
// Words are written plainly here; the screen compares their skeletons (see normalise.ts), so spelling in other
// scripts, fullwidth or with accents makes no difference. Apostrophes are dropped: "don't" is "dont".

const words = (list: string) => list.trim().split(/\s+/);

export const CONCEPTS: Record<string, string[]> = {
  /** The writer. */
  I: words("i im ive id me my mine myself meself"),
  /** The writer as the object of their own act. */
  SELF: words("myself meself myslef mysef mself"),
  /** Someone else as the object of their own act: a third-person mention, held by policy. */
  OTHERSELF: words("himself herself themselves themself yourself yourselves ourselves urself"),
  /** Someone else as the subject. */
  THIRD: words(`he she they hes shes theyre theyd hed shed his her him them their brother sister son daughter mom mum
    mother dad father friend friends patient patients uncle aunt cousin husband wife partner kid kids child children
    teen teens teenager boyfriend girlfriend grandma grandpa grandmother grandfather people someone somebody student
    students client clients nephew niece neighbor neighbour coworker colleague classmate`),
  NEG: words(`not no never dont didnt doesnt cant cannot couldnt wont wouldnt isnt wasnt arent aint havent hasnt hadnt
    shouldnt nothing nobody none neither nor hardly nope zero without denied denies deny`),
  /** Acts of getting ready, and what they are done with (preparation rules pair them). */
  PREP_ACT: words(`giving gave give given wrote written writing write bought buying saved saving stockpiled collected
    hoarded hid hidden researched researching sorted sorting arranged arranging updated updating drafted deleted
    deleting cancelled canceled returned paid finished finishing organised organized`),
  PREP_THING:
    words(`letters letter notes note will goodbye goodbyes belongings possessions things stuff pets pet dog cat
    rope pills passwords password accounts insurance debts photos instructions funeral`),
  /** Words that end the reach of a negation or of a subject. */
  CONTRAST: words("but though although however yet except"),
  DESIRE: words(`want wants wanted wanting wanna wish wishes wished wishing hope hopes hoped hoping pray prayed praying
    rather longing long yearn yearning crave craving tempted urge urges ready prefer need`),
  THINK: words(`think thinks thinking thought thoughts considering consider considered contemplating contemplate
    contemplated fantasize fantasise fantasizing fantasising fantasies obsessing obsess obsessed imagining imagine
    dreaming dream dreams ideas idea ideation planning urges`),
  INTENT: words("gonna going plan planning planned decided deciding intend intending will gotta ready about"),
  DIE: words("die dying dead death died dies"),
  KILL: words("kill kil kll killing kiling kills killed off offing unalive unaliving unalived"),
  END: words("end ending ended finish finishing"),
  TAKE: words("take taking took"),
  HARM: words(`hurt hurting hurts harm harming harmed cut cutting cuts burn burning burned burnt hit hitting punch
    punching punched scratch scratching scratched carve carving carved bang banging banged slash slashing slap
    slapping bite biting stab stabbing injure injuring injured mutilate mutilating hang hanging hanged choke choking
    drown drowning poison poisoning shoot shooting starve starving starved slice slicing sliced scald scalded scalding
    scalds bruise bruised bruising blister blistered jab jabbed jabbing pinch pinched pinching scrub scrubbed
    scrubbing whack whacked smash smashed headbang headbanging`),
  BODY: words(`arm arms forearm forearms wrist wrists thigh thighs leg legs skin stomach head face chest hips hip ankles
    knuckles hand hands fingers jaw knees knee neck`),
  LIFE_WORDS: words("life lives"),
  ALIVE: words("alive live living exist existing existence breathing here around anymore"),
  FINAL: words("anymore forever permanently longer again good"),
  METHOD: words(`pills pill tablets tablet meds medication medications medicine insulin oxy oxys oxycodone opioids
    opiates painkillers sleeping tylenol paracetamol acetaminophen ibuprofen antidepressants benzos xanax valium ambien
    lithium morphine fentanyl heroin codeine tramadol sedatives benzodiazepines sleeping bottle rope noose belt cord
    ligature gun guns pistol rifle shotgun firearm bullet bullets razor razors blade blades knife bridge roof cliff
    ledge overpass railway train tracks river overdose od odd lethal`),
  STOCKPILE: words(`stockpiling stockpile stockpiled saving saved save collecting collected collect hoarding hoarded
    hoard stashing stashed stash gathering gathered hiding hid hidden keeping kept skipping`),
  /** When: a day, a night, an occasion. */
  TIME: words(`tonight tomorrow friday saturday sunday monday tuesday wednesday thursday weekend anniversary birthday
    christmas`),
  /** Someone finding the writer afterwards, or something happening to them. */
  AFTERWARDS: words("later afterwards after gone dead"),
  /** Words of dying, for the co-occurrence rules. */
  DEATH: words("die died dying dead death suicide kill killed"),
  /** Welcoming an end: "I'd be ok with that", "I envy people who…". */
  WELCOME: words("ok okay fine peace relief relieved envy envious jealous welcome glad grateful"),
  /** Who would be better off: the writer's people. */
  OTHERS: words(`family everyone everybody world they them kids children wife husband parents mom mum dad friends
    people partner son daughter sister brother`),
  BENEFIT: words("better easier happier relieved kinder fine lighter cheaper simpler free"),
  GONE: words("gone dead died dying disappeared vanished away"),
  /** Words that change nothing in a rule, skipped when matching: "I just really want to die". */
  FILLER: words(`just really honestly literally seriously simply kinda sorta actually truly genuinely even still
    sometimes often always definitely probably maybe totally lowkey highkey legit fr tbh ngl quite very`),
  ACCIDENT: words("accidentally accident accidental mistake mistakenly shaving cooking slipped unintentionally"),
  HYPERBOLE: words("lol lmao lmfao haha hahaha rofl jk kidding joking"),

  // Concepts only the learned model reads (features.ts): words that play one part in a statement of risk, so that
  // a sentence worded as no training sentence was still shares its features ("bought a hose", "got the tape":
  // ACQUIRE MEANS).
  BURDEN: words(`burden burdens burdensome drain liability nuisance parasite weight useless worthless waste problem
    trouble favour favor pointless failure disappointment`),
  FREED: words("better happier easier relieved relief free freed lighter simpler fine peace peaceful rest"),
  SLEEP: words("sleep asleep sleeping slept wake waking woke awake wakes bed night nights"),
  FOREVER: words("forever permanently permanent good never again eternally ever"),
  OVER: words("over done finished end ending ended stop stopped stops gone"),
  PLACE: words(`bridge cliff cliffs roof rooftop ledge edge tracks track platform railway overpass motorway highway
    building balcony tower quarry river sea lake water multistorey carpark garage woods forest beam window top floor
    pillar`),
  MEANS: words(`pills pill tablets tablet meds medication painkillers sleeping insulin morphine patches jar box bottle
    boxes packets noose knot rope hose exhaust charcoal tape bag blade blades razor razors knife gun shotgun rifle
    bullets belt cord ligature poison bleach vodka whiskey alcohol car gabapentin prescriptions hob match lighter
    compass`),
  ACQUIRE: words(`bought buying buy got getting ordered order picked collected collecting saving saved save hoarding
    hoarded stockpiling stockpiled hiding hidden hid keeping kept stash stashed stashing aside counted counting
    loaded tested practising practicing prepared preparing`),
  FAREWELL: words(`goodbye goodbyes farewell note notes letter letters will funeral affairs passwords instructions
    rehomed rehome belongings possessions beneficiary arrangements loose ends drafts video guardianship nomination
    pension keys sorted tidied gave giving`),
  ATTEMPT: words(`attempt attempted attempts tried try trying survived survive woke icu hospital ambulance ward psych
    overdose overdosed found failed worked stomach pumped swallowed interrupted halfway rescued revived resuscitated
    paramedics hdu resus intubated`),
  PLAN: words(`plan plans planned planning decided decide date day chosen chose picked pick worked figured set settled
    timing when where how method way ways`),
  PURPOSE: words(`purpose deliberately intentionally intended punish punishment punishing deserve deserved numb feel
    real release calm control`),
  NO_FUTURE: words(`hopeless hope future point reason reasons nothing nobody anymore longer left lost trapped stuck
    meaning meaningless empty`),
  WORLD: words("world earth everyone everybody anyone nobody people"),
};

/** Common misspellings and chat forms, read as the word they stand for. */
export const VARIANTS: Record<string, string> = {
  kil: "kill",
  kll: "kill",
  killin: "killing",
  myslef: "myself",
  mysef: "myself",
  mself: "myself",
  meself: "myself",
  urself: "yourself",
  suicde: "suicide",
  sucide: "suicide",
  suiside: "suicide",
  suicied: "suicide",
  suicidial: "suicidal",
  sucidal: "suicidal",
  suicdal: "suicidal",
  suisidal: "suicidal",
  dieing: "dying",
  ded: "dead",
  wnat: "want",
  wan: "want",
  wanna: "wanna",
  gonna: "gonna",
  tryna: "trying",
  anymor: "anymore",
  nomore: "anymore",
  noone: "nobody",
  cuz: "because",
  bc: "because",
  u: "you",
  ur: "your",
  wont: "wont",
  aint: "aint",
  imma: "gonna",
  dont: "dont",
  didnt: "didnt",
  cant: "cant",
  alive: "alive",
  unalive: "unalive",
  overdosing: "overdose",
  overdosed: "overdose",
  overdoses: "overdose",
  oded: "overdose",
  od: "overdose",
};
