"""``python -m textmine``: the same command as ``textmine``, for when scripts are not on PATH."""

from .cli import app

app(prog_name="textmine")
