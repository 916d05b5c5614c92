//! Opaque pagination cursors for `GET /api/search`.
//!
//! The store ranks every match of a query and pages by offset (it collects all
//! matches anyway, so any depth costs the same), so a cursor is the next offset bound
//! to the search it came from: `base64url("v1:{offset}:{fingerprint}")`, where the
//! fingerprint hashes the query, sort and `all_versions`. A cursor replayed against
//! another search is rejected instead of silently paging something else.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// What a cursor must match: the search it was issued for.
pub(crate) fn fingerprint(query: &str, sort: &str, all_versions: bool) -> u64 {
    // FNV-1a: stable across builds and platforms, unlike the std hasher.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in query
        .bytes()
        .chain([0])
        .chain(sort.bytes())
        .chain([0, u8::from(all_versions)])
    {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The cursor for the page starting at `offset`.
pub(crate) fn encode(offset: usize, fingerprint: u64) -> String {
    URL_SAFE_NO_PAD.encode(format!("v1:{offset}:{fingerprint:016x}"))
}

/// The offset a cursor points at, if it is well formed and was issued for `fingerprint`.
pub(crate) fn decode(cursor: &str, fingerprint: u64) -> Option<usize> {
    if cursor.len() > 128 {
        return None;
    }
    let raw = URL_SAFE_NO_PAD.decode(cursor.trim()).ok()?;
    let text = std::str::from_utf8(&raw).ok()?;
    let mut parts = text.split(':');
    if parts.next()? != "v1" {
        return None;
    }
    let offset: usize = parts.next()?.parse().ok()?;
    let fp = u64::from_str_radix(parts.next()?, 16).ok()?;
    (parts.next().is_none() && fp == fingerprint).then_some(offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_binds_to_the_search() {
        let fp = fingerprint("country:UZ", "newest", false);
        let c = encode(12_340, fp);
        assert_eq!(decode(&c, fp), Some(12_340));
        assert_eq!(decode(&c, fingerprint("country:UZ", "oldest", false)), None);
        assert_eq!(decode("not a cursor", fp), None);
        assert_eq!(decode("", fp), None);
        assert_eq!(decode(&"A".repeat(500), fp), None);
    }
}
