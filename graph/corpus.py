"""The corpus: ``<id>.txt`` articles exactly as received, ``<id>.yaml`` their metadata."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import yaml

MAX_BYTES = 50 * 1024 * 1024


class DocumentError(ValueError):
    """A document that cannot be read, with the file and the reason."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


@dataclass(frozen=True)
class Document:
    """One article: its id, original text, and metadata."""

    docid: str
    text: str
    path: str = ""
    title: str = ""
    published: dt.date | None = None
    published_estimated: bool = False
    language: str = "zh"
    source: str = ""
    licence: str = ""
    meta: dict = field(default_factory=dict, compare=False, hash=False)


def decode(data: bytes, path: Path | str) -> str:
    """Strict UTF-8 (BOM allowed); anything else is a DocumentError naming the problem."""
    if not data.strip():
        raise DocumentError(path, "empty file")
    if b"\x00" in data[:65536]:
        raise DocumentError(path, "binary file (contains NUL bytes), not UTF-8 text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        hint = ""
        try:
            data.decode("gb18030")
            hint = " (it decodes as GBK/GB18030: convert it with `iconv -f GB18030 -t UTF-8`)"
        except UnicodeDecodeError:
            pass
        raise DocumentError(path, f"not UTF-8 at byte {e.start}{hint}") from None
    return text[1:] if text.startswith("\ufeff") else text


def _date(value: object, path: Path) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise DocumentError(path, f"metadata 'published' is not an ISO date: {value!r}") from None


def read_document(txt: Path, published: dt.date | None = None) -> Document:
    """Read one article and its sidecar metadata (``.yaml``), if any."""
    txt = Path(txt)
    try:
        data = txt.read_bytes()
    except OSError as e:
        raise DocumentError(txt, f"cannot read: {e.strerror or e}") from None
    if len(data) > MAX_BYTES:
        raise DocumentError(txt, f"too large ({len(data)} bytes; limit {MAX_BYTES})")
    text = decode(data, txt)
    meta: dict = {}
    sidecar = txt.with_suffix(".yaml")
    if sidecar.exists():
        try:
            meta = yaml.safe_load(sidecar.read_text(encoding="utf-8")) or {}
        except (yaml.YAMLError, UnicodeDecodeError) as e:
            raise DocumentError(sidecar, f"invalid metadata: {e}") from None
        if not isinstance(meta, dict):
            raise DocumentError(sidecar, "metadata must be a mapping")
    pub = published or _date(meta.get("published"), sidecar)
    return Document(
        docid=txt.stem,
        text=text,
        path=str(txt),
        title=str(meta.get("title") or ""),
        published=pub,
        published_estimated=bool(meta.get("published_estimated", False)) and published is None,
        language=str(meta.get("language") or "zh"),
        source=str(meta.get("source") or ""),
        licence=str(meta.get("licence") or ""),
        meta=meta,
    )


def list_corpus(corpus: Path) -> list[Path]:
    corpus = Path(corpus)
    if not corpus.is_dir():
        raise DocumentError(corpus, "corpus directory does not exist")
    return sorted(corpus.glob("*.txt"))


def iter_corpus(corpus: Path) -> Iterator[Document | DocumentError]:
    """Each document of the corpus, or the error that kept it from being read."""
    for path in list_corpus(corpus):
        try:
            yield read_document(path)
        except DocumentError as e:
            yield e
