"""The one SQLite database every domain keeps its rows in, and its migrations."""
