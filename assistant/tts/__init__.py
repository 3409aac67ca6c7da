"""Text to speech: replies rendered to audio, then played on the chosen output."""
