"""Audio devices through sounddevice (PortAudio): listing them, and opening a stream on one."""

from typing import Any

from assistant.audio import SAMPLE_RATE
from assistant.errors import AudioError

CHUNK_SAMPLES = 320
"""20 ms at 16 kHz: the block size of every stream."""


def open_stream(kind: str, device: str | int | None, role: str, **options: Any) -> Any:
    """A started 16 kHz mono int16 sounddevice stream of ``kind`` ("RawInputStream", ...).

    A device that cannot be opened becomes an ``AudioError`` that names it.
    """
    import sounddevice  # noqa: PLC0415 - needs PortAudio, loaded only for live audio

    try:
        stream = getattr(sounddevice, kind)(
            samplerate=SAMPLE_RATE,
            channels=1,
            dtype="int16",
            blocksize=CHUNK_SAMPLES,
            device=device,
            **options,
        )
        stream.start()
    except (sounddevice.PortAudioError, ValueError) as error:
        code = "audio-input-unavailable" if role == "microphone" else "audio-output-unavailable"
        raise AudioError(
            code,
            f"I can't open the {role} {device or ''}".strip()
            + ". Check that it is plugged in, or choose another in the settings.",
        ) from error
    return stream


def device_from(name: str | None) -> str | int | None:
    """A device as the user named it: an index, a name (or part of one), or the default."""
    if not name:
        return None
    return int(name) if name.isdigit() else name


def list_devices() -> list[str]:
    """One line per audio device: index, name, and its inputs and outputs."""
    return [
        f"{index}: {device['name']} ({device['max_input_channels']} in, "
        f"{device['max_output_channels']} out)"
        for index, device in enumerate(_query_devices())
    ]


def device_names(direction: str) -> list[str]:
    """The names of the devices that can record (``"input"``) or play (``"output"``)."""
    channels = f"max_{direction}_channels"
    return [str(device["name"]) for device in _query_devices() if device[channels] > 0]


def _query_devices() -> list[dict[str, Any]]:
    try:
        import sounddevice  # noqa: PLC0415

        return list(sounddevice.query_devices())
    except (ImportError, OSError) as error:
        raise AudioError("audio-unavailable", "I can't reach the sound system.") from error
