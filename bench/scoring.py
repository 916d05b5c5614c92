"""Scoring for the extraction benchmark, exactly as defined in
`shared/data/extraction-dev/README.md` ("Metrics"). Every tool's output goes
through the same functions; nothing here knows which tool produced a text.

Pure standard library, so the scorer can be checked without the peers:
`python3 bench/scoring.py` runs its self-checks.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass

# Unicode `\w+`: Python's `re` matches Unicode word characters on `str` by default.
TOKEN = re.compile(r"\w+")
SPACE = re.compile(r"\s+")


def tokens(text: str) -> list[str]:
    """The metric's tokens: matches of `\\w+`, case and punctuation untouched."""
    return TOKEN.findall(text or "")


def shingles(toks: list[str]) -> Counter:
    """Multiset of 4-token runs; fewer than 4 tokens give one shingle of all of them."""
    if not toks:
        return Counter()
    if len(toks) < 4:
        return Counter([tuple(toks)])
    return Counter(tuple(toks[i : i + 4]) for i in range(len(toks) - 3))


@dataclass
class BodyPage:
    """One page's body score; `p`/`r` are None when the page does not enter that mean."""

    p: float | None
    r: float | None
    f1: float
    exact: bool


def score_body_page(truth: str, pred: str) -> BodyPage:
    """Steps 1-5 of the README's body metric for one page."""
    t_toks, p_toks = tokens(truth), tokens(pred)
    t, p = shingles(t_toks), shingles(p_toks)
    tp = fp = fn = 0
    for sh in t.keys() | p.keys():
        ct, cp = t.get(sh, 0), p.get(sh, 0)
        tp += min(ct, cp)
        fp += max(0, cp - ct)
        fn += max(0, ct - cp)
    total = tp + fp + fn
    exact = t_toks == p_toks
    if total == 0:
        # Both empty: enters neither mean; counts as a correct page for mean F1.
        return BodyPage(None, None, 1.0, exact)
    # Normalising by `total` (README step 4) leaves the ratios unchanged; kept
    # implicit because P and R are ratios of the normalised counts.
    prec = tp / (tp + fp) if tp + fp > 0 else None
    rec = tp / (tp + fn) if tp + fn > 0 else None
    pp, rr = prec or 0.0, rec or 0.0
    f1 = 2 * pp * rr / (pp + rr) if pp + rr > 0 else 0.0
    return BodyPage(prec, rec, f1, exact)


def _mean(xs: list[float]) -> float:
    return sum(xs) / len(xs) if xs else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r > 0 else 0.0


def aggregate_body(pages: list[BodyPage], bootstrap: int = 1000, seed: int = 0) -> dict:
    """Corpus figures: P = mean over pages with a predicted shingle, R = mean over
    pages with a true shingle, F1 = 2PR/(P+R) of those means (the scrapinghub
    convention); also the mean of per-page F1 and the exact-token accuracy.
    `*_std` are standard deviations over `bootstrap` page resamples."""

    def point(sample: list[BodyPage]) -> tuple[float, float, float]:
        p = _mean([x.p for x in sample if x.p is not None])
        r = _mean([x.r for x in sample if x.r is not None])
        return p, r, _f1(p, r)

    p, r, f1 = point(pages)
    out = {
        "pages": len(pages),
        "precision": p,
        "recall": r,
        "f1": f1,
        "mean_page_f1": _mean([x.f1 for x in pages]),
        "accuracy": _mean([1.0 if x.exact else 0.0 for x in pages]),
    }
    if pages and bootstrap > 0:
        rng = random.Random(seed)
        samples = [point(rng.choices(pages, k=len(pages))) for _ in range(bootstrap)]
        for i, key in enumerate(("precision", "recall", "f1")):
            vals = [s[i] for s in samples]
            mu = _mean(vals)
            out[f"{key}_std"] = (_mean([(v - mu) ** 2 for v in vals])) ** 0.5
    return out


def normalize_space(text: str) -> str:
    return SPACE.sub(" ", text or "").strip()


def score_snippets_page(text: str, with_: list[str], without: list[str]) -> dict:
    """TP/FN over `with`, FP/TN over `without`: substring tests after whitespace normalisation."""
    norm = normalize_space(text)
    tp = sum(1 for s in with_ if normalize_space(s) in norm)
    fp = sum(1 for s in without if normalize_space(s) in norm)
    return {"tp": tp, "fn": len(with_) - tp, "fp": fp, "tn": len(without) - fp}


def aggregate_snippets(pages: list[dict]) -> dict:
    """Counts summed over pages, then P, R, accuracy, F1 (trafilatura's benchmark)."""
    tp = sum(p["tp"] for p in pages)
    fn = sum(p["fn"] for p in pages)
    fp = sum(p["fp"] for p in pages)
    tn = sum(p["tn"] for p in pages)
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    total = tp + fn + fp + tn
    return {
        "pages": len(pages),
        "tp": tp,
        "fn": fn,
        "fp": fp,
        "tn": tn,
        "precision": prec,
        "recall": rec,
        "accuracy": (tp + tn) / total if total else 0.0,
        "f1": _f1(prec, rec),
        # The two halves of accuracy, so `with` and `without` can be read apart.
        "with_found": tp / (tp + fn) if tp + fn else 0.0,
        "without_avoided": tn / (tn + fp) if tn + fp else 0.0,
    }


def token_f1(truth: str, pred: str) -> float:
    """Bag-of-tokens F1 between two short strings (titles, authors)."""
    t, p = Counter(tokens(truth)), Counter(tokens(pred))
    if not t and not p:
        return 1.0
    common = sum((t & p).values())
    if common == 0:
        return 0.0
    return _f1(common / sum(p.values()), common / sum(t.values()))


def aggregate_text_field(pairs: list[tuple[str, str | None]]) -> dict:
    """Exact match after whitespace normalisation, token F1, and coverage, over
    pages with a truth value; a missing prediction scores 0 on both."""
    exact = f1 = given = 0.0
    for truth, pred in pairs:
        if pred is None or not pred.strip():
            continue
        given += 1
        exact += normalize_space(truth) == normalize_space(pred)
        f1 += token_f1(truth, pred)
    n = len(pairs)
    return {
        "pages": n,
        "given": int(given),
        "exact": exact / n if n else 0.0,
        "token_f1": f1 / n if n else 0.0,
    }


DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def day_of(value: str | None) -> str | None:
    """`YYYY-MM-DD` from an ISO date or timestamp; None for partial dates (a year
    or month alone cannot match a day) and for anything else."""
    if not value:
        return None
    m = DAY.match(value.strip())
    return m.group(0) if m else None


def aggregate_dates(pairs: list[tuple[str, str | None]]) -> dict:
    """htmldate's counting: right day = TP, wrong day = FP, no day = FN."""
    tp = fp = fn = 0
    for truth, pred in pairs:
        day = day_of(pred)
        if day is None:
            fn += 1
        elif day == truth:
            tp += 1
        else:
            fp += 1
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    return {
        "pages": len(pairs),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": prec,
        "recall": rec,
        "f1": _f1(prec, rec),
        "accuracy": tp / len(pairs) if pairs else 0.0,
    }


def _self_check() -> None:
    same = score_body_page("one two three four five", "one two three four five")
    assert (same.p, same.r, same.f1, same.exact) == (1.0, 1.0, 1.0, True)
    empty_pred = score_body_page("one two three four five", "")
    assert empty_pred.p is None and empty_pred.r == 0.0 and empty_pred.f1 == 0.0
    empty_truth = score_body_page("", "a b")
    assert empty_truth.p == 0.0 and empty_truth.r is None
    both_empty = score_body_page("", " ")
    assert both_empty.p is None and both_empty.r is None and both_empty.exact
    short = score_body_page("a b", "a b, c")
    assert short.p == 0.0 and short.r == 0.0  # one shingle each, different
    half = score_body_page("a b c d e", "a b c d x y")
    # truth shingles abcd, bcde; pred abcd, bcdx, cdxy -> TP 1, FN 1, FP 2
    assert abs(half.p - 1 / 3) < 1e-9 and abs(half.r - 1 / 2) < 1e-9
    agg = aggregate_body([same, empty_pred, empty_truth, both_empty], bootstrap=0)
    assert agg["precision"] == 0.5 and agg["recall"] == 0.5  # (1+0)/2 each
    sn = score_snippets_page("Hello   big\nworld. Menu", ["big world", "absent"], ["Menu", "Footer"])
    assert sn == {"tp": 1, "fn": 1, "fp": 1, "tn": 1}
    assert aggregate_dates([("2020-01-02", "2020-01-02T10:00"), ("2020-01-02", "2020-01"), ("2020-01-02", "2021-01-02")])[
        "tp"
    ] == 1
    assert token_f1("A title - Site", "A title") == 0.8
    print("scoring self-check: ok")


if __name__ == "__main__":
    _self_check()
