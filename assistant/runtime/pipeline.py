"""One turn, one direction: an input runs through the stages recognise -> understand -> act ->
speak.

Typed text starts at understanding; an utterance of audio starts at recognition (grammar, then
Whisper: ``assistant.hearing``). Every step is published on the bus. A turn always ends with
``TurnEnded``.
"""

import logging
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Protocol

from assistant.errors import INTERNAL_ERROR_MESSAGE, AssistantError, InputError, Stage
from assistant.events import (
    ActionDone,
    ActionPlanned,
    Failed,
    IntentRecognised,
    NotUnderstood,
    PartialTranscript,
    Progress,
    Reply,
    SpeechEnded,
    SpeechStarted,
    Transcript,
    TurnEnded,
    TurnStarted,
)
from assistant.intents.asking import question_for
from assistant.intents.learned_slots import another_reminder_slots, felt_in, kind_said_in
from assistant.intents.matcher import Matcher, Understanding
from assistant.intents.normalise import tidy
from assistant.intents.suggestions import (
    FALLBACK_SUGGESTION,
    about_themselves,
    asks_for_something,
    suggestion_for,
)
from assistant.intents.when import moment_in
from assistant.runtime.emitter import Emitter
from assistant.runtime.hearing import Hearing, Utterance
from assistant.skills.contract import (
    Awaiting,
    Dictation,
    Outcome,
    PendingAction,
    ProgressReport,
    Registry,
    Request,
    Skill,
)
from assistant.skills.conversation import (
    ACKNOWLEDGEMENT,
    ANSWERS_TO_A_PLAN,
    CONFIRM,
    CONVERSATION,
    ESCAPES_FROM_DICTATION,
    WAKE,
    Context,
)
from assistant.skills.services import Services
from assistant.skills.telling import about_facts, names_someone_known
from assistant.stt.base import Mode, Recognition

_LOGGER = logging.getLogger(__name__)


class Speaker(Protocol):
    """Says a reply aloud (see ``assistant.voice.Voice``)."""

    def speak(self, turn_id: int, text: str, ring: bool = False) -> bool:
        """Say ``text`` (after a chime, with ``ring``); returns True when it was cut off."""
        ...


@dataclass(frozen=True)
class TurnResult:
    """How a turn went, for callers that do not read the events."""

    reply: str
    """What the assistant said (empty when it said nothing)."""
    understanding: Understanding | None = None
    """What the sentence meant, when it was understood."""
    failed: Failed | None = None
    """The failure, when the turn failed."""


DICTATED_SLOT = "dictated"
FOLLOW_UP_SECONDS = 8.0
"""After a reply that asks something, how long an answer is taken without the name first."""
LISTEN = "chat.listen"
"""A line about the user's life that no kind of conversation took: listened to."""
FEELING = "chat.feeling"
"""A feeling said plainly of oneself ("i get a bit lonely"), when no intent took the line."""
REMIND = "reminder.set"
"""A reminder; another said just after one is set ("and also to ...") is one too."""


class Pipeline:
    """Runs the turns of one conversation."""

    def __init__(
        self,
        emitter: Emitter,
        matcher: Matcher,
        registry: Registry,
        services: Services,
        context: Context,
        max_chars: int = 1000,
        stages: "AudioStages | None" = None,
    ) -> None:
        self.emitter = emitter
        self.matcher = matcher
        self.registry = registry
        self.services = services
        self.context = context
        self.max_chars = max_chars
        self.stages = stages or AudioStages()
        self._follow_up_until = -1.0
        self._question: PendingAction | None = None
        self.room = ""
        """The room this conversation is held in (a satellite's name); empty for this computer."""
        self._talking = False
        """Whether the last turn was conversation (or a line of the user's life listened to)."""
        self.open_talk: Callable[[str], str | None] | None = None
        """Answers what no skill takes (a local model), if set; its words are only said."""

    @property
    def voice(self) -> Speaker | None:
        """The speak stage (none: replies are only shown)."""
        return self.stages.voice

    def run_text(self, text: str) -> TurnResult:
        """One turn from typed text."""
        turn_id = self._next_turn("text")
        return self._run(turn_id, lambda: self._typed(turn_id, text))

    def announce(self, text: str, ring: bool = False) -> TurnResult:
        """Speak first: a turn from the assistant itself (a reminder, new mail); with ``ring``,
        a chime first (an alarm)."""
        turn_id = self._next_turn("assistant")
        return self._run(turn_id, lambda: self._announced(turn_id, text, ring))

    def _announced(self, turn_id: int, text: str, ring: bool) -> TurnResult:
        self._say(turn_id, text, ring)
        self._remember_reply(text)
        return TurnResult(text)

    def run_audio(self, utterance: Utterance) -> TurnResult | None:
        """One turn from an utterance of audio: recognise, understand, act, speak.

        ``None`` when it was not for the assistant (asleep, or waiting for its name, and the
        speech did not start with the name).
        """
        utterance.heard_enough = self.stages.hearing().heard_a_whole_command
        if not self._takes_without_name(utterance):
            return self._if_addressed(utterance)
        turn_id = self._next_turn("audio")
        self.emitter.emit(SpeechStarted(turn_id, utterance.started))
        result = self._run(turn_id, lambda: self._listened(turn_id, utterance))
        self._note_follow_up(utterance, result)
        return result

    def fail_audio_turn(self, error: AssistantError) -> TurnResult:
        """A turn for audio that could not be heard at all (a bad file, a broken device)."""
        turn_id = self._next_turn("audio")
        return self._run(turn_id, lambda: _raise(error))

    def _listened(self, turn_id: int, utterance: Utterance) -> TurnResult:
        dictation = self.context.dictation
        mode = Mode.DICTATION if dictation and dictation.asked else Mode.COMMAND
        heard = self.stages.hearing().hear(
            utterance.audio,
            mode,
            lambda words: self.emitter.emit(PartialTranscript(turn_id, words)),
        )
        self.emitter.emit(SpeechEnded(turn_id, utterance.ended))
        return self._heard(turn_id, heard)

    def _takes_without_name(self, utterance: Utterance) -> bool:
        """Pushed to talk; or awake, and either not waiting for the name or just after asking
        something."""
        if utterance.called:
            return True
        if self.emitter.view.asleep:
            return False
        return not self.stages.name_first() or utterance.started <= self._follow_up_until

    def _if_addressed(self, utterance: Utterance) -> TurnResult | None:
        """Asleep, or waiting for the name: only speech that starts with the name becomes a
        turn (and wakes it)."""
        heard = self.stages.hearing().hear(utterance.audio, for_the_name=True)
        if heard.rejected or not self.matcher.addressed(heard.text):
            _LOGGER.info("Not addressed by name: %r", heard.text)
            return None
        turn_id = self._next_turn("audio")
        self.emitter.emit(SpeechStarted(turn_id, utterance.started))
        self.emitter.emit(SpeechEnded(turn_id, utterance.ended))
        result = self._run(turn_id, lambda: self._heard(turn_id, heard))
        self._note_follow_up(utterance, result)
        return result

    def _note_follow_up(self, utterance: Utterance, result: TurnResult) -> None:
        """A reply that asks something opens a window for the answer, without the name."""
        asked = asks_something(result)
        self._follow_up_until = utterance.ended + FOLLOW_UP_SECONDS if asked else -1.0

    def _typed(self, turn_id: int, text: str) -> TurnResult:
        words = clean_text(text, self.max_chars)
        self.emitter.emit(Transcript(turn_id, words, room=self.room))
        return self._respond(turn_id, words)

    def _heard(self, turn_id: int, heard: Recognition) -> TurnResult:
        self.emitter.emit(
            Transcript(turn_id, heard.text, True, heard.confidence, heard.engine, self.room)
        )
        if heard.text and self.stages.leave_unanswered(heard.text):
            _LOGGER.info("%r is left unanswered here", heard.text)
            return TurnResult("")
        if heard.rejected or not heard.text:
            reply = self._not_understood(turn_id, heard.text)
            self._say(turn_id, reply)
            return TurnResult(reply)
        return self._respond(turn_id, heard.text, heard=True)

    def _run(self, turn_id: int, work: Callable[[], TurnResult]) -> TurnResult:
        answered: str | None = None
        try:
            result = work()
            answered = result.understanding.intent if result.understanding else None
        except AssistantError as error:
            return self._fail(turn_id, error.stage.value, error.code, error.message)
        except Exception:
            _LOGGER.exception("Turn %d failed", turn_id)
            return self._fail(
                turn_id, Stage.INTERNAL.value, "internal-error", INTERNAL_ERROR_MESSAGE
            )
        finally:
            self.context.turn_over(turn_id, answered)
            self.emitter.emit(TurnEnded(turn_id))
        return result

    def _next_turn(self, source: str) -> int:
        self.context.turn_id += 1
        self.emitter.emit(TurnStarted(self.context.turn_id, source, self.room))
        return self.context.turn_id

    def _respond(self, turn_id: int, words: str, heard: bool = False) -> TurnResult:
        """Understand ``words`` and answer. Speech that is a piece of the assistant's own
        last replies (heard back) is matched by the templates only, never guessed at; most of
        one heard back is not taken as a request at all."""
        echo = heard and self.matcher.echoes(words)
        invited, self.context.invited = self.context.invited, frozenset()
        awaited = self.context.pending is not None
        understood = self.matcher.understand(
            words, learned=not echo, invited=invited, awaited=awaited
        )
        understanding = about_facts(words, understood)
        understanding = self._with_nothing_asked(understanding)
        understanding = self._another_reminder(words, understanding)
        understanding = self._felt_when_listened(words, understanding)
        heard_back = heard and self.matcher.echoes_whole(words)
        if heard_back:
            understanding = None
        skill = None
        dictation, self.context.dictation = self.context.dictation, None
        if dictation is not None and _answered(
            dictation, words, understanding, self._a_moment(words)
        ):
            understanding = Understanding(dictation.intent, {DICTATED_SLOT: words})
            skill = _taking_down(dictation)
        if understanding is None or not understanding.sure:
            self.context.undo_at_once = False  # it may have been meant as a change
        opened = self._open_reply(words) if understanding is None else None
        if understanding is None and opened is None and not (echo or heard_back):
            understanding = self._talk(words, self._talking)  # its own words are not talk
        self._remember_words(words, understanding)
        self._let_question_lapse(understanding)
        self._talking = understanding is not None and understanding.intent.startswith(CONVERSATION)
        if understanding is None:
            reply = opened or self._not_understood(turn_id, words)
        elif not understanding.sure:
            reply = self._ask(turn_id, understanding)
        else:
            reply = self._act(turn_id, understanding, skill)
        self._say(turn_id, reply)
        self._remember_reply(reply)
        return TurnResult(reply, understanding)

    def _with_nothing_asked(self, understanding: Understanding | None) -> Understanding | None:
        """A "yes" with nothing waiting for one, just after a change was made and read back
        ("I'll remind you ..." "yes"), is an acknowledgement, and is reported as one (a plain
        "ok" is one whenever nothing waits: ``Matcher.understand``). Any other yes with
        nothing waiting (after a question, a joke, or just after a plan lapsed) is told that
        nothing waits for it."""
        if (
            understanding is None
            or understanding.intent != CONFIRM
            or self.context.pending is not None
            or self.context.last_reply.rstrip().endswith("?")
            or self.context.lapsed_last_turn()
            or not self.context.changed_last_turn()
        ):
            return understanding
        return Understanding(ACKNOWLEDGEMENT, {}, understanding.confidence)

    def _another_reminder(
        self, words: str, understanding: Understanding | None
    ) -> Understanding | None:
        """Just after a reminder was set, "and also to pay the nursery fees on friday" is
        another reminder (unless a template took the line for something else); "and put the
        bins out on thursday" (no "to", but a time) is asked about first."""
        if understanding is not None and understanding.sure and not understanding.learned:
            return understanding
        if self.context.last_intent != REMIND:
            return understanding
        slots = another_reminder_slots(words)
        if slots:
            return Understanding(REMIND, slots)
        loose = another_reminder_slots(words, said_to=False)  # no "to": asked about first
        return Understanding(REMIND, loose, sure=False, learned=True) if loose else understanding

    def _felt_when_listened(
        self, words: str, understanding: Understanding | None
    ) -> Understanding | None:
        """A line only listened to that says plainly how the user feels ("absolutely
        knackered") or what kind of news it is ("rubbish day tbh", "what if i fail again") is
        answered as that."""
        if understanding is None or understanding.intent != LISTEN:
            return understanding
        return _plainly_said(words) or understanding

    def _talk(self, words: str, talking: bool) -> Understanding | None:
        """What no intent took, answered as conversation when it is: a line of no words
        ("hmm") is acknowledged; one about the user's own life (in the first person), or asking
        for nothing in the middle of a conversation ("its really hard" after they shared
        something), is listened to. ``None`` for anything else, which is not understood."""
        if not tidy(words):
            return Understanding(ACKNOWLEDGEMENT, {}, 0.0)
        own_life = about_themselves(words) or self._about_someone_known(words)
        said = _plainly_said(words) if own_life or not asks_for_something(words) else None
        if said is not None:
            return said
        if own_life or (talking and not asks_for_something(words)):
            return Understanding(LISTEN, {}, 0.0)
        return None

    def _about_someone_known(self, words: str) -> bool:
        """A line that asks for nothing and names someone the user told of ("isla's teacher
        said she's the kindest kid in the class") is about the user's life."""
        return not asks_for_something(words) and names_someone_known(words, self.services.memory)

    def _a_moment(self, words: str) -> bool:
        """Whether ``words`` are only a time or a day ("7am", "tomorrow at 9", "next week")."""
        return moment_in(words, self.services.clock.now()) is not None

    def _open_reply(self, words: str) -> str | None:
        """Open conversation's answer, never acted on; ``None`` to fall back."""
        return self.open_talk(words) if self.open_talk is not None else None

    def _not_understood(self, turn_id: int, words: str) -> str:
        """For speech too unsure to take (or no words at all), an acknowledgement; otherwise
        the nearest thing it can do."""
        if not tidy(words):
            self.emitter.emit(NotUnderstood(turn_id, words))
            return self._fresh("acknowledge_ok")
        nearest = suggestion_for(self.matcher.nearest(tidy(words)))
        suggestions = tuple(dict.fromkeys((nearest, FALLBACK_SUGGESTION)))
        self.emitter.emit(NotUnderstood(turn_id, words, suggestions))
        opener = self.services.say("not_understood")
        if nearest == FALLBACK_SUGGESTION:
            return f'{opener} You could ask me "{nearest}".'
        return f'{opener} The nearest I can do is "{nearest}". Or ask me "{FALLBACK_SUGGESTION}".'

    def _fresh(self, kind: str) -> str:
        """A phrasing of ``kind`` other than the one just said, when there is another."""
        said = self.services.say(kind)
        return self.services.say(kind) if said == self.context.last_reply else said

    def _ask(self, turn_id: int, guess: Understanding) -> str:
        """A guess is not acted on: it becomes a question that a yes carries out."""
        if guess.intent == CONFIRM:
            return self._yes_to_be_sure(turn_id, guess)
        question = question_for(guess.intent, guess.slots)
        sure = Understanding(guess.intent, guess.slots, guess.confidence)
        self._question = PendingAction(
            guess.intent,
            question,
            (question,),
            lambda progress: self._skill_outcome(sure, None, progress),
        )
        self._record(turn_id, guess.intent, Outcome(question, plan=self._question))
        return question

    def _yes_to_be_sure(self, turn_id: int, guess: Understanding) -> str:
        """What sounds like a yes but is not one the templates know ("yeah go on then mate")
        is never taken as one: the plan waiting is asked again, and stays the last thing
        asked. With nothing waiting, it is answered as any yes is."""
        plan = self.context.pending
        if plan is None:
            return self._act(turn_id, replace(guess, sure=True, learned=False))
        self._record(turn_id, guess.intent, Outcome(plan.summary, plan=plan))
        return f"{question_for(guess.intent, guess.slots)} {plan.summary}"

    def _let_question_lapse(self, understanding: Understanding | None) -> None:
        """A question about a guess is answered by the very next turn, or not at all."""
        if understanding is not None and understanding.intent in ANSWERS_TO_A_PLAN:
            return
        if self._question is not None and self.context.pending is self._question:
            self.context.lapse(self.context.turn_id)
        self._question = None

    def _act(self, turn_id: int, understanding: Understanding, skill: Skill | None = None) -> str:
        """Run the intent's skill (or ``skill``, which takes down dictation)."""
        self.emitter.emit(
            IntentRecognised(
                turn_id, understanding.intent, dict(understanding.slots), understanding.confidence
            )
        )
        intent = understanding.intent
        outcome = self._skill_outcome(
            understanding,
            skill,
            lambda done, total: self.emitter.emit(Progress(turn_id, intent, done, total)),
        )
        self._record(turn_id, understanding.intent, outcome)
        return outcome.reply

    def _skill_outcome(
        self, understanding: Understanding, skill: Skill | None, progress: ProgressReport
    ) -> Outcome:
        """What the intent's skill (or ``skill``) makes of ``understanding``."""
        skill = skill or self.registry.get(understanding.intent)
        if skill is None:
            raise AssistantError(
                "no-skill", "I know those words, but not yet what to do with them."
            )
        request = Request(
            understanding.intent, understanding.slots, self.context, self.services, progress
        )
        return skill(request)

    def _record(self, turn_id: int, intent: str, outcome: Outcome) -> None:
        self.context.dictation = outcome.dictation
        self.context.invited = outcome.invites
        plan = outcome.plan or self._asked_first(outcome)
        if plan is not None:
            self.context.plan_asked(turn_id, plan)
            self.emitter.emit(ActionPlanned(turn_id, plan.intent, plan.summary, plan.steps))
        if outcome.undo is not None or (intent in self.registry.changing and plan is None):
            self.context.changed(outcome.undo)  # a plan alone changes nothing until its yes
        if outcome.done:
            action = outcome.action or intent
            undoable = outcome.undo is not None
            self.emitter.emit(ActionDone(turn_id, action, outcome.done, undoable))

    def _asked_first(self, outcome: Outcome) -> PendingAction | None:
        """The plan for a request a skill asks about first (``Outcome.ask_first``): on a yes,
        that request's own skill carries it out."""
        asked = outcome.ask_first
        if asked is None:
            return None
        sure = replace(asked, sure=True)
        return PendingAction(
            asked.intent,
            outcome.reply,
            (outcome.reply,),
            lambda progress: self._skill_outcome(sure, None, progress),
        )

    def _say(self, turn_id: int, reply: str, ring: bool = False) -> None:
        if reply:
            self.context.last_reply = reply
            self.emitter.emit(Reply(turn_id, reply, self.room))
            if self.voice is not None:
                self.voice.speak(turn_id, reply, ring)

    def _remember_words(self, words: str, understanding: Understanding | None) -> None:
        """Log what the user said before acting on it, so a fact can name the turn it came from."""
        intent = understanding.intent if understanding else None
        self.context.words = words
        self.context.turn_row = self.services.store.log_turn(
            self.context.conversation_id,
            "user",
            words,
            intent,
            self.services.clock.now(),
            self.room or None,
        )

    def _remember_reply(self, reply: str) -> None:
        if reply:
            self.matcher.remember_reply(reply)
            self.services.store.log_turn(
                self.context.conversation_id,
                "assistant",
                reply,
                at=self.services.clock.now(),
                room=self.room or None,
            )

    def _fail(self, turn_id: int, stage: str, code: str, message: str) -> TurnResult:
        self.context.undo_at_once = False
        failed = Failed(turn_id, stage, code, message)
        self.emitter.emit(failed)
        self._speak_quietly_failing(turn_id, message)
        return TurnResult(message, failed=failed)

    def _speak_quietly_failing(self, turn_id: int, message: str) -> None:
        """Say a failure aloud too; if the voice itself is what failed, it stays shown only."""
        if self.voice is None:
            return
        try:
            self.voice.speak(turn_id, message)
        except AssistantError:
            _LOGGER.warning("Could not say the failure message aloud", exc_info=True)


def _no_hearing() -> Hearing:
    raise AssistantError("stt-none", "I have no speech recogniser here, so I can only read.")


@dataclass(frozen=True)
class AudioStages:
    """The stages only speech needs, opened by the composition root (``assistant.engines``)."""

    hearing: Callable[[], Hearing] = _no_hearing
    """The recognise stage, opened on first use (its models load then)."""
    voice: Speaker | None = None
    """The speak stage; none when replies are only shown."""
    name_first: Callable[[], bool] = lambda: False
    """Whether speech must start with the name (outside a follow-up)."""
    leave_unanswered: Callable[[str], bool] = lambda _words: False
    """Whether these words, just heard, are to be left unanswered here: one call heard in
    another room too and answered there, or speech cut off when its room dropped."""


def asks_something(result: TurnResult) -> bool:
    """A reply that waits for an answer: a question, or "Yes? I'm listening." to its name."""
    called = result.understanding is not None and result.understanding.intent == WAKE
    return called or "?" in result.reply


NEW_TASK = "task"
"""The slot that makes a request asked while a question about another waits a new one."""


def answers(
    dictation: Dictation, understanding: Understanding | None, a_moment: bool = False
) -> bool:
    """Whether the line said while ``dictation`` waits is its answer; if not, it lapses (as a
    plan does) and the line is a new turn. The one rule for every question that takes the
    next line:

    - "never mind" and "stop" always act;
    - a letter's body takes anything else, word for word;
    - what to be reminded of takes anything but conversation (a greeting, a goodbye, a feeling);
    - an answer (a time, a choice) takes anything but a line that is clearly another request:
      a sure template match of another intent ("set an alarm for 6.45", "good night", "I'm
      lonely"; the learned step's placing of a loose line is not sure enough to close it);
      a line that is only a time or a day (``a_moment``: "next week") is never that; the
      same request with a task of its own ("remind me to book the car in") is a new one.
    """
    if understanding is None or a_moment:
        return True
    if understanding.intent in ESCAPES_FROM_DICTATION:
        return False
    if dictation.awaits is Awaiting.WORDS or not understanding.sure:
        return True
    if dictation.awaits is Awaiting.TASK:
        return not understanding.intent.startswith(CONVERSATION)
    same = understanding.intent == dictation.intent and NEW_TASK not in understanding.slots
    return understanding.learned or same


def _plainly_said(words: str) -> Understanding | None:
    """How the user feels, or the kind of news, said in so many words; ``None`` when
    neither is."""
    felt = felt_in(words)
    if felt is not None:
        return Understanding(FEELING, {"feeling": felt}, 0.0)
    kind = kind_said_in(words)
    return Understanding(kind, {}, 0.0) if kind is not None else None


def _answered(
    dictation: Dictation, words: str, understanding: Understanding | None, a_moment: bool
) -> bool:
    """Whether ``words`` answer ``dictation``: by its own test when it has one (a choice),
    else by the one rule (``answers``)."""
    if dictation.answered_by is not None:
        return dictation.answered_by(words)
    return answers(dictation, understanding, a_moment)


def _taking_down(dictation: Dictation) -> Skill:
    """The skill that hands the words said to the dictation that asked for them."""
    return lambda request: dictation.take(request.slot(DICTATED_SLOT))


def _raise(error: AssistantError) -> TurnResult:
    raise error


def clean_text(text: str, max_chars: int) -> str:
    """``text`` with control characters turned to spaces and whitespace folded.

    Raises ``InputError`` for text that is not valid Unicode, empty, or too long.
    """
    if any(0xD800 <= ord(char) <= 0xDFFF for char in text):
        raise InputError("input-not-text", "That wasn't readable text. Please type it again.")
    printable = "".join(char if _is_printable(char) else " " for char in text)
    words = " ".join(printable.split())
    if not words:
        raise InputError("input-empty", "I didn't get any words there.")
    if len(words) > max_chars:
        raise InputError(
            "input-too-long",
            "That's more than I can take in at once. Could you say it in a sentence or two?",
        )
    return words


def _is_printable(char: str) -> bool:
    return char.isprintable() or unicodedata.category(char) == "Zs"
