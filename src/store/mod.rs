//! The data directory and the crash-safe case store. Interface only for now.
