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


def list_devices() -> list[str]:
    """One line per audio device: index, name, and its inputs and outputs."""
    try:
        import sounddevice  # noqa: PLC0415

        devices = sounddevice.query_devices()
    except (ImportError, OSError) as error:
        raise AudioError("audio-unavailable", "I can't reach the sound system.") from error
    return [
        f"{index}: {device['name']} ({device['max_input_channels']} in, "
        f"{device['max_output_channels']} out)"
        for index, device in enumerate(devices)
    ]
