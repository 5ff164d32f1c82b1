"""Demo data from the seed article (being built)."""


def load_demo() -> int:
    return 0
