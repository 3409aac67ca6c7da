"""The voice commands of the command line: listen, transcribe, say, devices."""

import argparse
import json
import sys
from pathlib import Path

from assistant.app import Assistant
from assistant.audio.devices import device_from, list_devices
from assistant.audio.sinks import AudioSink, SpeakerSink, WavSink
from assistant.audio.sources import MicrophoneSource, WavSource
from assistant.audio.wav import TRANSCRIBE_MAX_SECONDS, write_wav
from assistant.bus import Bus
from assistant.config import Paths, load_settings
from assistant.errors import AssistantError
from assistant.events import Event, Failed, Reply, Transcript, to_json
from assistant.pipeline import Emitter, TurnResult
from assistant.stt import Mode, choose_engine, open_recogniser
from assistant.tts import open_synthesiser, render_reply
from assistant.voice import Listener, Voice, transcribe

EXIT_OK, EXIT_FAILED = 0, 1


def listen(args: argparse.Namespace, assistant: Assistant) -> int:
    """Hear each --input-wav in order (or the microphone), one conversation."""
    assistant.bus.subscribe(EventPrinter(args.json, assistant.identity.name))
    pipeline = assistant.conversation()
    voice = _voice(args, assistant)
    listener = Listener(
        pipeline,
        assistant.recogniser(),
        voice,
        name_first=lambda: assistant.settings.name_first,
    )
    results: list[TurnResult] = []
    try:
        if args.input_wav:
            for path in args.input_wav:
                results += _hear_file(listener, Path(path))
        else:
            chosen = args.input_device or assistant.settings.input_device
            microphone = MicrophoneSource(device_from(chosen))
            try:
                results += listener.run(microphone, args.turns)
            finally:
                microphone.close()
    finally:
        if voice is not None:
            voice.close()
    return EXIT_FAILED if any(result.failed for result in results) else EXIT_OK


def _hear_file(listener: Listener, path: Path) -> list[TurnResult]:
    try:
        source = WavSource(path)
    except AssistantError as error:
        return [listener.pipeline.fail_audio_turn(error)]
    return list(listener.run(source))


def _voice(args: argparse.Namespace, assistant: Assistant) -> Voice | None:
    sink: AudioSink
    if args.speak_to:
        sink = WavSink(Path(args.speak_to))
    elif args.input_wav:
        return None
    else:
        sink = SpeakerSink(device_from(args.output_device or assistant.settings.output_device))
    return Voice(assistant.emitter, open_synthesiser(assistant.settings), sink)


def transcribe_file(args: argparse.Namespace) -> int:
    """Print the words in a WAV file: command grammar, or free-form with --dictation."""
    try:
        source = WavSource(Path(args.file), TRANSCRIBE_MAX_SECONDS)
    except AssistantError as error:
        print(error.message, file=sys.stderr)
        return EXIT_FAILED
    choice = choose_engine()
    recogniser = open_recogniser(choice)
    if not args.dictation:
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
    speaker = SpeakerSink(device_from(args.output_device or settings.output_device))
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
