"""Audio in and out: 16 kHz mono 16-bit PCM everywhere inside the assistant."""

SAMPLE_RATE = 16_000
SAMPLE_WIDTH = 2
CHUNK_SECONDS = 0.02
CHUNK_BYTES = int(SAMPLE_RATE * CHUNK_SECONDS) * SAMPLE_WIDTH
