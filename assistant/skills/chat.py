"""chat.*: greetings, thanks, feelings and small talk: warm, brief, and honest about being a
program. How the user says they feel is remembered, with the time, so it can ask after them
later; when they are lonely, it may suggest writing to someone they have not written to."""

from assistant.memory.facts import ME, NAME
from assistant.skills.contract import Outcome, Registry, Request
from assistant.skills.conversation import GOODBYE

SKILLS = Registry()
"""The intents this module handles, with what each does."""

OPINION_TOPICS = {"love": "opinion_love", "life": "opinion_life", "me": "opinion_you"}
"""Topics it has something of its own to say about; others get a question back."""
TRIES_FOR_A_FRESH_REPLY = 4


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
    """Goodbye, or good night late in the day."""
    hour = request.services.clock.now().hour
    late = hour >= 21 or hour < 4
    return Outcome(fresh(request, "good_night" if late else "goodbye"))


@SKILLS.handles("chat.feeling")
def feeling(request: Request) -> Outcome:
    """A kind word for how the user feels; the feeling is kept, with the time."""
    services = request.services
    felt = [request.slot(name) for name in ("feeling", "also") if request.slot(name)]
    for each in felt:
        services.memory.feelings.note(each, services.clock.now(), request.context.turn_row)
    reply = fresh(request, f"feeling_{felt[0]}")
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
