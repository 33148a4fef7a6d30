"""Offline language models shared by the safety net and the theme review: the sentence encoder."""

from language.encoder import (
    FloatArray,
    MiniLMEncoder,
    SentenceEncoder,
    packaged_encoder,
    packaged_model_dir,
)

__all__ = [
    "FloatArray",
    "MiniLMEncoder",
    "SentenceEncoder",
    "packaged_encoder",
    "packaged_model_dir",
]
