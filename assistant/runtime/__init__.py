"""The runtime: the assembled assistant, the pipeline and its stages, presence and the bus."""
