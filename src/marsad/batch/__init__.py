"""Batch runs on a Dask cluster: files, JSONL shards or Parquet in, Parquet datasets out.

``marsad batch INPUT... --out DIR [--scheduler ADDRESS]`` (``cli/batch.py``) plans the input
into partitions (``sources``), maps the pipeline over them on the cluster (``analyze_step``:
each partition's documents, events, claims and entities, and the text-reuse sketches, written
as Parquet by the worker that made them), commits the new days (``dataset``), then runs the
corpus stages spread over the workers: text reuse by band/fingerprint groupby and alignment
of the candidate pairs only (``reuse_step``), incidents by blocks (``incidents_step``).
``marsad ingest DIR`` loads such a dataset into the store (``load``).

The steps are pure functions of their inputs and files, so the same code runs on a local
cluster, a remote one, or (``engine.InlineEngine``) in this process.
"""
