"""Rooms: Wyoming satellites in other rooms, and the Wyoming server Home Assistant uses.

Each room has its own conversation (a plan asked there is confirmed only there) and shares the
one memory. Wyoming carries no password and no encryption, so the server listens on this computer
only unless the user lists the addresses allowed to use it.
"""
