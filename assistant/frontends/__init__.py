"""The front ends: the command line, the terminal conversation and the voice commands."""
