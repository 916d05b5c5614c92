//! Arbitrary bytes through the WARC reader (plain or gzip, by content): it must never
//! panic, and must end.
#![no_main]

use dateline_ingest::{ReadOptions, read_warc};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let options = ReadOptions { max_page_bytes: 1 << 20 };
    for item in read_warc("fuzz.warc", std::io::Cursor::new(data.to_vec()), options) {
        if let Ok(page) = item {
            assert!(page.bytes.len() <= 1 << 20, "a page over the limit came through");
        }
    }
});
