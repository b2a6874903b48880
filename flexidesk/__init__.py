"""FlexiDesk: a primary school's pastoral, alternative-provision and flexi-schooling desk."""


def __getattr__(name: str):
    # The version is set once, in pyproject.toml; read on demand (metadata is not free).
    if name == "__version__":
        from flexidesk.identity import VERSION

        return VERSION
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
