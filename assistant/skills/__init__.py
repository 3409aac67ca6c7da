"""Skills: one small module per domain, each with its own ``SKILLS`` registry of the intents it
handles. ``assistant.skills.registry.build_registry`` joins an explicit list of them into the
registry a conversation uses; ``assistant.skills.contract`` is what a skill receives and returns.

This package imports nothing itself, so a service can import the contract without loading skills.
"""
