"""The voice commands of the command line: listen, transcribe, say, devices."""

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from assistant.audio.devices import list_devices
from assistant.audio.sinks import WavSink
from assistant.audio.sources import WavSource
from assistant.audio.wav import TRANSCRIBE_MAX_SECONDS, Samples, write_wav
from assistant.config import Paths, load_settings
from assistant.errors import AssistantError
from assistant.events import Event, Failed, Reply, Transcript, to_json
from assistant.runtime.assistant import Assistant
from assistant.runtime.bus import Bus
from assistant.runtime.companion import Companion
from assistant.runtime.emitter import Emitter
from assistant.runtime.engines import open_microphone, open_speaker, open_voice
from assistant.runtime.pipeline import Pipeline, TurnResult
from assistant.runtime.voice import Listener, Voice
from assistant.stt import (
    Mode,
    Recogniser,
    Recognition,
    choose_engine,
    choose_free_form,
    open_free_form,
    open_recogniser,
)
from assistant.tts import open_synthesiser, render_reply

EXIT_OK, EXIT_FAILED = 0, 1


def listen(args: argparse.Namespace, assistant: Assistant) -> int:
    """Hear each --input-wav in order (or the microphone), one conversation."""
    assistant.bus.subscribe(EventPrinter(args.json, assistant.identity.name))
    companion = Companion(assistant, _voice(args, assistant))
    listener = companion.listen_to()
    results: list[TurnResult] = []
    try:
        if args.input_wav:
            for path in args.input_wav:
                results += _hear_file(listener, companion.pipeline, Path(path))
        else:
            microphone = open_microphone(assistant.settings, args.input_device)
            try:
                results += listener.run(microphone, args.turns)
            finally:
                microphone.close()
    finally:
        companion.close()
    return EXIT_FAILED if any(result.failed for result in results) else EXIT_OK


def _hear_file(listener: Listener, pipeline: Pipeline, path: Path) -> list[TurnResult]:
    try:
        source = WavSource(path)
    except AssistantError as error:
        return [pipeline.fail_audio_turn(error)]
    return list(listener.run(source))


def _voice(args: argparse.Namespace, assistant: Assistant) -> Voice | None:
    if args.speak_to:
        return open_voice(assistant.settings, assistant.emitter, WavSink(Path(args.speak_to)))
    if args.input_wav:
        return None
    sink = open_speaker(assistant.settings, args.output_device)
    return open_voice(assistant.settings, assistant.emitter, sink)


def transcribe_file(args: argparse.Namespace) -> int:
    """Print the words in a WAV file: command grammar, or free-form with --dictation."""
    try:
        source = WavSource(Path(args.file), TRANSCRIBE_MAX_SECONDS)
    except AssistantError as error:
        print(error.message, file=sys.stderr)
        return EXIT_FAILED
    if args.dictation:
        recogniser = open_free_form(choose_free_form())
    else:
        recogniser = open_recogniser(choose_engine())
        with Assistant.open(args.data_dir) as assistant:
            recogniser.set_grammar(assistant.grammar_spec())
    mode = Mode.DICTATION if args.dictation else Mode.COMMAND
    heard = transcribe(recogniser, source.chunks(), mode)
    if args.json:
        event = Transcript(0, heard.text, True, heard.confidence, heard.engine)
        print(json.dumps({**to_json(event), "rejected": heard.rejected}))
    else:
        print(heard.text if heard.text else "(nothing I could make out as a command)")
    return EXIT_OK


def say(args: argparse.Namespace) -> int:
    """Speak TEXT on the speaker, clause by clause as it is rendered, or write it to --out."""
    settings = load_settings(Paths.resolve(args.data_dir))
    text = " ".join(args.text)
    if args.out:
        synthesiser = open_synthesiser(settings)
        try:
            write_wav(Path(args.out), render_reply(synthesiser, text))
        finally:
            synthesiser.close()
        return EXIT_OK
    speaker = open_speaker(settings, args.output_device)
    voice = Voice(Emitter(Bus()), open_synthesiser(settings), speaker)
    try:
        voice.speak(0, text)
    finally:
        voice.close()
    return EXIT_OK


def devices(args: argparse.Namespace) -> int:
    """List the audio devices, by index and name."""
    for line in list_devices():
        print(line)
    return EXIT_OK


def transcribe(recogniser: Recogniser, chunks: Iterable[Samples], mode: Mode) -> Recognition:
    """Recognise a whole recording in one go."""
    pieces = list(chunks)
    return recogniser.decode_whole(np.concatenate(pieces).tobytes() if pieces else b"", mode)


class EventPrinter:
    """Prints events as JSON lines, or the conversation as plain lines."""

    def __init__(self, as_json: bool, name: str) -> None:
        self.as_json = as_json
        self.name = name

    def __call__(self, event: Event) -> None:
        if self.as_json:
            print(json.dumps(to_json(event), ensure_ascii=False), flush=True)
        elif isinstance(event, Transcript):
            print(f"you: {event.text or '(not understood)'}", flush=True)
        elif isinstance(event, Reply):
            print(f"{self.name}: {event.text}", flush=True)
        elif isinstance(event, Failed):
            print(event.message, file=sys.stderr, flush=True)
