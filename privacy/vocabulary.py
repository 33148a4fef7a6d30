"""Word lists the anonymiser consults: everyday words, clinical words, and words that are names.

``EVERYDAY`` lets the name model skip text it has no reason to look at (speed), so it must never
hold a word that is also a given name or surname; such words belong in ``NAME_WORDS`` instead,
where only context (a rule or the model) decides.
"""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).parent


def _words(block: str) -> frozenset[str]:
    return frozenset(block.split())


def _word_file(name: str) -> frozenset[str]:
    # Generated lists (see tools/privacy/build_word_lists.py): one word a line, "#" comments.
    lines = (_HERE / name).read_text(encoding="utf-8").splitlines()
    return frozenset(w for w in (line.strip() for line in lines) if w and not w.startswith("#"))


# Words that are both ordinary English and given names: kept unless context says "name".
NAME_WORDS_BY_HAND = _words(
    """
    will may hope grace mark bill sue rose frank joy faith dawn summer april june august jack
    pat rob ray don art pearl ruby amber holly ivy lily daisy heather iris violet jasmine crystal
    angel precious blessing patience prudence charity mercy honour honor sky rain storm river
    brook forest chase hunter mason cliff dale glen heath wade miles lance chip buck drew gene
    guy jean rich rusty sandy sunny penny ginger candy cherry destiny harmony melody star victory
    king prince duke earl major sterling carol noel christian eve nick bob mike sal ed ted tom
    rue sage autumn robin wren jay dove fern hazel olive poppy basil barry jimmy ben harry
    paris sydney florence virginia georgia carolina
    """
)
# Frequent words that are also names in the broad name lists ("said", "young", "white").
NAME_WORDS = NAME_WORDS_BY_HAND | _word_file("word_names.txt")

# Clinical and ward words that look like identifiers or names and must survive.
CLINICAL = _words(
    """
    prn im iv po od bd tds qds stat mg ml mcg kg dob nok im-injection rt depot lorazepam haloperidol
    promethazine olanzapine clozapine risperidone quetiapine aripiprazole diazepam clonazepam
    midazolam zuclopenthixol acuphase lithium sertraline fluoxetine citalopram mirtazapine
    paracetamol ibuprofen section s136 s2 s3 s5 s5(2) s5(4) mha dols cpa cpn cto hca rmn rgn
    pbs pici seclusion restraint restrained prone supine supine-restraint tranquillisation
    tranq rapid obs observations obs-level level ward round handover debrief debriefed
    bed room bay seclusion-room de-escalation deescalation safewards nice cqc gp a&e ae ed
    ot slt picu hdu itu ect cbt dbt mdt amhp rc ac
    """
)
# Ward shorthand and textspeak: never a name or a place, however unfamiliar they look.
CLINICAL = CLINICAL | _words(
    """
    pt pts nic crht hcas rmns rgns cpns gcs news news2 bp sats resus ecg ekg bloods obs tpr
    pbs ooh nfa npo nbm abx ivs bmi cns dna ctos slam rtt rt rts datix ims ppe ecgs
    lol lmao omg tbh idk imo btw ffs smh rn asap bday tmrw tmw 2moro cuz coz pls plz thx
    ngl fr irl bc b4 gr8 wtf lols haha hahaha
    icu ccu mau amu sau cdu opd eau nicu scbu pacu hasu ciu
    """
)

# Common English and ward words that are never names (NAME_WORDS are subtracted below).
EVERYDAY = _words(
    """
    a about above across after afterwards again against ago all almost alone along already also
    although always am among an and angry another any anyone anything anyway are aren't around
    as ask asked asking at away awful back bad badly be because become been before began
    behind being believe below best better between big bit blood body both bottom break breathe
    breathing bring brought but by call came can can't cannot care cared careful carried
    carry cause chair change changed chest choice clear close closed cold come comes coming
    could couldn't cried cry crying day days dead did didn't different do does doesn't doing
    don't done door down during each early easy eat either else end ended enough even evening
    ever every everyone everything exactly explain explained eyes face fair fall fast fear
    feel feeling feelings feels fell felt few fight find fine first floor for forced forget
    forward found free friend from front full gave get gets getting give given go goes going
    gone good got great ground grabbed had hadn't half hand hands happen happened happening
    happens happy hard has hasn't hate have haven't having he he'd he's head hear heard held
    help helped helpful helping her here hers herself him himself his hit hold holding home
    horrible hour hours how hurt hurting i i'd i'll i'm i've if in inside instead into is
    isn't it it's its itself just keep kept kind knew know knowing known last late later
    leave left leg legs less let let's life like listen listened little long look looked
    looking lost lot lots loud made make makes making man many me mean meant men might mind
    minute minutes moment more morning most much must my myself need needed needs never new
    next nice night no nobody none nor not nothing now of off often oh ok okay old on once
    one only onto open or other others our out outside over own pain part people person
    place please point pulled push pushed put quiet quite rather really reason remember right
    room said same sat saw say saying says scared see seemed seen sent shake shaking she
    she'd she's should shouldn't shout shouted shouting side since sit sitting sleep slept
    small so some someone something sometimes soon sorry speak spoke staff stand started
    stay stayed still stop stopped such sure take taken talk talked talking tell telling
    than thank thanks that that's the their them themselves then there there's these they
    they'd they're thing things think thinking this those though thought three through time
    times to today together told too took top tried try trying turn turned two under
    understand understood until up upset us use used very wait waited waiting walk walked
    want wanted wants was wasn't watch watched way we we're went were weren't what what's
    when where whether which while who whole why wish with without woke woman women won't
    word words work worked worried worse would wouldn't wrong yeah year years yes yet you
    you're your yourself
    afraid alarm anxious arm arms ashamed calm calmer calmed doctor doctors nurse nurses
    team patient patients ward wards unit injection injected medication medicine meds tablet
    tablets dose office corridor lounge toilet bathroom shower bedroom window windows lock
    locked safe safety unsafe threat threatened frightened terrified upsetting distressed
    distress panic panicked voices voice upset agitated angrier shame humiliated embarrassed
    respected listened ignored alone lonely sad tired exhausted sore bruise bruised bruises
    wrist wrists shoulder shoulders neck back knee knees floor mattress blanket pillow
    incident incidents alarm restraint hold holds held holding pinned pinning struggled
    struggle kicked kicking punched punching spat screaming screamed yelled apologised
    apologise apology better worse next time should could would plan plans future
    trigger triggered triggers warning signs sign calmer space quieter music noise noisy
    visit visited visitor visitors family mother father mum dad brother sister son daughter
    wife husband partner friend friends cousin uncle aunt nan gran grandma grandad child
    children baby kids boyfriend girlfriend carer social worker consultant psychiatrist
    psychologist advocate chaplain manager police officer officers ambulance hospital
    phone called named name number numbers address live lives living lived street road
    born birthday age aged old young week weeks month months weekend tonight yesterday
    tomorrow monday tuesday wednesday thursday friday saturday sunday breakfast lunch dinner
    tea food drink water coffee cigarette smoke smoking garden outside leave escorted
    escort ward-round meeting meetings review reviewed care plan discharge discharged
    admitted admission sectioned detained tribunal rights appeal leaflet information
    explained explanation respect dignity trust trusted fault blame blamed sorry forgive
    different kinder kindly gently gentle rough roughly quickly slowly before after during
    because although however maybe perhaps probably really actually honestly literally
    """
)

# More everyday words, general speech rather than any one text: each one spares the model a look.
EVERYDAY = EVERYDAY | _words(
    """
    admin fortnightly twice-weekly three-monthly rota rotas
    able accept accepted account act acted acting action actions add added afternoon again
    agree agreed ahead air allowed alright anger answer answered anymore anywhere apart
    appointment area argue argued argument arrive arrived attack attacked attention aware bag
    bags bang banged bath battle bear beat beaten beautiful became bedtime begin beginning
    believed belong bent bills birth bite bitten blamed bleach bleeding blind block blocked
    blue board boring bother bothered bottle bought box boy boys brain brave bread breath
    breathed bright broke broken brush build building burn burned burning busy buy calling
    calls camera cameras cards case caught certain chance chances chat chats check checked
    checking choose chose circle city clean cleaned clothes clothing coat college comfort
    comfortable common company complain complained complaint computer confused contact control
    controlled conversation cool corner couple course cover covered crazy crisis cup cut
    dark date daughter's deal dealt dear decide decided decision deep describe desk did
    die died difficult dirty doing door doors dream dreams dress dressed drive dropped drugs
    dry due ears easier eating email emails emergency empty enjoy enter entered entire
    escape especially evening event events everybody exercise expect expected experience
    eye face faces fact fault favourite fed feet fell fellow field fighting figure file fill
    filled film finally finished fire fit fix flat floor follow followed food foot forever
    form forms forgot fought friendly frightening frustrated fun funny game games garden
    gate girl girls glad glass glasses god gotten grab grabbing group grow grown guess guilty
    gym hair hall hallway handle handled happier hardly hat headache health healthy heart
    heavy hell hid hidden hide high history hitting hole holiday hopeful horrible hospital
    hot house huge human hungry idea ill important including information inside instead
    interest island item jail job jobs join joke judge judged jumped key kick kill killed
    kitchen knock knocked lady land language large laugh laughed laughing law lay laying
    lead learn learned learnt least leaving letter letters level lie lied lies lift light
    line list little lives local lock loose lose losing loss love loved lovely low lying
    mad main mark's matter maybe meal meals medical meeting mental mess message messages
    met middle mine minor miss missed mistake mistakes mobile money mood mouth move moved
    movement moving mum's music nasty naked near nearly neck nervous news nightmare nights
    normal nose note notes nurse's nhs office officer once ones order ordinary outside
    paid panic paper parents park party pass passed past pay peace pen perfect phoned
    phones photo pick picked picture piece pills pink plate play played pleased pocket
    police poor power pray prayer pressed pressure pretend pretty prison private problem
    problems promise promised proper properly protect protected punish punished punishment
    quick rang reach read ready real reality record records red relax relaxed release
    released rest result return returned ring rings rip rock rude rule rules run running
    rush sad safer save saved scary scream screen search searched second seconds secret
    seeing seem seems sense serious set settle settled sharp shift shifts shock shocked
    shoes shop short shot shoulder shut sick silly simple single sister's skin sleeping
    slow smell smelt smile smiled soft somebody somewhere song sore sort sound sounded
    space special spend spent spoken spot stairs stare stared start state stayed step
    stick stomach stood story straight strange stranger street strong stuck stuff stupid
    suddenly suite support supposed surprised swear system table tablets tablet taking
    tears teeth telephone television terrible test texted text texts thank thankful themselves
    therefore thin third thirsty threw throat throw ticket tidy tight tired toilet tone
    touch touched towel town traffic trapped treat treated treatment tree trouble true truth
    tv type ugly unfair unhappy unless unwell useful usual usually value visit visiting
    wake waking wall walls wanting war warm wash washed waste watching weak wear weather
    weird welcome well went wet whatever wherever white whoever wide wild win wind wise
    wished woke wonder wondered wore works world worry worrying wound write writing wrote
    yard yell young younger yours dr mr mrs ms mx prof sir madam
    """
)


# About 39k frequent English words, less every name-word: the model never looks at these alone.
# Subtracting NAME_WORDS is what guarantees the skip list can never hide a name.
EVERYDAY = (EVERYDAY | _word_file("everyday_words.txt")) - NAME_WORDS

# Words wards are named after, and UK towns and counties: read as places after "on", "in" ...
WARD_WORDS = _word_file("ward_words.txt")
UK_PLACES = _word_file("uk_places.txt")

# Short words that can never be a name on their own, used by the context rules.
FUNCTION = _words(
    """
    a an the and or but if so to of in on at by for with from up down out off over under
    was were is are be been am has had have do did does not no yes he she they we you i me
    him her them us it this that these those there here then than who what when where why
    how my his their our your its just also too very really all some any every each
    """
)
