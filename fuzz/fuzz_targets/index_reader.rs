//! The queue index reader on arbitrary bytes, as the whole file and line by
//! line behind valid checksums: it must never panic, and what it accepts
//! must be consistent.
#![no_main]

use libfuzzer_sys::fuzz_target;
use migdesk::queue_index::reader_check::read_index_input;

fuzz_target!(|data: &[u8]| {
    read_index_input(data);
});
