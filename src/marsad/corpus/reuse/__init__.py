"""Text reuse: which documents copy passages of which, and who copied whom.

Two steps, so that the cost grows with the number of *similar* pairs, never with n²:

1. Candidates, from two indexes, neither of which ever compares all pairs:

   * **Winnowed fingerprints** (Schleimer, Wilkerson & Aiken 2003, the MOSS method) find a
     *passage* copied into a longer text, which whole-document similarity cannot: a 40-word
     copy inside two 500-word articles is a Jaccard of ~0.04. Every 4-word shingle of the
     normalised words is hashed (64 bits); in each window of ``WINNOW`` consecutive hashes the
     minimum is kept. This guarantees that any shared run of ``WINNOW + SHINGLE - 1`` = 9 words
     shares a fingerprint, and a run of 20 words (``MIN_SHARED_WORDS``) at least two. Documents
     are paired through an inverted index (numpy sort of all fingerprints) when they share at
     least ``MIN_SHARED_FP`` = 2 fingerprints; a fingerprint held by more than
     ``MAX_POSTINGS`` documents is boilerplate (a slogan, a stock phrase) and proposes nothing,
     so the pairs generated stay bounded by ``MAX_POSTINGS²`` per fingerprint.
   * **MinHash LSH** (datasketch, 128 permutations, Jaccard threshold ``LSH_THRESHOLD`` =
     0.5) over the same shingles finds near-duplicates, including a wire story reprinted so
     widely that all its fingerprints exceed ``MAX_POSTINGS``. The threshold was 0.1 when
     MinHash was the only index (seeds 000/001 share a 58-word passage at a Jaccard of 0.23),
     but at 0.1 its false collisions grow with n² (bench: 502 candidate pairs at 10k
     documents, 3,640 at 30k, ~30,000 at 100k, nearly all false); passages are the
     fingerprints' job now, and at 0.5 LSH proposes almost only true near-duplicates.

   Both are computed once per document at ingest and stored, with their keys in a persistent
   index (``marsad.store.reuse_index``: LSH band keys and fingerprint postings), so that the
   candidates of k new documents cost O(k) index lookups (``indexed_candidate_pairs``), the
   same pairs as building the in-memory index of every document (``candidate_pairs``).
   On the bench's planted 40-word
   copies (150-word documents, Zipf vocabulary) MinHash alone found 89% (1k) / 97% (10k);
   with the fingerprints, see ``bench/bench_corpus.py`` and the note.
2. Alignment. For every candidate pair, 4-word seeds shared by both texts are extended into
   maximal runs of identical normalised words; runs of >= ``MIN_RUN`` words are kept and runs
   separated by a small edit (<= ``MAX_GAP`` words in both texts) are merged into one passage.
   Spans are reported in each document's own character offsets (``a_spans``/``b_spans``), and
   ``share`` is the fraction of b's words that lie in passages found in a.

What counts as reuse (measured on the 41 real same-topic articles of ../shared: 5 seeds + 36
corpus items, 820 pairs): unrelated reports of the same events share stock phrases of at most
**7** consecutive words («قوات سوريا الديمقراطية قسد», «تنظيم الدولة الاسلامية» + a verb...),
while the two real copies share runs of 58 (seeds 000/001) and 23 words (corpus 032/033, a
rewrite of an SOHR report). So a pair is reuse only when it has an *anchor* passage of at least
``MIN_ANCHOR`` = 12 consecutive words outside quotation marks — well above the longest stock
phrase observed — and at least ``MIN_SHARED_WORDS`` words in total. A passage inside quotation
marks in both texts (an official statement both outlets quote) does not count as an anchor
and does not add to ``share``: quoting the same statement is not copying each other.

Direction: an explicit citation decides first — b's claims pass through a's outlet (``via``,
or a claim whose speaker is that outlet), or b's text says «نقلت صحيفة الوطن …», «بحسب
المرصد …» and a is that outlet's — then the earlier ``published`` date; otherwise null.
The pair is oriented so that ``a`` is the source when a direction is known (``a->b``); when
it is not, ``b`` is the shorter text (share = how much of it is found in the longer).

Modules: ``signatures`` (MinHash and fingerprints of one text, and their index keys),
``candidates`` (the pairs worth aligning), ``alignment`` (shared passages of two texts),
``direction`` (who copied whom) and ``detect`` (the reuse objects of candidate pairs).
"""

from marsad.corpus.reuse.alignment import MAX_GAP, MIN_RUN, Passage, Words, align, words_of
from marsad.corpus.reuse.candidates import (
    MAX_CANDIDATES,
    MAX_POSTINGS,
    MIN_SHARED_FP,
    CandidateIndex,
    NewDocument,
    best_by_jaccard,
    candidate_pairs,
    fingerprint_pairs,
    indexed_candidate_pairs,
)
from marsad.corpus.reuse.detect import (
    ALIGN_CACHE,
    MIN_ANCHOR,
    MIN_SHARED_WORDS,
    compare,
    find_reuse,
    reuse_of_pairs,
)
from marsad.corpus.reuse.direction import cites, direction
from marsad.corpus.reuse.signatures import (
    LSH_THRESHOLD,
    MINHASH_SCHEME,
    NUM_PERM,
    SHINGLE,
    WINNOW,
    fingerprint_bytes,
    fingerprint_keys,
    lean_from_bytes,
    lsh_band_keys,
    lsh_bands,
    minhash_bytes,
    minhash_of,
    new_index,
    norm_words,
    same_band,
    sketch_bytes,
)

__all__ = [
    "ALIGN_CACHE", "LSH_THRESHOLD", "MAX_CANDIDATES", "MAX_GAP", "MAX_POSTINGS", "MINHASH_SCHEME",
    "MIN_ANCHOR", "MIN_RUN", "MIN_SHARED_FP", "MIN_SHARED_WORDS", "NUM_PERM", "SHINGLE", "WINNOW",
    "CandidateIndex", "NewDocument", "Passage", "Words", "align", "best_by_jaccard",
    "candidate_pairs", "cites", "compare", "direction", "find_reuse", "fingerprint_bytes",
    "fingerprint_keys", "fingerprint_pairs", "indexed_candidate_pairs", "lean_from_bytes",
    "lsh_band_keys", "lsh_bands", "minhash_bytes", "minhash_of", "new_index", "norm_words",
    "reuse_of_pairs", "same_band", "sketch_bytes", "words_of",
]
