"""The learning layer: decisions learned from gold annotations of real news.

Lexicons and clause analysis propose candidates with high recall (``marsad.extract``); the
models here decide what a reader decides — is the document about conflict at all, is this
candidate a real happening, of which type, told with which modality — and give every event a
calibrated ``confidence``. Models are small linear models trained by ``marsad train`` from
``../shared/gold`` and the project's own gold, stored as JSON + ``.npy`` (no pickle), and
applied with numpy alone.
"""
