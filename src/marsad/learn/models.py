"""The models shipped with marsad (``src/marsad/models/``), loaded once per process."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from marsad.learn.linear import LinearModel


def models_dir() -> Path:
    return Path(str(resources.files("marsad").joinpath("models")))


@cache
def load(name: str) -> LinearModel:
    directory = models_dir()
    if not (directory / f"{name}.json").is_file():
        raise FileNotFoundError(
            f"marsad: the model {name!r} is missing from {directory} (rebuild it with "
            "`marsad train`)"
        )
    return LinearModel.load(directory, name)


def event_model() -> LinearModel:
    return load("events")
