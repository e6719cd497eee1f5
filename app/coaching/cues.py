"""Word cues the coach reads beside the embedding: a question, a day or time, a number, discount words.

A sentence model hears the gist of a clause but is loose about small, telling words: "30% off"
and "30 hours saved" embed alike, a day and time barely move a vector. Each cue here is a named
pattern; the classifier learns how much each one counts for each move, and the words a cue
matched are what the feedback shows as the reason for a decision.
"""

import re
from dataclasses import dataclass

_NUMBER_WORDS = (r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|"
                 r"fifty|sixty|ninety|hundred|thousand|million|half|third|quarter|double|twice|triple|dozen")
_DAYS = (r"mon|monday|tue|tues|tuesday|wed|weds|wednesday|thu|thur|thurs|thursday|fri|friday|sat|saturday|"
         r"sun|sunday|tomorrow|tmrw|tmr|tonight|weekend|midday|noon|lunchtime|lunch time|eod|cob|"
         r"january|february|march|april|june|july|august|september|october|november|december|"
         r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")

CUE_PATTERNS: dict[str, str] = {
    "question_mark": r"\?",
    "open_question": r"^(?:so,? |and |but |ok(?:ay)?,? |out of curiosity,? |just curious,? |quick question,? )?"
                     r"(?:what|what's|whats|how|how's|why|which|who|where|when|tell me|walk me through|"
                     r"help me understand|can i ask|could i ask|may i ask|mind if i ask|do you mind if i ask|"
                     r"i'm curious|im curious|curious)\b",
    "yes_no_question": r"^(?:so,? |and |but |ok(?:ay)?,? )?(?:can|could|would|will|shall|should|do|does|did|is|"
                       r"are|was|were|have|has|any chance|how about|what about|what if|fancy|are you free)\b",
    "day_or_time": rf"\b(?:{_DAYS})\b|\b\d{{1,2}}(?::\d\d)?\s?(?:am|pm|a\.m\.|p\.m\.)|\b\d{{1,2}}:\d\d\b|"
                   r"\bo'?clock\b|\b(?:this|tomorrow|friday|monday|tuesday|wednesday|thursday) "
                   r"(?:morning|afternoon|arvo|evening)\b|\bnext (?:week|month|quarter|few days)\b|"
                   r"\b(?:the )?\d{1,2}(?:st|nd|rd|th)\b|\bend of (?:the )?(?:day|week)\b|"
                   r"\bat (?:" + _NUMBER_WORDS + r")\b",
    "meeting_words": r"\b(?:minutes?|mins?|half an hour|quick call|short call|calendar|diary|invite|"
                     r"pencil|book(?:ed|ing)?|schedule|slot|catch[- ]up|demo|walkthrough|walk-through|"
                     r"screen ?share|zoom|teams call|meet(?:ing)?|check in|follow up|ring you|call you back|"
                     r"trial|pilot|session)\b",
    "number": rf"[$£€]\s?\d[\d,.]*\s?[km]?\b|\d[\d,.:]*(?:\s?(?:%|percent\b|per cent\b))?|\b(?:{_NUMBER_WORDS})\b",
    "customer_proof": r"\b(?:customers?|clients?|one of our|most of our|many of our|a lot of our|"
                      r"(?:teams?|firms?|companies|company|practices?|clinics?|businesses|business|shops?|"
                      r"agenc(?:y|ies)|schools?|groups?) (?:like yours|your size|similar to yours|just like you)|"
                      r"case stud(?:y|ies)|saved|saves|cut(?:s)? (?:their|the|down)|reduced|paid for itself|"
                      r"pays for itself|payback|roi|return on|results?|within (?:a|the first|" + _NUMBER_WORDS
                      + r"|\d+) (?:weeks?|months?|days?))\b",
    "discount_words": r"\d+\s?%\s?off\b|\b(?:discount(?:ed|s)?|\w+ percent off|\w+ per ?cent off|"
                      r"off the (?:price|list|bill|top|fee|first)|"
                      r"knock(?:ed)? (?:off|it down|down|something off|a bit off)|take (?:\w+ )?off|"
                      r"waive|waiving|months? free|for free|free months?|free of charge|no charge|half price|"
                      r"half off|price[- ]match|match (?:their|the|that|your|any) (?:price|quote|offer|rate)|"
                      r"beat (?:their|the|that|any) (?:price|quote|offer)|special (?:price|deal|offer|rate)|"
                      r"promo(?:tion)?|cheaper|lower (?:the|our|my|your) price|drop (?:the|our|my) price|"
                      r"cut (?:the|our|my) price|sweeten|throw in|chuck in|on the house|mates rates|"
                      r"best price|better price|better rate|deal)\b|%\s?off\b|\boff\b(?= (?:if|for|when|today|now))",
    "urgency": r"\b(?:right now|right away|today|tonight|immediately|now or never|expires?|expiring|last chance|"
               r"limited|only (?:a few|\w+) (?:spots?|places?|slots?) left|ends? (?:today|tonight|friday|this week)|"
               r"before it'?s gone|price goes up|going up|won'?t last|deadline|this week only|sign (?:today|now)|"
               r"(?:need|want) (?:an answer|a decision|you to (?:sign|commit|decide))|decide (?:now|today)|"
               r"commit|sign up now|just sign|just say yes|don'?t (?:overthink|think about it)|"
               r"no(?:t)? taking no|won'?t take no|regret|left behind|miss out|missing out|"
               r"competitors? (?:are|have|is)|"
               r"everyone else|hold (?:the|this) (?:price|offer)|lock (?:it|this) in)\b",
    "giving_up": r"\b(?:sorry to (?:bother|disturb|interrupt|have)|let you go|leave you (?:alone|be|to it|in peace)|"
                 r"take you off|won'?t (?:call|bother|trouble|keep)|never ?mind|have a (?:good|great|nice|lovely) "
                 r"(?:day|one|afternoon|evening|week)|good ?bye|bye|take care|cheers then|some other time|"
                 r"another time|not for you|no worries then|all good then|fair enough then|i'?ll stop|"
                 r"forget (?:i|it|about it)|i'?ll leave it|leave it there|my mistake|wasted? your time|"
                 r"i'?ll get off|let you get on|won'?t take up|i guess not|not a fit then|"
                 r"(?:probably |maybe )?not (?:the right |a )?(?:fit|for you)|no point|not (?:much|any) point|"
                 r"not worth|go with them|taking up your time|sorry to bug|no bother|you'?re probably right|"
                 r"more for (?:the )?bigger)\b",
    "contradiction": r"\b(?:you'?re wrong|you are wrong|that'?s (?:not true|wrong|false|nonsense|rubbish|ridiculous|"
                     r"not right|not how|just an excuse|an excuse|a myth|silly|crazy)|not true|"
                     r"with (?:all due )?respect|"
                     r"no offen[cs]e|you don'?t (?:understand|get it|know)|you clearly|you obviously|you'?re "
                     r"(?:missing|mistaken|kidding|not seeing|just)|disagree|makes no sense|doesn'?t make sense|"
                     r"come on|seriously|you should know|you haven'?t|you need to|you have to|"
                     r"actually,? (?:you|it|that|we)|"
                     r"frankly|to be blunt|honestly,? (?:you|that)|wake up|wrong way|excuse|backwards|mistake|"
                     r"i doubt|overthink\w*|surely|should(?:'?ve| have)|"
                     r"i'?m sure you (?:don'?t|can|could)|can'?t be that|if you (?:were )?really|"
                     r"speaks? for (?:it|them)sel\w+|everyone says|it'?s only|not like i'?m)\b|"
                     r"\b(?:not|\w+n'?t) (?:really |even |exactly )?"
                     r"(?:a (?:real |good |valid )?reason|an excuse|fair|the point)\b",
    "acknowledging": r"\b(?:hear you|heard(?! (?:of|about))|fair|makes? (?:total |complete |perfect )?sense|"
                     r"understand(?:able|ably)?|understood|get (?:it|that|you|why)|gotcha|got it|totally|"
                     r"completely|absolutely|of course|"
                     r"reasonable|valid|appreciate|no doubt|good point|great point|i see why|i can see|right to|"
                     r"can imagine|i know|i hear|noted|point taken|that'?s real|not a small|i bet|no wonder|"
                     r"sounds like|fair enough|respect that|that tracks|legit)\b",
    "line_trouble": r"\b(?:(?:can|could) you hear me|hear me (?:ok(?:ay)?|alright|all right)|you(?:'?re)? "
                    r"(?:cut|cutting|broke|breaking) (?:out|up)|bad (?:line|signal|connection)|lost you|"
                    r"(?:are )?you still there|still with me|wrong number|got transferred|on mute|echo)\b",
    "small_talk": r"\b(?:weather|weekend|game|match last|footy|football|holiday|holidays|kids|coffee|traffic|"
                  r"vacation|sunny|rain|by the way|btw|random question|speaking of|unrelated|off topic|"
                  r"anyway|anyhow|funny story|fun fact|did you see|did you catch|have you seen|have you been|"
                  r"reminds me|we also do|we do that too|lol|haha|is that a|my (?:brother|sister|wife|husband|missus|"
                  r"mum|mom|dad|gym|kids?|dog|cat|partner)|away day|mortgage)\b",
    "product_features": r"\b(?:features?|integrat\w*|dashboards?|api|apis|ai|automat\w*|mobile app|apps?|reports?|"
                        r"reporting|analytics|sso|single sign-on|modules?|templates?|plug-?ins?|workflows?|"
                        r"widgets?|notifications?|permissions|sync\w*|webhooks?|custom\w*|drag[- ]and[- ]drop|"
                        r"real-time|cloud|encryption|export\w*|import\w*|ocr|gps|crm)\b",
    "list_shape": r"(?:\w[^,]*,){3,}|(?:\w+, ){2,}\w+,? (?:and|plus|&) ",
    "addressed_by_name": r"(?:^|,\s*)[A-Z][a-z]+[.!?,]*$|,\s*[A-Z][a-z]+,",
}

_COMPILED = {name: re.compile(pattern, re.IGNORECASE) for name, pattern in CUE_PATTERNS.items()
             if name != "addressed_by_name"}
_COMPILED["addressed_by_name"] = re.compile(CUE_PATTERNS["addressed_by_name"])  # a capital letter is the cue
CUE_NAMES = list(CUE_PATTERNS)
UNSHOWN = {"addressed_by_name"}  # counts for the classifier, but is no reason to give a rep


@dataclass(frozen=True)
class CueMatch:
    name: str
    start: int  # offsets into the clause
    end: int
    words: str


def find_cues(text: str) -> list[CueMatch]:
    """Every cue that fires in one clause, with the words it matched (the first match of each cue)."""
    found = []
    stripped = text.strip()
    for name, pattern in _COMPILED.items():
        match = pattern.search(stripped)
        if match:
            found.append(CueMatch(name, match.start(), match.end(), match.group(0).strip(" ,")))
    return found


def cue_flags(matches: list[CueMatch]) -> list[float]:
    present = {m.name for m in matches}
    return [1.0 if name in present else 0.0 for name in CUE_NAMES]
