"""``assistant doctor``: what works on this machine, what is missing, and how to fix it."""

from collections.abc import Callable
from dataclasses import dataclass

from assistant.audio.devices import list_devices
from assistant.config import Paths, Settings
from assistant.errors import AssistantError
from assistant.frontends.rooms.cli import room_lines, server_line
from assistant.mail.bayes import BayesError, sa_learn_binary, verified_dump
from assistant.mail.junk_filter import JunkFilterError, bogofilter_binary
from assistant.mail.junk_filter import verified_dump as verified_word_list
from assistant.mail.setup import check_account
from assistant.mail.spam import spamd_binary
from assistant.runtime.assistant import Assistant
from assistant.stt import (
    COMMANDS,
    EngineInfo,
    bundled_whisper_model,
    choose_engine,
    choose_free_form,
    describe_recognisers,
    find_vosk_model,
    find_whisper_model,
    models_dir,
)
from assistant.stt.checksums import mismatches
from assistant.tts import (
    PYTTSX3,
    SynthesiserInfo,
    VoiceInfo,
    choose_voice,
    describe_synthesisers,
)


@dataclass(frozen=True)
class Check:
    """One line of the doctor's report."""

    area: str
    """What was checked."""
    ok: bool
    """True when it works."""
    detail: str
    """What was found, or what to do about it."""


def run_checks(paths: Paths) -> list[Check]:
    """Every check, in the order they are shown."""
    checks = [_data_folder(paths)]
    if not checks[0].ok:
        return checks
    with Assistant(paths) as assistant:
        checks += [_memory(assistant), _understanding(assistant), _folders(assistant)]
        checks += [_mail_accounts(assistant), _speech_output(assistant.settings)]
        checks += [_rooms(assistant.settings)]
    return checks + [check() for check in _MACHINE_CHECKS]


def _rooms(settings: Settings) -> Check:
    """The rooms' satellites (reachable or not) and the Home Assistant server."""
    lines = [*room_lines(settings.satellites)] if settings.satellites else []
    server = server_line(settings.wyoming_server, settings.wyoming_port, settings.wyoming_allowed)
    ok = all("not reachable" not in line for line in lines)
    return Check("rooms", ok, "; ".join([*lines, server]))


def _data_folder(paths: Paths) -> Check:
    try:
        paths.prepare()
    except AssistantError as error:
        return Check("data folder", False, error.message)
    return Check("data folder", True, f"{paths.data_dir} (writable)")


def _memory(assistant: Assistant) -> Check:
    turns = assistant.store.count_turns()
    return Check(
        "memory",
        True,
        f"{assistant.paths.database}: {turns} turns; my name is {assistant.identity.name}",
    )


def _understanding(assistant: Assistant) -> Check:
    intents = assistant.matcher.intents.intents
    templates = sum(len(data.sentence_texts) for intent in intents.values() for data in intent.data)
    return Check(
        "understanding", True, f"{len(intents)} intents from {templates} sentence templates"
    )


def _speech_recognition() -> Check:
    if not any(e.installed for e in describe_recognisers() if e.hears == COMMANDS):
        return Check("speech recognition", False, "pocketsphinx is missing: run scripts/setup")
    choice = choose_engine()
    return Check("speech recognition", True, f"{choice.engine}, because {choice.reason}")


def _recognisers() -> Check:
    """Every recogniser known, installed or not, with what it hears, its languages and model."""
    return Check("recognisers", True, "; ".join(map(_described, describe_recognisers())))


def _described(engine: EngineInfo) -> str:
    state = "installed" if engine.installed else "not installed"
    return f"{engine.name} ({engine.hears}, {'/'.join(engine.languages)}): {state}, {engine.note}"


def _free_speech() -> Check:
    """Which recogniser hears free words (Whisper, and which model), and why."""
    choice = choose_free_form()
    ok = choice.engine == "whisper"
    detail = f"{choice.engine}, because {choice.reason}"
    if choice.model is not None and choice.model == bundled_whisper_model():
        problems = mismatches(choice.model)
        ok = ok and not problems
        detail += "; " + ("; ".join(problems) if problems else "its files match their SHA-256")
    return Check("free speech", ok, detail)


def _speech_output(settings: Settings) -> Check:
    """Which voice speaks and why, and whether the fallback (pyttsx3) is there."""
    choice = choose_voice(settings)
    voice = f" ({choice.piper.name})" if choice.piper else ""
    detail = f"{choice.engine}{voice}, because {choice.reason}"
    fallback = next(e for e in describe_synthesisers(system_voices=False) if e.name == PYTTSX3)
    if not fallback.installed:
        return Check("speech output", False, f"{detail}; the fallback, pyttsx3, {fallback.note}")
    return Check("speech output", True, f"{detail}; pyttsx3 with espeak-ng as the fallback")


def _voices() -> Check:
    """Every speech engine known, whether it runs here, and its voices with their languages."""
    return Check("voices", True, "; ".join(map(_synthesiser, describe_synthesisers())))


def _synthesiser(engine: SynthesiserInfo) -> str:
    state = "runs here" if engine.installed else "does not run here"
    named = [_voice(voice) for voice in engine.voices if _named_alone(voice)]
    others = [voice for voice in engine.voices if not _named_alone(voice)]
    if others:
        languages = sorted({language for voice in others for language in voice.languages})
        named.append(f"{len(others)} more voices ({', '.join(languages)})")
    return f"{engine.name} ({state}, {engine.note}): {', '.join(named)}"


def _named_alone(voice: VoiceInfo) -> bool:
    """Piper's voices and an engine's usual one are named; the system's many are counted."""
    return voice.natural or not voice.name


def _voice(voice: VoiceInfo) -> str:
    state = "installed" if voice.installed else "not installed"
    name = voice.name or "its usual voice"
    return f"{name} ({'/'.join(voice.languages)}) {state}, {voice.note}"


def _speech_models() -> Check:
    found = [find_vosk_model(models_dir()), find_whisper_model(models_dir())]
    models = [str(model) for model in found if model is not None]
    if models:
        return Check("models folder", True, "; ".join(models))
    return Check(
        "models folder",
        True,
        f"nothing extra in {models_dir()}: the bundled models are used "
        "(scripts/fetch_models adds larger ones; see models/README.md)",
    )


def _audio_devices() -> Check:
    try:
        devices = list_devices()
    except AssistantError as error:
        return Check("audio devices", False, error.message)
    return Check("audio devices", bool(devices), "; ".join(devices) or "none found")


def _mail_accounts(assistant: Assistant) -> Check:
    """Each account: its password in the keyring, its incoming and its outgoing server, each
    tried now (a short connection; nothing fetched or sent)."""
    accounts = assistant.mail.accounts()
    if not accounts:
        return Check("mail accounts", False, "none yet: assistant mail add NAME URL")
    checked = {account: check_account(account) for account in accounts}
    states = [
        f"{account.name} ({account.url}): " + ", ".join(f"{c.what}: {c.detail}" for c in checks)
        for account, checks in checked.items()
    ]
    ok = all(check.ok for checks in checked.values() for check in checks)
    return Check("mail accounts", ok, "; ".join(states))


def _folders(assistant: Assistant) -> Check:
    existing = [str(path) for path in assistant.files.roots.existing()]
    if not existing:
        return Check(
            "folders", False, "none of the folders I may tidy exist; add one: files allow PATH"
        )
    return Check("folders", True, "I may tidy " + ", ".join(existing))


def _junk_filter() -> Check:
    """bogofilter and its shipped word list's checksum; SpamAssassin for a second opinion."""
    second = _spamassassin()
    if bogofilter_binary() is None:
        return Check("junk filter", second.ok, f"bogofilter is not installed; {second.detail}")
    try:
        verified_word_list()
    except JunkFilterError as error:
        return Check("junk filter", False, f"bogofilter without its word list: {error}")
    return Check(
        "junk filter", True, f"bogofilter (word list checksum ok); unsure mail: {second.detail}"
    )


def _spamassassin() -> Check:
    """SpamAssassin, and the shipped Bayes database's checksum."""
    if spamd_binary() is None or sa_learn_binary() is None:
        return Check("junk filter", False, "SpamAssassin is not installed")
    try:
        verified_dump()
    except BayesError as error:
        return Check("junk filter", False, f"SpamAssassin without its Bayes database: {error}")
    return Check("junk filter", True, "SpamAssassin, local rules and Bayes (checksum ok)")


_MACHINE_CHECKS: tuple[Callable[[], Check], ...] = (
    _speech_recognition,
    _free_speech,
    _recognisers,
    _voices,
    _speech_models,
    _audio_devices,
    _junk_filter,
)


def format_report(checks: list[Check]) -> str:
    """The report as plain lines: a mark, the area, and the detail."""
    width = max(len(check.area) for check in checks)
    return "\n".join(
        f"{'ok' if check.ok else '--'}  {check.area.ljust(width)}  {check.detail}"
        for check in checks
    )
