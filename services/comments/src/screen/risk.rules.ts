// The rules of the risk screen. A pattern is words in order within one sentence:
//   UPPER        a concept of lexicon.ts (DESIRE: want, wish, hope, wanna…)
//   a|b|C        any of these
//   x?           may be missing
//   ~N           up to N other words may come before the next one
//   !a|b         the next word must not be one of these (nothing is consumed)
// Fillers ("just", "really", "honestly"…) are skipped before matching. Weight 1 flags alone; weaker cues need
// another within a sentence. `negatable` (default: unless the pattern has NEG): a negation just before cancels it.
// `accidental`: an accident told in the sentence cancels it. `hyperbole`: "lol" in the sentence halves it.
// `mention`: about suicide in general (clinical, news), held under the policy but named as a mention.

/** The kinds of risk the screen names (`<category>/<rule>`). */
export type RiskCategory =
  | "passive_ideation"
  | "burdensomeness"
  | "hopelessness"
  | "active_ideation"
  | "plan"
  | "preparation"
  | "past_attempt"
  | "self_injury";

export interface RuleSpec {
  category: RiskCategory;
  name: string;
  weight: number;
  pattern: string;
  negatable?: boolean;
  accidental?: boolean;
  hyperbole?: boolean;
  mention?: boolean;
  policy?: boolean;
  /** Words that must not come just before the first one ("NUMBER": any number). */
  notAfter?: string;
}

const rule =
  (category: RiskCategory) =>
  (name: string, weight: number, pattern: string, options: Partial<RuleSpec> = {}): RuleSpec => ({
    category,
    name,
    weight,
    pattern,
    ...options,
  });

const passive = rule("passive_ideation");
const burden = rule("burdensomeness");
const hopeless = rule("hopelessness");
const active = rule("active_ideation");
const plan = rule("plan");
const preparation = rule("preparation");
const attempt = rule("past_attempt");
const injury = rule("self_injury");

// Words after "die" that make it a cause or a figure of speech: "die of embarrassment", "die laughing", "die at home".
const NOT_DEATH_WISH =
  "!of|from|laughing|laughter|for|peacefully|old|happy|at|in|with|before|without|when|like|on|a|an";
// Words after "end it" that make it ordinary: "end it with a question", "end it here", "end it early".
const NOT_ENDING_LIFE =
  "!with|here|there|now|by|on|early|up|at|off|the|this|when|properly|nicely|for|after|before|already";

export const RULES: RuleSpec[] = [
  // Words that are about suicide or self-harm whoever says them: held by policy; the writer's own when first person.
  active("suicide_word", 1, "suicide|suicidal|suicidality|suicides|sewerslide|unalive|unaliving|unalived", {
    policy: true,
  }),
  active("kms", 1, "kms", { notAfter: "NUMBER", policy: true }), // "kill myself" in chat, but not "5 kms" of walking
  active("self_harm_word", 1, "self ~1 harm|harming|harmed|injury|injuring|mutilation|injure", { policy: true }),
  active("self_harm_compound", 1, "selfharm|selfharming|selfharmed|selfinjury", { policy: true }),
  // "killed myself laughing", "killing myself trying to finish": a figure of speech.
  active("kill_self", 1, "KILL ~1 SELF !laughing|laughter|trying|working|studying", { policy: true }),
  active("kill_my_self", 1, "KILL my self", { policy: true }),
  active("kill_other_self", 1, "KILL ~1 OTHERSELF", { mention: true, policy: true }),
  active("end_my_life", 1, "END|TAKE my|own|their|his|her own? life|lives", { policy: true }),
  // "end myself", "ideas of ending myself": the act of killing oneself told with a word of ending.
  active("end_self", 1, "END SELF !up"),
  active("end_it_all", 1, "END it all", { notAfter: "the" }), // not "in the end it all worked out"
  active("thoughts_of_overdose", 1, "THINK|DESIRE|INTENT ~2 of|about|to? overdose"),
  active("want_to_end_it", 1, `DESIRE|INTENT|THINK|ready ~3 END it|things|everything ${NOT_ENDING_LIFE}`),
  active("desire_to_die", 1, `DESIRE ~2 to? die ${NOT_DEATH_WISH}`, { hyperbole: true }),
  active("desire_to_stop_living", 1, "DESIRE ~2 stop|quit|end ~1 living|existing|breathing|being|life"),
  active("urge_to_harm", 1, "urge|urges|urged ~2 to? KILL|die|END|cut|overdose|hurt|harm|burn"),
  active("thinking_about_dying", 1, "THINK ~2 about|of dying|death"),
  active("thoughts_not_being_here", 1, "THINK ~3 about|of? not being here|around|alive"),
  active("thoughts_of_dying", 1, "THINK ~2 of|about? KILL|dying|death ~1 SELF|myself|it"),
  active("thoughts_of_ending", 1, `THINK ~2 of|about? ending|END ~1 it|things|everything|my ${NOT_ENDING_LIFE}`),
  active("not_worth_living", 1, "life|living ~2 not|isnt|aint worth ~1 living|it"),
  active("feel_suicidal", 1, "feel|feeling|felt suicidal"),

  passive("wish_dead", 1, "DESIRE ~3 I|id? be|was|were|been|being dead", { hyperbole: true }),
  passive("better_off_dead", 1, "better|best off dead"),
  passive("wish_not_wake", 1, "DESIRE|go|fall|sleep ~5 NEG|never ~2 wake|waking|woke"),
  passive("death_welcomed", 1, "DEATH ~6 WELCOME with? that|it", { hyperbole: true }),
  passive("welcome_before_death", 0.75, "WELCOME ~4 people|those|anyone ~3 die|died|dying|dead"),
  passive("not_care_live_die", 1, "care|mind ~2 if|whether I? live|living ~2 or die|dead"),
  passive("never_wake", 0.75, "never|not|dont|didnt|wouldnt wake|waking up? ~2 again|tomorrow|morning|anymore|ever"),
  passive("sleep_forever", 1, "DESIRE ~4 sleep|asleep ~1 forever|permanently"),
  passive("wouldnt_mind_if", 1, "mind|care ~2 if|when ~3 died|die|dead|gone|disappeared|wake|woke|hit|killed"),
  passive(
    "not_want_alive",
    1,
    "NEG want|wanna|wish|care ~2 to? be|stay|keep|do? alive|exist|existing|living|breathing|life",
  ),
  passive(
    "want_to_be_gone",
    1,
    "DESIRE|waiting|wait ~3 to? be gone|dead !by|before|for|from|when|until|till|in|on|at|soon|tomorrow|already|with",
    {
      hyperbole: true,
    },
  ),
  passive("want_it_all_over", 1, "DESIRE ~2 it|everything|this|things|life ~1 all ~1 to? be? over|done|end|stop"),
  passive("want_everything_over", 1, "DESIRE ~2 everything|life ~1 to? be? over|done|end|stop"),
  passive("want_it_over", 0.5, "DESIRE ~2 it|this ~1 to? be? over|done"),
  passive("waiting_to_die", 1, "waiting|wait ~2 to|for die|death|dying"),
  passive("hope_crash", 1, "DESIRE|pray I !NEG ~2 get|am|be|gets ~3 crash|accident|hit|killed|run", {
    hyperbole: true,
  }),
  passive("last_time_eyes", 1, "last time ~3 close|closing|shut ~1 my eyes"),
  passive(
    "not_sad_if_taken",
    1,
    "NEG ~1 be? sad|upset|mind|care ~3 if|when ~6 took|takes|kill|killed|die|died|dead|gone",
  ),
  passive("hope_vehicle_crashes", 1, "DESIRE ~4 plane|car|bus|train|truck crashes|crash|hits|hit"),
  passive(
    "dying_relief",
    1,
    "dying|death|dead ~1 seems|feels|sounds|would ~4 relief|peace|peaceful|escape|release|blessing",
  ),
  passive("fine_if_never_woke", 1, "fine|ok|okay|happy|relieved|glad ~3 if I ~1 never|didnt ~1 woke|wake"),
  passive("fade_away", 1, "DESIRE I ~3 fade|slip|drift|float ~1 away|out"),
  passive("dont_want_be_here", 0.5, "NEG want|wanna ~1 to? be here"),
  passive("dont_want_keep_going", 0.75, "NEG want|wanna ~1 to? keep|go ~1 going|on|living"),
  passive("death_word", 0.25, "DEATH", { hyperbole: true }),
  passive("welcome_death", 1, "welcome|welcoming|embrace|embracing ~2 death|dying"),
  passive("stay_asleep", 1, "DESIRE ~7 stay|remain|keep ~1 asleep|sleeping|unconscious"),
  passive("tired_of_waking", 0.75, "tired|sick|hate|dread ~3 of? waking|wake ~1 up ~1 every|each ~1 morning|day"),
  passive(
    "not_want_live",
    1,
    "NEG want|wanna ~1 to? live !in|near|at|on|there|abroad|alone|together|with|next|close|like|somewhere|nearby|far",
  ),
  passive("not_want_here", 0.75, "NEG want|wanna ~1 to? be here|around ~2 anymore|longer"),
  passive("no_longer_alive", 1, "NEG longer want|wish ~2 live|alive|exist|here"),
  passive("tired_of_living", 1, "tired|sick|done|exhausted|weary ~3 living|alive|existing|existence|life"),
  passive("never_born", 1, "DESIRE ~4 never|not ~1 born|existed|exist"),
  passive("disappear_forever", 1, "DESIRE ~3 disappear|vanish|dissapear ~3 forever|permanently|never"),
  passive("want_disappear", 0.5, "DESIRE ~2 to? disappear|vanish|dissapear !into|for|from|to|under|off"),
  passive(
    "easier_if_gone",
    1,
    "easier|better|simpler ~5 if|when I|id ~2 wasnt|werent|was|were ~1 here|around|gone|dead|alive",
  ),
  passive("easier_if_died", 1, "easier|better|simpler ~5 if|when I|id ~2 died|disappeared|vanished"),
  passive(
    "something_kill_me",
    1,
    "DESIRE|pray ~5 god|car|truck|bus|train|someone|something|lightning|cancer|disease|illness|tumor|tumour ~2 takes|take|hits|hit|kills|kill|wins|win ~1 me|this|time?",
  ),
  passive("what_point_alive", 1, "point|reason ~3 being|staying|stay|keep|keeping|be ~1 alive|living|around|here"),
  passive("point_of_living", 0.75, "point|reason ~2 of|in? living|life|existing|going"),
  passive("done_with_life", 1, "done|finished|through ~2 with life|living|existing"),
  passive("stop_existing", 1, "stop|quit|cease existing|exist|living|breathing"),
  passive("rather_dead", 1, "rather ~2 be? die|dead", { hyperbole: true }),
  passive("rather_not_exist", 1, "rather ~2 not ~1 exist|live|wake|be"),

  burden("better_off_without_me", 1, "better|happier|easier|fine|relieved ~3 without me"),
  burden("if_i_were_gone", 0.5, "if|when I|id ~2 wasnt|werent|was|were ~1 here|around|gone|dead|alive"),
  burden("if_i_died", 0.5, "if|when I|id ~2 died|die|disappeared|vanished"),
  burden(
    "better_off_if_i",
    1,
    "better|happier|easier|relieved off? ~1 if|when I ~3 died|die|dead|gone|ended|killed|disappeared|passed",
  ),
  burden(
    "benefit_if_gone",
    1,
    "BENEFIT|save|saves|saving ~8 if|when I ~2 was|were|wasnt|werent ~1 gone|dead|here|around|alive",
  ),
  burden("benefit_if_died", 1, "BENEFIT|save|saves|saving ~8 if|when I ~2 died|die|disappeared|passed"),
  burden("i_am_a_burden", 0.75, "I|im|ive|being ~4 burden|burdens|drain|liability|nuisance"),
  burden("dead_weight", 0.75, "dead weight"),
  burden("easier_after_gone", 1, "if|when I ~2 was|were|wasnt|am ~1 gone|dead|around ~6 easier|better|happier|lighter"),
  burden("never_been_born", 1, "better|easier|happier ~4 if I|id ~2 never ~1 born|existed"),
  burden(
    "ruining_lives",
    0.75,
    "ruining|ruin|wrecking|burdening ~2 everyones|everyone|everybodys|their|familys|my ~1 lives|life",
  ),
  burden("by_being_alive", 0.5, "by being alive|here|around|born"),
  burden("kindest_disappear", 1, "kindest|best|right ~4 thing ~8 disappear|die|go|leave ~2 forever|good|permanently"),
  burden("weight_to_family", 0.5, "weight|burden|drain|waste ~2 to|on|for ~1 my|everyone|everybody|them|family|you"),
  burden("waste_of_space", 1, "waste ~1 of space|oxygen|air|life"),
  burden("better_off_insurance", 1, "better off ~6 insurance|payout"),
  burden("someone_not_me", 0.5, "isnt|not me"),
  burden(
    "better_for_them_if",
    1,
    "better|easier|happier ~4 for ~2 them|everyone|everybody|her|him|family|kids ~2 if|when I ~3 wasnt|werent|died|gone|dead|disappeared",
  ),
  burden("not_in_picture", 0.5, "if|when I ~2 wasnt|werent|was|were ~3 picture|existed|born"),
  burden("nobody_would_miss", 1, "nobody|noone ~3 miss|notice|care|cry ~3 if|when|me"),
  burden("no_one_would_miss", 1, "no one ~3 miss|notice|care|cry ~3 if|when|me"),
  burden("relieved_if_died", 1, "relieved|happier|free|fine ~4 if|when I ~2 died|die|dead|gone"),
  burden("world_better_without", 1, "OTHERS ~4 better|happier ~2 without me"),
  burden("deserve_better", 0.5, "deserve|deserves ~3 better|someone|mom|dad|wife|husband"),
  burden("fine_without_me", 0.75, "fine|ok|okay|good ~2 without me"),

  hopeless("nothing_to_live_for", 1, "nothing|nobody|noone ~2 left? to live for"),
  hopeless("no_reason_to_live", 1, "no|any reason ~2 to live|living|exist|stay|keep"),
  hopeless(
    "out_of_reasons",
    1,
    "out|lost|without|cant|left|find|none ~3 reason|reasons ~2 to ~2 live|living|keep|going|stay|exist|carry",
  ),
  hopeless(
    "no_future_self",
    1,
    "NEG see|imagine|picture ~1 myself|me ~4 here|alive|around|living ~3 year|years|month|christmas|birthday|long|longer",
  ),
  hopeless("no_point_going_on", 1, "no|whats|what|the|any point ~3 in|of? going|carrying|keep|keeping on|going"),
  hopeless("no_point_living", 1, "no|whats|what|the|any point ~3 in|of? living|life|trying|existing"),
  hopeless("no_point_anymore", 0.5, "no|whats|what|the|any point ~2 anymore|anything"),
  hopeless("cant_go_on", 0.5, "cant|cannot|couldnt go|keep|carry|do|take ~3 anymore|longer|like"),
  hopeless("no_future", 0.5, "no future|hope"),
  hopeless("no_way_out", 0.5, "no|any|another way out"),
  hopeless("see_no_future", 0.75, "NEG see ~3 future|point|hope|light|end|way"),
  hopeless("hopeless_word", 0.5, "hopeless|pointless|worthless|meaningless"),
  hopeless(
    "never_better",
    0.5,
    "never|not|nothing|wont ~4 get|getting|going|gonna ~3 better|change|stop|end|improve|easier",
  ),
  hopeless("give_up_on_life", 1, "give|giving|gave|given up ~2 on? life|living"),
  hopeless("given_up_on", 0.5, "give|giving|gave|given up on ~3 ever|feeling|getting|myself|hope|everything|future"),
  hopeless("give_up_fighting", 0.5, "give|giving|gave up ~2 fighting|trying|everything"),
  hopeless("way_out_dying", 1, "way|escape ~5 dying|die|death|dead|suicide", { negatable: false }),
  hopeless("not_here_long", 1, "NEG going|gonna|be ~3 here|around ~2 longer|long"),
  hopeless("why_stay_alive", 1, "why|what ~3 bother|point ~4 alive|living|staying|existing"),
  hopeless("no_light_tunnel", 0.75, "no light ~5 tunnel"),
  hopeless("never_will_be", 0.5, "never|wont ~2 will|ever ~1 be|change|get"),
  hopeless("im_done", 0.5, "im|am done|finished !with"),
  hopeless("beyond_help", 0.75, "beyond help|saving|repair"),
  hopeless("end_of_rope", 0.5, "end of my rope|tether"),
  hopeless("no_way_better", 0.5, "no way ~4 better|change|improve|getting"),
  hopeless("never_stop", 0.5, "it|this|pain|suffering|hurting ~2 never|wont|not ~1 stop|end|change|improve|going"),
  hopeless("life_is_over", 0.75, "life ~1 is|s over"),
  hopeless("nothing_look_forward", 0.5, "nothing ~3 look|looking forward"),
  hopeless("tired_of_fighting", 0.5, "tired|sick|exhausted ~2 of? fighting|trying|everything|struggling"),

  plan("how_to_do_it", 0.5, "how|way|ways|method|methods|when|where ~4 do|doing it"),
  plan(
    "figured_out_how",
    0.75,
    "figured|worked|planned|decided ~3 out? ~2 how|when|where|way|details ~4 do|doing|end|kill|it|be",
  ),
  plan(
    "date_set",
    0.5,
    "it|itll|will ~2 be|happen ~2 tonight|tomorrow|friday|saturday|sunday|monday|tuesday|wednesday|thursday|weekend|night|birthday|anniversary",
  ),
  plan(
    "method_ready",
    0.5,
    "METHOD ~3 ready|set|prepared|lined ~3 tonight|tomorrow|weekend|friday|saturday|sunday|monday|tuesday|wednesday|thursday|night",
  ),
  plan(
    "picked_place",
    1,
    "picked|chosen|chose|decided ~2 the|a|which|my? bridge|building|cliff|overpass|method !route|path|trail|walk|run|view|club|game|loan|job|design|party|for",
  ),
  plan("bleed_out", 1, "bleed|bleeding|bled out"),
  plan("all_method_time", 1, "whole|all|entire|every|rest ~3 METHOD ~6 TIME", { accidental: true }),
  plan("how_many_it_takes", 1, "how many|much ~4 METHOD ~3 it|would ~1 takes|take"),
  plan("planned_courage", 1, "planned|arranged|decided|ready|prepared ~6 courage|nerve|guts"),
  plan("all_planned", 0.75, "all|everything|everythings|it ~2 planned|arranged|sorted|prepared"),
  plan("the_day_is", 0.5, "TIME is ~1 the day|night|date"),
  plan("go_through_with_it", 1, "go|going|went through with it"),
  plan(
    "high_enough",
    1,
    "quarry|bridge|building|cliff|roof|drop|fall|balcony|floor|overpass ~6 high|tall|deep|far ~1 enough",
  ),
  plan("do_it_on_occasion", 0.75, "do it ~4 anniversary|birthday|christmas"),
  plan("chosen_how", 1, "chosen|chose|picked|decided|planned ~3 how|when|where ~4 going|gonna|to|id|ill|im ~3 do it"),
  plan("not_telling", 0.5, "not|wont|never telling|tell ~1 anyone|anybody"),
  plan("know_when_train", 0.75, "know ~3 when|where the? train|express|bus ~2 comes|passes|goes|through"),
  plan("garage_to_myself", 0.75, "garage|car|house|place|room|apartment|flat ~1 to myself"),
  plan("how_many_pills", 1, "how many|much ~3 my? METHOD ~6 kill|die|wake|death|end"),
  plan("how_much_of_mine_lethal", 1, "how many|much ~2 my ~4 lethal|fatal|deadly|kill|overdose"),
  plan("how_much_lethal", 0.5, "how many|much ~6 lethal|fatal|deadly"),
  plan("decided_on_date", 0.75, "decided|picked|chosen|chose|set ~2 on? the|a date|day|time|night"),
  plan("know_where_how", 0.5, "know|decided|figured|planned ~2 exactly? where|how|when ~3 id|i|to ~2 go|do|it"),
  plan(
    "kids_not_home",
    0.5,
    "so|when|while ~2 the|my? kids|children|family|nobody|noone ~2 arent|wont|not|isnt ~1 home|there|around",
  ),
  plan(
    "which_bridge",
    1,
    "which|what bridge|building|roof|cliff|train|overdose|pills|method ~4 jump|use|take|do|painless|quickest|lethal",
  ),
  plan(
    "jump_from",
    1,
    "jump|jumping|leap|leaping ~2 off|from|in ~3 bridge|building|roof|cliff|balcony|train|tracks|car|bus|window",
    { hyperbole: true },
  ),
  plan(
    "take_all_pills",
    1,
    "DESIRE|INTENT|THINK|easy|plan ~5 take|taking|swallow|swallowing|overdose ~3 all|whole|entire|every|enough ~3 METHOD",
  ),
  plan("take_all_at_once", 0.5, "take|taking|swallow|swallowing ~2 all|whole|entire ~3 METHOD ~3 once|together|night"),
  plan(
    "painless_way",
    1,
    "painless|quickest|easiest|fastest|quick|surest|peaceful ~3 way|ways|method|overdose|death|die|dose|suicide",
  ),
  plan("overdose_painless", 1, "overdose|method|way|death|dose ~3 painless|quickest|easiest|fastest|lethal|peaceful"),
  plan("look_like_accident", 0.75, "look|looks|seem|seems ~2 like an? accident"),
  plan(
    "drive_into",
    0.5,
    "drive|driving|crash|crashing|steer|swerve ~3 into|off ~3 tree|wall|bridge|traffic|truck|river|cliff|lake",
  ),
  plan("hang_self", 1, "hang|hanging|hanged ~1 SELF"),
  plan("do_it_with_method", 0.5, "do|end it ~4 with|using ~2 METHOD"),
  plan("who_finds_me", 0.5, "whoever|who|someone ~2 finds|find|found me|my", { negatable: false }),
  plan("pick_a_day", 0.5, "pick|picked|choose|chosen|set ~2 a|the day|date|time|night"),
  plan("the_plan_is", 0.5, "the|my plan ~1 is to"),
  plan("when_everyone_away", 0.5, "when|while ~2 everyone|everybody|nobody|noone ~2 away|out|gone|asleep"),

  preparation(
    "when_they_find_me",
    1,
    "when|after|before|so|until ~3 they|someone|somebody|whoever|people|you|anyone ~1 find|finds|found me",
    { negatable: false },
  ),
  preparation("if_anything_happens", 0.75, "if|when anything|something happens ~1 to me"),
  preparation(
    "can_have_my",
    0.5,
    "can|could|should|will|gets|get ~1 have|take|keep? my cat|dog|pet|things|stuff|belongings|possessions",
  ),
  preparation(
    "who_gets_my",
    0.5,
    "who|whom gets|get|will ~2 my things|stuff|belongings|possessions|cat|dog|money|house",
  ),
  preparation("nobody_deal_later", 0.75, "nobody|noone|dont ~3 deal|handle|clean ~3 later|after|afterwards|it"),
  preparation(
    "settling_affairs",
    0.5,
    "paying|paid|cancelling|cancelled|closing|closed|sorting ~3 debts|subscriptions|accounts|affairs|bills",
  ),
  preparation("beneficiary", 0.5, "beneficiary|beneficiaries"),
  preparation("policy_pays_out", 0.5, "pays|pay|paid ~1 out ~3 after|if|when|years"),
  preparation(
    "saving_not_taking",
    1,
    "saving|hoarding|keeping|stashing|collecting ~8 not|instead|without ~2 taking|swallowing",
  ),
  preparation("train_times", 0.5, "train|trains|express ~2 times|timetable|schedule"),
  preparation("hose_and_tape", 0.5, "hose|tape|charcoal|exhaust ~4 hose|tape|charcoal|garage|car"),
  preparation("lined_up_pills", 0.5, "METHOD|them ~2 lined|laid|counted ~2 up|out"),
  preparation("took_out_pills", 0.5, "took|take|got|poured ~2 out ~2 the|all|my? METHOD"),
  preparation("prep_act_thing", 0.5, "PREP_ACT ~4 PREP_THING", { accidental: true }),
  preparation("not_around", 0.5, "when|after|once|if im|i ~1 not|no ~1 around|here|longer"),
  preparation("before_i_go", 0.5, "before I|im ~1 go|leave|die"),
  preparation("time_comes", 0.5, "when|for when the time comes|is right"),
  preparation(
    "so_they_wont",
    0.5,
    "so|then they|nobody|noone|no one|family|kids|wife|husband ~2 wont|will|has|have|dont ~2 have|need ~1 to? deal|worry|sort|clean|handle",
  ),
  preparation("wont_need_anymore", 0.5, "wont|not|never|dont ~1 need ~3 them|it|this|those|anything ~1 anymore|after"),
  preparation("affairs_in_order", 0.5, "affairs|things|everything ~1 in order"),
  preparation("after_im_gone", 0.75, "after|when im|i ~1 gone|dead"),
  preparation("wont_need_after", 0.5, "wont|not|never|dont ~1 need ~6 after|anymore|again"),
  preparation("passwords", 0.5, "passwords|password|accounts|pins ~3 for|to my"),
  preparation("stockpiling", 0.75, "STOCKPILE ~3 METHOD", { accidental: true }),
  preparation("enough_saved", 0.5, "enough ~2 saved|stored|collected|left|hidden|stashed|now"),
  preparation(
    "note_for_family",
    0.75,
    "wrote|written|write|writing|left|leaving|leave ~2 a|my note|letter|letters ~3 for|to ~2 my|him|her|them|everyone",
  ),
  preparation("find_it_after", 0.5, "find|read ~2 it|them|this|me ~1 after|afterwards|when"),
  preparation("remember_me_by", 0.75, "remember ~1 me by|after"),
  preparation(
    "giving_things_away",
    0.75,
    "gave|giving|give|given ~2 my stuff|things|belongings|possessions|everything ~2 away",
  ),
  preparation("enough_to_finish", 1, "enough ~4 to? finish|end|do|kill ~1 it|me|myself|SELF"),
  preparation("goodbye_note", 1, "goodbye|farewell|suicide|last ~1 note|notes|letter|letters|message|messages"),
  preparation("wrote_letters", 0.5, "wrote|written|writing|write ~3 letters|letter|notes ~2 to|for my"),
  preparation("without_them_knowing", 0.5, "without ~1 them|anyone|anybody|her|him|family ~1 knowing|noticing|knows"),
  preparation(
    "said_goodbyes",
    0.5,
    "said|saying|say ~1 my? goodbyes|goodbye ~3 everyone|everybody|all|family|friends|without",
  ),
  preparation(
    "gave_away_things",
    0.75,
    "gave|giving|give|given ~2 away ~3 my? stuff|things|belongings|possessions|everything|dog|cat|pets|pet",
  ),
  preparation("gave_pet", 0.5, "gave|giving|given my? dog|cat|pet ~2 to"),
  preparation("no_need_where_going", 1, "need|needing ~5 where|were im|i ~1 going|headed", { negatable: false }),
  preparation(
    "bought_method",
    0.75,
    "bought|buy|buying|got|ordered|purchased ~3 rope|gun|noose|razor|blades|pistol|rifle|bullets",
  ),
  preparation(
    "gun_to_head",
    1,
    "hold|holding|held|put|putting|pointed|pointing ~3 gun|it|barrel ~2 to|against my head",
  ),
  preparation("pills_in_hand", 0.5, "METHOD ~3 in my hand|hands"),
  preparation("put_them_back", 0.5, "put|poured ~1 them|it back"),
  preparation("ready_to_go", 0.25, "im|am ready"),
  preparation("updated_will", 0.5, "updated|wrote|written|made ~2 my will"),
  preparation("full_bottle", 0.5, "full|whole|entire bottle|stash|supply"),

  attempt("tried_overdose", 1, "tried|attempted|try|trying ~2 to overdose|od|hang|drown|die"),
  attempt(
    "tried_to_die",
    1,
    "tried|attempted|try|attempt|trying ~2 to? KILL|END|TAKE|overdose|die|hang|drown ~2 SELF|my|it|life|things",
  ),
  attempt("attempt_word", 1, "overdose|suicide|od ~1 attempt|attempts"),
  attempt("i_attempted", 0.75, "I attempted"),
  attempt("last_attempt", 1, "my last|first|previous|second|third|latest attempt !at"),
  attempt("tried_once_before", 1, "tried|attempted ~2 once|twice|before ~4 METHOD|found|hospital|er|icu"),
  attempt("attempted_before", 0.75, "attempted|attempt ~3 before|again|twice|once|ago|last"),
  attempt("try_again", 0.5, "afraid|scared|worried|might|will|ill|could ~3 try|do it ~1 again"),
  attempt("survived_attempt", 1, "survived|survivor ~3 attempt|attempts|overdose|suicide"),
  attempt(
    "on_purpose",
    1,
    "METHOD|took|take|swallowed|overdose|HARM|cut|burned|scratching|scratched|scratch ~6 purpose|intentionally|deliberately|purposely",
    { accidental: true },
  ),
  attempt("purpose_first", 1, "purposely|deliberately|intentionally ~3 took|overdose|HARM|swallowed|cut|burned", {
    accidental: true,
  }),
  attempt("woke_up_in_hospital", 0.5, "woke|waking|wake|ended ~2 up in|at the? icu|hospital|er|ward|psych|ambulance"),
  attempt(
    "swallowed_everything",
    0.75,
    "swallowed|took|downed ~3 everything|all|whole|entire ~4 cabinet|bottle|pills|pack|packet|meds",
  ),
  attempt("pumped_stomach", 1, "stomach|stomachs ~1 pumped"),

  injury(
    "harm_self",
    1,
    "HARM ~2 SELF !a|an|some|slack|short|off|out|free|loose|down|half|shaving|while|cooking|by|accidentally|on|back|up",
    { accidental: true },
  ),
  injury("harm_my_self", 1, "HARM my self", { accidental: true }),
  injury(
    "harm_other_self",
    1,
    "HARM ~2 OTHERSELF !a|an|some|slack|short|off|out|free|loose|down|half|shaving|while|cooking|by|accidentally|on|back|up",
    {
      mention: true,
      accidental: true,
    },
  ),
  injury("cutting_again", 1, "cutting|burning|harming|hurting|scratching|carving again|relapsed", { accidental: true }),
  injury("relapsed", 1, "relapsed|relapse ~3 cutting|self|harm|harming|sh|burning"),
  injury(
    "cut_body",
    1,
    "cut|cutting|carved|carving|slit|slitting|slash|slashing|slice|slicing|sliced|burn|burning|burned ~2 into? my BODY",
    { accidental: true },
  ),
  injury(
    "until_bleeds",
    1,
    "HARM|pick|picking|bang|banging|head|skin ~6 until|till|til ~2 bleeds|bleed|bled|bruise|bruises|bleeding|bruised",
    { accidental: true },
  ),
  injury("urge_to_cut", 1, "urge|urges|need|needed ~3 to? cut|cutting|burn|harm|hurt|bleed"),
  injury("thoughts_of_hurting", 1, "THINK ~3 of|about? hurting|harming|cutting|burning|injuring ~2 SELF|me|myself"),
  injury("starve_self", 0.5, "starve|starving|starved ~1 SELF"),
  injury("cuts_on_body", 0.5, "cuts|cutting|scars|burns|wounds|marks ~3 my? BODY"),
  injury("deeper", 0.5, "deeper|fresh|new ~1 cuts|cut|scars|wounds"),
  injury("getting_deeper", 0.5, "getting|got ~1 deeper|worse ~1 cuts?"),
  injury("as_punishment", 0.5, "punishment|punish|punishing"),
  injury("hurt_self_if", 1, "going|gonna ~2 hurt|harm|cut ~1 SELF|myself"),
];
