//! How gazetteer names become table keys, shared by `build.rs` (which builds the table)
//! and `gazetteer.rs` (which looks names up in it): both must fold and hash alike.

/// The case-folded key of a name: lower case, whitespace collapsed, curly apostrophes straight.
pub(crate) fn fold(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for word in name.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            match c {
                '’' | '‘' => out.push('\''),
                _ => out.extend(c.to_lowercase()),
            }
        }
    }
    out
}

/// FNV-1a over the key's bytes: a few cycles for the short keys of a gazetteer, where a
/// keyed hash (SipHash) costs several times more and buys nothing for static data.
pub(crate) fn hash_bytes(key: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in key {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}
