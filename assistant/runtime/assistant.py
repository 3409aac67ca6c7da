"""The core, assembled: memory, identity, understanding, skills, and the bus."""

import random
import uuid
from collections.abc import Callable
from dataclasses import replace
from types import TracebackType
from typing import Any

from hassil import WildcardSlotList as Wildcard

from assistant.calendar.service import Calendars
from assistant.clock import Clock, SystemClock
from assistant.config import Paths, Settings, load_settings, save_settings
from assistant.errors import AssistantError
from assistant.events import NameChanged, SettingsChanged
from assistant.files.service import FileService
from assistant.intents.matcher import Matcher, Understanding
from assistant.intents.values import task_phrases
from assistant.intents.when import spoken_moments
from assistant.mail.correspondents import cached_correspondents
from assistant.mail.service import MailService
from assistant.memory.everything import Memory
from assistant.persona import load_persona
from assistant.persona.identity import Identity
from assistant.runtime.bus import Bus
from assistant.runtime.chat_model import LocalModelTalk
from assistant.runtime.emitter import Emitter
from assistant.runtime.hearing import Hearing
from assistant.runtime.pipeline import AudioStages, Pipeline, Speaker
from assistant.runtime.presence import Presence
from assistant.skills.conversation import Context
from assistant.skills.registry import build_registry
from assistant.skills.services import Services
from assistant.store.database import MemoryStore
from assistant.stt import (
    GrammarSpec,
    Recogniser,
    choose_engine,
    choose_free_form,
    open_free_form,
    open_recogniser,
)
from assistant.stt.grammar import Vocabulary
from assistant.stt.shared import SharedRecogniser

SettingsListener = Callable[[Settings, Settings], None]
FOLDER_WORDS = ("downloads", "documents", "pictures", "music", "videos", "desktop", "photos")


class Assistant:
    """Everything a turn needs, built once per process from the data folder."""

    def __init__(
        self,
        paths: Paths,
        settings: Settings | None = None,
        bus: Bus | None = None,
        clock: Clock | None = None,
        rng: random.Random | None = None,
    ) -> None:
        paths.prepare()
        self.paths = paths
        self.settings = settings or load_settings(paths)
        self.bus = bus or Bus()
        self.emitter = Emitter(self.bus)
        self.store = MemoryStore(paths.database)
        persona = load_persona(self.settings.language)
        rng = rng or random.Random()
        self.identity = Identity(self.store, persona, rng)
        self.matcher = Matcher(self.settings.language)
        self.matcher.set_assistant_name(self.identity.name)
        self.identity.on_rename(self.matcher.set_assistant_name)
        self.identity.on_rename(lambda name: self.emitter.emit(NameChanged(0, name)))
        self.registry = build_registry()
        self.matcher.offer(self.registry.intents, self.registry.changing)
        clock = clock or SystemClock()
        self.files = FileService(self.store, clock, lambda: self.settings)
        self.memory = Memory.on(self.store, lambda: cached_correspondents(self.store))
        self.mail = MailService(self.store, clock, self.memory.facts)
        self.mail.on_checked = self.memory.people.learn_from_mail
        self.calendars = Calendars(self.store, clock)
        self.services = Services(
            self.store,
            persona,
            self.identity,
            clock,
            rng,
            self.files,
            self.memory,
            self.mail,
            lambda: self.settings,
            self.calendars,
        )
        self.presence = Presence(self.memory.reminders, clock, self.mail, self.memory.feelings)
        self._recovered = self._recover()
        self._missed = self.presence.missed_while_off()
        self._hearing: Hearing | None = None
        self._room_grammars: list[Recogniser] = []
        self._lent_free_form: SharedRecogniser | None = None
        self._settings_listeners: list[SettingsListener] = []

    @classmethod
    def open(
        cls,
        data_dir: str | None = None,
        clock: Clock | None = None,
        rng: random.Random | None = None,
    ) -> "Assistant":
        """The assistant whose state lives in ``data_dir`` (or the usual place)."""
        return cls(Paths.resolve(data_dir), clock=clock, rng=rng)

    def conversation(
        self, voice: Speaker | None = None, stages: AudioStages | None = None
    ) -> Pipeline:
        """A new conversation: its own context, the shared memory, bus and recognisers; it
        speaks with ``voice`` (none: replies are only shown), or hears and speaks with
        ``stages`` (a room's own)."""
        context = Context(conversation_id=uuid.uuid4().hex)
        stages = stages or AudioStages(self.hearing, voice, lambda: self.settings.name_first)
        pipeline = Pipeline(
            self.emitter,
            self.matcher,
            self.registry,
            self.services,
            context,
            self.settings.max_utterance_chars,
            stages,
        )
        pipeline.open_talk = LocalModelTalk(lambda: self.settings, self.services).reply
        return pipeline

    def change_settings(self, **changes: Any) -> Settings:
        """Apply new settings at once and keep them in ``config.toml``."""
        before = self.settings
        after = replace(before, **changes)
        save_settings(self.paths, after)
        self.settings = after
        for listener in self._settings_listeners:
            listener(before, after)
        changed = tuple(name for name in changes if getattr(before, name) != getattr(after, name))
        if changed:
            self.emitter.emit(SettingsChanged(0, changed))
        return after

    def on_settings_changed(self, listener: SettingsListener) -> None:
        """Call ``listener(before, after)`` after every change of settings."""
        self._settings_listeners.append(listener)

    def grammar_spec(self) -> GrammarSpec:
        """What the command grammar is built from: the templates and every known slot value."""
        known = {
            "folder": FOLDER_WORDS,
            "new_name": self.services.persona.names,
            "task": task_phrases(self.matcher.list_words("relation")),
            "contact": self.mail.contact_names(),
            "someone": self.mail.contact_names(),
        }
        slot_lists = {**self.matcher.slot_lists, "moment": spoken_moments()}
        return GrammarSpec(self.matcher.intents, slot_lists, Vocabulary(known))

    def recogniser(self) -> Recogniser:
        """The grammar recogniser, opened once (see ``hearing``)."""
        return self.hearing().grammar

    def hearing(self) -> Hearing:
        """The recognise stage, opened once: the grammar recogniser and Whisper (whose model
        starts loading in the background now). Both learn the names it knows then, and again
        after a rename or when mail brings new senders."""
        if self._hearing is None:
            grammar = open_recogniser(choose_engine())
            free_form = open_free_form(choose_free_form())
            self._hearing = self._hearing_with(grammar, free_form)
            self._teach_names()
            self.identity.on_rename(lambda _name: self._teach_names())
            self.mail.on_new_senders = self._teach_names
        return self._hearing

    def room_hearing(self) -> Hearing:
        """A recognise stage of its own for another room: its own grammar recogniser, fed live,
        and the one Whisper, shared (one decode at a time)."""
        shared = self.hearing()
        grammar = open_recogniser(choose_engine())
        grammar.set_grammar(self.grammar_spec())
        self._room_grammars.append(grammar)
        if self._lent_free_form is None:
            self._lent_free_form = SharedRecogniser(shared.free_form)
        return self._hearing_with(grammar, self._lent_free_form)

    def _hearing_with(self, grammar: Recogniser, free_form: Recogniser) -> Hearing:
        """A recognise stage on these two recognisers, judging by this assistant's skills."""
        return Hearing(
            grammar,
            free_form,
            self._exactly,
            self._free_slots(),
            changing=self.registry.changing,
            heard_twice=self.registry.heard_twice,
            heard_back=self.matcher.within_a_reply,
        )

    def _teach_names(self) -> None:
        spec = self.grammar_spec()
        for recogniser in self._recognisers():
            recogniser.set_grammar(spec)

    def _recognisers(self) -> list[Recogniser]:
        hearing = self._hearing
        shared = [] if hearing is None else [hearing.grammar, hearing.free_form]
        return [*shared, *self._room_grammars]

    def _exactly(self, text: str) -> Understanding | None:
        """What the templates alone make of a hearing: which of two hearings to keep, and
        whether a command is already whole, is judged on exact matches; the words kept are
        then understood in full, the learned step included, like typing."""
        return self.matcher.understand(text, learned=False)

    def _free_slots(self) -> frozenset[str]:
        """The slots whose words are free (wildcard lists): a task, a fact, a name."""
        lists = self.matcher.intents.slot_lists
        return frozenset(name for name, values in lists.items() if isinstance(values, Wildcard))

    def _recover(self) -> list[str]:
        """Finish file operations a crash cut short; what was done, in sentences."""
        try:
            return self.files.journal.recover()
        except AssistantError as error:
            return [error.message]

    def notices(self) -> list[str]:
        """Things to tell the user as soon as it starts."""
        notices = [*self._recovered, *self._missed]
        if self.store.moved_aside is not None:
            notices.append(
                f"My memory file was damaged, so I moved it to {self.store.moved_aside} "
                "and started a fresh one."
            )
        return notices

    def introduction(self) -> str | None:
        """What to say on the very first run, when it has just chosen its name."""
        if not self.identity.chosen_now:
            return None
        return self.services.say("first_run")

    def close(self) -> None:
        """Close the recognisers and the memory database."""
        if self._hearing is not None:
            self._hearing.close()
        self.store.close()

    def __enter__(self) -> "Assistant":
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
