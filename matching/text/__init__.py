"""Normalisation and segmentation of Chinese (and English) text."""

from matching.text.normalize import normalize
from matching.text.tokenize import Tokenizer, default_tokenizer

__all__ = ["Tokenizer", "default_tokenizer", "normalize"]
