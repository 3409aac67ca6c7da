"""Files: the folders the user allows, an index to find things fast, plans to tidy them, and a
journal that makes every move undoable and every crash recoverable."""
