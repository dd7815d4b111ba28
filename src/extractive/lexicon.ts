/*
 * Small word lists the extractive engine reasons with. All lowercase. General English news usage,
 * not tuned to any one article.
 */

const set = (words: string): ReadonlySet<string> => new Set(words.trim().split(/\s+/));

/** Head words of titles and roles that precede or describe a person ("Prime Minister", "chief executive"). */
export const TITLE_HEADS = set(`
  president vice-president president-elect premier minister ministers chancellor secretary secretaries
  secretary-general governor mayor councillor councilor councilwoman councilman senator sen rep representative
  congressman congresswoman lawmaker legislator mp ambassador envoy negotiator diplomat consul
  king queen prince princess emperor empress pope sheikh sultan emir crown
  general gen admiral colonel col commander lieutenant lt sergeant sgt marshal captain capt major
  chief ceo cfo coo cto chairman chairwoman chair chairperson chairs director director-general directors
  commissioner commissioners judge judges justice prosecutor attorney lawyer counsel solicitor barrister
  professor prof dr doctor spokesperson spokesman spokeswoman forecaster analyst economist strategist
  manager coach captain striker midfielder defender goalkeeper forward winger batsman bowler pitcher
  leader leaders founder co-founder officer official head deputy executive executives president
  campaigner activist researcher scientist member members speaker treasurer auditor inspector
  superintendent rector dean principal bishop archbishop cardinal reverend rev father imam rabbi
  sir dame lord lady mr mrs ms miss mx chair vice-chair vice-chairman vice-chairwoman partner
  correspondent editor reporter columnist author
`);

/** Titles that are also ordinary words when capitalised mid-name; only trusted before a name. */
export const TITLE_ABBREVIATIONS = set('dr prof mr mrs ms sen rep gen col lt sgt capt gov rev st');

/** Roles of the press: people with these roles are skipped (bylines, photographers). */
export const PRESS_ROLES = set('reporter correspondent editor columnist photographer writer');

/** Words whose presence makes a capitalised chunk an organisation. */
export const ORG_WORDS = set(`
  ministry department council court commission agency bank association federation organisation
  organization institute university college academy party alliance committee corp corporation co inc
  ltd plc llc ag sa gmbh group fund authority administration survey guard foundation motors energy
  therapeutics semiconductor semiconductors mutual pharmaceuticals pharma airlines airways systems
  technologies technology electronics industries holdings partners capital securities insurance bureau
  office union league club fc athletic rovers wanderers assembly congress senate government cabinet
  police army navy forces treasury board tribunal exchange trust network press times news post herald
  journal television radio broadcasting society initiative movement front coalition secretariat reserve
  cross service services laboratories labs health hospital clinic nations regime chamber caucus
  federation confederation syndicate cooperative co-op commonwealth conference united
`);

/** Lowercase nouns that, right before a capitalised name, say it is an organisation ("insurer Skandra"). */
export const ORG_DESCRIPTORS = set(`
  company firm insurer carmaker automaker chipmaker maker bank lender group union party line agency
  station regulator retailer airline operator fund club team broadcaster newspaper network association
  federation council authority startup start-up developer supplier giant conglomerate producer
  manufacturer brand organisation organization charity watchdog outlet publisher platform utility
  insurers companies firms banks unions parties groups rival rivals subsidiary unit
`);

/** Lowercase nouns that, right after a capitalised name, say it is an organisation ("Chega party"). */
export const ORG_FOLLOWERS = set('party group union company corporation alliance bloc movement coalition');

/** Last words that make a capitalised chunk a place or facility. */
export const PLACE_WORDS = set(`
  palace stadium arena centre center square building hall tower port airport station harbour harbor
  sea ocean river lake bay gulf strait channel island islands peninsula mountains mountain mount mt
  valley desert province region county district state prefecture city town village street road avenue
  boulevard bridge park forest coast highway residence embassy campus plaza cathedral temple basin
  canal reef delta plateau
`);

/** Lowercase nouns that, right after a name, say it is a place ("Cagayan province"). */
export const PLACE_FOLLOWERS = set(
  'province region desert island islands county district state prefecture city town village area coast valley building headquarters campus compound airport base',
);

/** Lowercase nouns before "of": "the town of Varnavas", "residents of Marathon". */
export const PLACE_OF_HEADS = set(
  'town city village province region island state county district capital port outskirts suburb suburbs residents streets centre center heart north south east west',
);

/** Prepositions after which a capitalised name is usually a place. */
export const LOCATIVE = set(
  'in at to from near across toward towards outside inside into through around throughout within via off',
);

/** Last words of capitalised chunks that are documents, events or products, not actors. */
export const THING_WORDS = set(`
  declaration agreement treaty accord act law regulation statement plan strategy report protocol pact
  summit cup league games olympics award prize festival championship championships tournament series
  final finals award index model models rocket spacecraft mission program programme project war crisis
  first doctrine standard rule rules bill budget review rate rates
`);

/** News agencies: never an actor of the story (they appear in datelines and credits). */
export const AGENCIES = set(
  'ap afp reuters yonhap xinhua kyodo upi dpa efe ansa bernama anadolu tass pa aap cna ians pti',
);

/** Acronyms that are not organisations. */
export const NON_ORG_ACRONYMS = set(`
  ai ceo cfo coo cto gdp tv pm am usa us uk uae ok id it pr hq dc fa gdpr covid aids hiv lng ev evs
  suv suvs ipo q1 q2 q3 q4 h1 h2 nfl nba mlb vs km mph kph cm mm kg lb usd eur gbp jpy krw cny ad bc
  bst gmt utc est pst cet kst jst ii iii iv vi vii viii ix xi xii faq ceo's
`);

export const MONTHS = set(
  'january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec',
);
export const WEEKDAYS = set('monday tuesday wednesday thursday friday saturday sunday');

/** Connectors allowed inside a capitalised chunk. */
export const NAME_PARTICLES = set('de da do dos das van von der den la le del di du al el bin ibn y ter');

/** Words that end a lookback for a role phrase. */
export const ROLE_STOP = set(`
  the a an and or but with by said says told according to as that who which when while after before
  for from in on at of was were is are has have had will would his her its their our my your this
  these those also including led
`);

/** Speech and reporting verbs that mark an actor next to a name. */
export const SPEECH_VERBS = set(`
  said says told added announced reported warned confirmed denied stated noted argued insisted
  explained wrote tweeted posted estimated forecast expects expected welcomed criticised criticized
  disagreed urged called agreed signed pledged promised plans planned declined responded acknowledged
`);
