"""Commands and the build: the CLI, extract, the build cache."""
