"""The user's own calendars, read only: ``.ics`` files and CalDAV calendars."""
