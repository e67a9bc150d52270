"""textmine as a spaCy pipeline: a blank ``zh`` Language on the textmine tokenizer with two
registered components (no model weights anywhere).

- ``textmine_terms``: the domain lexicon matched over the tokens (PhraseMatcher) into
  ``doc.spans["terms"]``, each span labelled with its canonical form;
- ``textmine_themes``: the narrative's sentences into ``doc.spans["sentences"]`` and the theme
  tagger's verdict on each into ``doc.spans["themes"]`` (one span per sentence and theme,
  labelled with the theme id; the evidence in ``span._.evidence``).

    >>> nlp = textmine.pipeline.make_pipeline()
    >>> doc = nlp("12345政务热线省级平台全年共接受群众咨询692987件。")
    >>> [(s.text, s.label_) for s in doc.spans["themes"]]

``displacy.render(doc, style="span", options={"spans_key": "themes"})`` shows the evidence.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]*")

if not Span.has_extension("evidence"):
    Span.set_extension("evidence", default=None)


@Language.factory("textmine_terms")
def make_terms(nlp: Language, name: str):
    """Lexicon terms into ``doc.spans["terms"]`` (label: the canonical form)."""
    from .tokens import canonical, entries

    matcher = PhraseMatcher(nlp.vocab)
    terms = sorted({e.term for e in entries()})
    matcher.add("TERM", [nlp.make_doc(t) for t in terms])

    def terms_component(doc: Doc) -> Doc:
        spans = [Span(doc, s, e, label=canonical(doc[s:e].text)) for _, s, e in matcher(doc)]
        doc.spans["terms"] = spans
        return doc

    return terms_component


@Language.factory("textmine_themes")
def make_themes(nlp: Language, name: str):
    """Sentences and their themes (with evidence) into ``doc.spans``."""
    from .themes import tag_texts

    def themes_component(doc: Doc) -> Doc:
        sentences: list[Span] = []
        for m in _SENTENCE.finditer(doc.text):
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is not None and span.text.strip():
                sentences.append(span)
        doc.spans["sentences"] = sentences
        themed: list[Span] = []
        for span, tags in zip(sentences, tag_texts([s.text for s in sentences]), strict=True):
            for theme in tags.themes:
                tagged = Span(doc, span.start, span.end, label=theme)
                tagged._.evidence = tags.evidence.get(theme, [])
                themed.append(tagged)
        doc.spans["themes"] = themed
        return doc

    return themes_component


def make_pipeline() -> Language:
    """The blank ``zh`` pipeline with the textmine tokenizer, terms and themes."""
    from .tokens import make_nlp

    nlp = make_nlp()
    nlp.add_pipe("textmine_terms")
    nlp.add_pipe("textmine_themes")
    return nlp
