"""chat.*: greetings, thanks, feelings and small talk: warm, brief, and honest about being a
program. How the user says they feel, and what they share of their life (a loss, a worry,
good news, a bad day), is remembered with the time, so it can ask after them later; when they
are lonely, it may suggest writing to someone they have not written to."""

import re

from assistant.memory.facts import ME, NAME
from assistant.memory.feelings import BAD_DAY, GOOD_NEWS, LOSS, WORRY
from assistant.skills.contract import Outcome, Registry, Request
from assistant.skills.conversation import GOODBYE
from assistant.skills.telling import keep_names_in_passing
from assistant.spoken import reported

SKILLS = Registry()
"""The intents this module handles, with what each does."""

OPINION_TOPICS = {"love": "opinion_love", "life": "opinion_life", "me": "opinion_you"}
"""Topics it has something of its own to say about; others get a question back."""
TRIES_FOR_A_FRESH_REPLY = 4
OTHER_FEELING = "other"
"""A feeling said in words of no kind it knows ("im hungry lol"): answered, not kept."""
SHARED = {
    "chat.share_loss": LOSS,
    "chat.share_worry": WORRY,
    "chat.share_good_news": GOOD_NEWS,
    "chat.share_bad_day": BAD_DAY,
}
"""The intents by which the user shares something of their life, and the kind each keeps."""
IN_ITS_OWN_WORDS = {
    LOSS: "about your loss",
    WORRY: "something was worrying you",
    GOOD_NEWS: "your good news",
    BAD_DAY: "you'd had a hard day",
}
"""What was shared, said back when the user's own words cannot be ("passed my test!")."""
MORE_OF = {"chat.joke": "joke"}
"""What "another one" gives more of, after each intent."""
WELLBEING_WORDS = (
    (
        "worse",
        re.compile(
            r"\bnot (?:great|good|so|too|well|brilliant|the best)|\b(?:worse|bad|awful"
            r"|terrible|rubbish|crap|low|struggling|rough|shit|sick|ill|poorly|unwell|cold|flu"
            r"|tired|exhausted|knackered|shattered|drained|stressed|anxious|sad|down|lonely"
            r"|meh|hard|tough|sore|pain|headache|migraine|hurts?|aching)\b"
        ),
    ),
    ("better", re.compile(r"\bbetter\b")),
    ("same", re.compile(r"\bsame\b|\bno change\b")),
)
"""How an answer to "how are you?" is read when no template gave its slot (the learned step
names the intent only)."""
_NOT_BAD = re.compile(r"\bnot (?:too |so |that |all that )?bad\b")
"""Said as "fine" ("not bad thanks"): not a word of feeling worse."""
HIM = frozenset(
    [
        "grandad",
        "granddad",
        "grandpa",
        "grandfather",
        "dad",
        "father",
        "brother",
        "husband",
        "son",
        "uncle",
        "boyfriend",
    ]
)
HER = frozenset(
    [
        "nan",
        "nana",
        "gran",
        "granny",
        "grandma",
        "grandmother",
        "mum",
        "mom",
        "mam",
        "mother",
        "sister",
        "wife",
        "daughter",
        "aunt",
        "auntie",
        "girlfriend",
    ]
)
"""Who is "him" and who is "her" when a loss is spoken of ("tell me about him"); anyone else
is "them"."""
NIGHT_WORDS = re.compile(r"\b(?:night|nite|bed|sleep)\b", re.IGNORECASE)


def fresh(request: Request, kind: str, **fields: object) -> str:
    """A phrasing of ``kind`` other than the one just said, when there is another."""
    said = request.services.say(kind, **fields)
    for _ in range(TRIES_FOR_A_FRESH_REPLY):
        if said != request.context.last_reply:
            break
        said = request.services.say(kind, **fields)
    return said


def user_name(request: Request) -> str:
    """The user's own name, or "" when they have not said it."""
    fact = request.services.memory.facts.get(ME, NAME)
    return fact.value if fact else ""


@SKILLS.handles("chat.greeting")
def greeting(request: Request) -> Outcome:
    """Hello, with the time of day when it fits, and the user's name when known."""
    hour = request.services.clock.now().hour
    kind = (
        "greeting_morning" if 5 <= hour < 12 else "greeting_evening" if hour >= 18 else "greeting"
    )
    name = user_name(request)
    return Outcome(fresh(request, kind, you=f", {name}" if name else ""))


@SKILLS.handles("chat.thanks")
def thanks(request: Request) -> Outcome:
    """You're welcome."""
    return Outcome(fresh(request, "thanks"))


@SKILLS.handles("chat.how_are_you")
def how_are_you(request: Request) -> Outcome:
    """How it is, or how its day was."""
    return Outcome(fresh(request, "your_day" if request.slot("about") else "how_are_you"))


@SKILLS.handles(GOODBYE)
def goodbye(request: Request) -> Outcome:
    """Goodbye; good night when they said so, or late in the day."""
    hour = request.services.clock.now().hour
    night = request.slot("night") == "night" or bool(NIGHT_WORDS.search(request.context.words))
    late = hour >= 21 or hour < 4 or night
    return Outcome(fresh(request, "good_night" if late else "goodbye"))


@SKILLS.handles("chat.feeling")
def feeling(request: Request) -> Outcome:
    """A kind word for how the user feels; the feeling is kept, with the time."""
    services = request.services
    felt = [request.slot(name) for name in ("feeling", "also") if request.slot(name)]
    for each in felt:
        if each != OTHER_FEELING:  # no word of what it was: nothing to ask after
            services.memory.feelings.note(each, services.clock.now(), request.context.turn_row)
    reply = fresh(request, f"feeling_{felt[0]}" if felt else "feeling_other")
    if "lonely" in felt:
        reply += lonely_offer(request)
    return Outcome(reply)


def lonely_offer(request: Request) -> str:
    """A gentle nudge toward someone the user has not written to for a while, if any."""
    services = request.services
    quiet = services.memory.people.quiet(services.clock.now())
    return services.say("lonely_offer", person=quiet[0].first_name) if quiet else ""


@SKILLS.handles("chat.about_you")
def about_you(request: Request) -> Outcome:
    """What it is, honestly: a program on this computer, not a person."""
    return Outcome(fresh(request, f"about_{request.slot('question') or 'yourself'}"))


@SKILLS.handles("chat.opinion")
def opinion(request: Request) -> Outcome:
    """What it thinks about something: a little of its own, or a question back."""
    topic = request.slot("topic").casefold().removeprefix("the ").strip()
    kind = OPINION_TOPICS.get(topic, "opinion_other")
    return Outcome(fresh(request, kind, topic=topic or "that"))


@SKILLS.handles("chat.joke")
def joke(request: Request) -> Outcome:
    """A joke of its own, a different one from the last."""
    return Outcome(fresh(request, "joke"))


@SKILLS.handles("chat.kind_words")
def kind_words(request: Request) -> Outcome:
    """Thanks for praise; honesty about what it cannot feel."""
    return Outcome(fresh(request, f"kind_{request.slot('said')}"))


@SKILLS.handles("chat.chatter")
def chatter(request: Request) -> Outcome:
    """A brief, warm answer to small talk, turned back to the user."""
    said = request.slot("said")
    reply = fresh(request, f"chatter_{said}")
    if said in ("nobody", "miss"):
        reply += lonely_offer(request)
    return Outcome(reply)


@SKILLS.handles(*SHARED)
def share(request: Request) -> Outcome:
    """A reply in kind to a loss, a worry, good news or a bad day; what was shared is kept,
    with the time, to ask after later."""
    kind = SHARED[request.intent]
    said = reported(request.context.words) or IN_ITS_OWN_WORDS[kind]
    services = request.services
    services.memory.feelings.note_shared(kind, said, services.clock.now(), request.context.turn_row)
    keep_names_in_passing(request)
    who = request.slot("who")
    reply_kind = f"shared_{kind.replace(' ', '_')}"
    if who and f"{reply_kind}_who" in services.persona.replies:
        them = "him" if who in HIM else "her" if who in HER else "them"
        return Outcome(fresh(request, f"{reply_kind}_who", who=who, them=them))
    return Outcome(fresh(request, reply_kind))


@SKILLS.handles("chat.wellbeing_answer")
def wellbeing_answer(request: Request) -> Outcome:
    """An answer to "how are you?": glad when better, sorry (and an offer) when not."""
    said = request.slot("said") or wellbeing_in(request.context.words)
    return Outcome(fresh(request, f"wellbeing_{said}"))


def wellbeing_in(words: str) -> str:
    """ "worse", "better", "same" or "ok": how an answer to "how are you?" reads."""
    lowered = _NOT_BAD.sub("", words.casefold())
    return next((said for said, found in WELLBEING_WORDS if found.search(lowered)), "ok")


@SKILLS.handles("chat.listen")
def listen(request: Request) -> Outcome:
    """A listener's reply to a line about the user's own life that is no clear kind of news
    ("my manager said my work is not good enough"): nothing of it is kept but a name said in
    passing ("my son jack started uni")."""
    keep_names_in_passing(request)
    return Outcome(fresh(request, "listening"))


@SKILLS.handles("chat.acknowledge")
def acknowledge(request: Request) -> Outcome:
    """ "ok", "haha", "fair enough": a light reply, nothing heavy."""
    return Outcome(fresh(request, f"acknowledge_{request.slot('said') or 'ok'}"))


@SKILLS.handles("chat.another")
def another(request: Request) -> Outcome:
    """More of what it just did (another joke after a joke); otherwise, another what?"""
    more = MORE_OF.get(request.context.last_intent or "")
    return Outcome(fresh(request, more or "another_what"))
