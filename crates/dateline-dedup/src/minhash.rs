//! MinHash signatures over word shingles, and LSH banding.

use xxhash_rust::xxh3::{xxh3_64, xxh3_64_with_seed};

use crate::BandKey;
use crate::normalize::words;

/// A well-mixed 64-bit permutation (splitmix64's finalizer).
fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// `n` fixed seeds, one per signature slot; fixed so signatures stay comparable forever.
pub(crate) fn seeds(n: usize) -> Vec<u64> {
    (0..n as u64)
        .map(|i| mix(i.wrapping_add(0x9e37_79b9_7f4a_7c15)))
        .collect()
}

/// The MinHash signature of normalized text: for each seed, the smallest hash of any
/// `k`-word shingle (the whole text as one shingle when it has fewer than `k` words).
pub(crate) fn signature(normalized: &str, k: usize, seeds: &[u64]) -> Vec<u32> {
    let mut sig = vec![u32::MAX; seeds.len()];
    let hashes: Vec<u64> = words(normalized).map(|w| xxh3_64(w.as_bytes())).collect();
    let mut add = |shingle: u64| {
        for (slot, seed) in sig.iter_mut().zip(seeds) {
            let v = (mix(shingle ^ seed) >> 32) as u32;
            if v < *slot {
                *slot = v;
            }
        }
    };
    if hashes.is_empty() {
        return sig;
    }
    let k = k.clamp(1, hashes.len());
    for window in hashes.windows(k) {
        let shingle = window.iter().fold(0x51_7cc1_b727_220a_u64, |acc, h| {
            mix(acc.rotate_left(17) ^ h)
        });
        add(shingle);
    }
    sig
}

/// The share of equal slots: an estimate of the Jaccard similarity of the shingle sets.
pub(crate) fn similarity(a: &[u32], b: &[u32]) -> f64 {
    if a.len() != b.len() || a.is_empty() {
        return 0.0;
    }
    let same = a.iter().zip(b).filter(|(x, y)| x == y).count();
    same as f64 / a.len() as f64
}

/// The LSH bucket of each band of `rows` slots.
pub(crate) fn bands(sig: &[u32], rows: usize) -> Vec<BandKey> {
    sig.chunks(rows.max(1))
        .enumerate()
        .map(|(band, slots)| {
            let bytes: Vec<u8> = slots.iter().flat_map(|v| v.to_le_bytes()).collect();
            BandKey {
                band: band as u16,
                bucket: xxh3_64_with_seed(&bytes, band as u64) as i64,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_text_identical_signature() {
        let s = seeds(16);
        assert_eq!(signature("a b c d", 3, &s), signature("a b c d", 3, &s));
        assert_eq!(
            similarity(&signature("a b c d", 3, &s), &signature("a b c d", 3, &s)),
            1.0
        );
    }

    #[test]
    fn short_text_is_one_shingle() {
        let s = seeds(16);
        let sig = signature("hello", 3, &s);
        assert!(sig.iter().all(|v| *v != u32::MAX));
    }

    #[test]
    fn estimate_is_close_to_jaccard() {
        let s = seeds(256);
        let a: String = (0..400).map(|i| format!("w{i} ")).collect();
        let b: String = (100..500).map(|i| format!("w{i} ")).collect();
        // 298 shared 3-shingles out of 498: J ~ 0.6
        let est = similarity(&signature(a.trim(), 3, &s), &signature(b.trim(), 3, &s));
        assert!((est - 0.6).abs() < 0.1, "{est}");
    }
}
