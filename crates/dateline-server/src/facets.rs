//! A small cache of facet counts. Facets count over every hit of a query, whatever
//! the page, sort or limit, so paging and re-sorting a search reuse them; any write
//! to the archive empties the cache.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

use dateline_store::Facets;

/// Queries whose facets are kept.
const CAPACITY: usize = 256;

/// What identifies a facet computation.
type Key = (String, bool, usize);

#[derive(Debug, Default)]
struct Inner {
    generation: u64,
    map: HashMap<Key, Facets>,
    order: VecDeque<Key>,
}

/// Facet counts by (query, all_versions, facet_limit), for one archive generation.
#[derive(Debug, Default)]
pub(crate) struct FacetCache {
    inner: Mutex<Inner>,
}

impl FacetCache {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The cached facets, if computed at this generation.
    pub(crate) fn get(&self, generation: u64, key: &Key) -> Option<Facets> {
        let inner = self.lock();
        (inner.generation == generation)
            .then(|| inner.map.get(key).cloned())
            .flatten()
    }

    /// Keeps facets computed at `generation`, evicting the oldest entry when full.
    pub(crate) fn put(&self, generation: u64, key: Key, facets: Facets) {
        let mut inner = self.lock();
        if inner.generation != generation {
            if generation < inner.generation {
                return;
            }
            inner.generation = generation;
            inner.map.clear();
            inner.order.clear();
        }
        if inner.map.contains_key(&key) {
            return;
        }
        if inner.order.len() >= CAPACITY
            && let Some(old) = inner.order.pop_front()
        {
            inner.map.remove(&old);
        }
        inner.order.push_back(key.clone());
        inner.map.insert(key, facets);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forgets_on_a_new_generation_and_when_full() {
        let cache = FacetCache::default();
        let key = |q: &str| (q.to_string(), false, 10);
        cache.put(0, key("a"), Facets::default());
        assert!(cache.get(0, &key("a")).is_some());
        assert!(cache.get(1, &key("a")).is_none());
        cache.put(1, key("b"), Facets::default());
        assert!(cache.get(1, &key("a")).is_none());
        for i in 0..CAPACITY + 1 {
            cache.put(1, key(&i.to_string()), Facets::default());
        }
        assert!(cache.get(1, &key("b")).is_none());
        assert!(cache.get(1, &key(&CAPACITY.to_string())).is_some());
    }
}
