//! Work spread over every core with scoped threads: reading and parsing
//! many case files, decoding many index lines. No thread pool is kept; a
//! call starts its threads and joins them before it returns.

use std::sync::atomic::{AtomicUsize, Ordering};

/// Below this many items the work is done on the calling thread: starting
/// threads would cost more than it saves.
const PARALLEL_FROM: usize = 64;

/// Items handed to a worker at a time: enough to make claiming cheap,
/// few enough to keep both cores busy to the end.
const BATCH: usize = 32;

/// `items.iter().map(work)`, in order, on every core.
pub fn parallel_map<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    if workers < 2 || items.len() < PARALLEL_FROM {
        return items.iter().map(work).collect();
    }
    let next = AtomicUsize::new(0);
    let mut pieces: Vec<(usize, Vec<R>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let start = next.fetch_add(BATCH, Ordering::Relaxed);
                        if start >= items.len() {
                            return done;
                        }
                        let end = (start + BATCH).min(items.len());
                        done.push((start, items[start..end].iter().map(&work).collect()));
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    pieces.sort_by_key(|(start, _)| *start);
    pieces
        .into_iter()
        .flat_map(|(_, results)| results)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parallel_map_keeps_the_order() {
        let items: Vec<usize> = (0..1000).collect();
        let doubled = parallel_map(&items, |n| n * 2);
        assert_eq!(doubled, items.iter().map(|n| n * 2).collect::<Vec<_>>());
    }
}
