//! In-memory story clustering: the reference the store's SQL version follows.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use dateline_types::{RecordId, Release};

use crate::{BandKey, Candidates, Dedup, Fingerprint, Verdict};

/// Groups releases into stories in memory.
///
/// A story is a connected component of the relation "similar above the threshold, or
/// seen at the same URL"; its id is the smallest [`RecordId`] in the component. Both
/// the relation and the id are independent of insertion order, and inserting the same
/// release twice changes nothing, so the partition is order-insensitive and idempotent.
#[derive(Debug, Clone)]
pub struct Clusters {
    dedup: Dedup,
    records: BTreeMap<RecordId, Fingerprint>,
    by_key: HashMap<u128, RecordId>,
    by_url: HashMap<String, RecordId>,
    buckets: HashMap<BandKey, BTreeSet<RecordId>>,
    edges: BTreeMap<RecordId, BTreeSet<RecordId>>,
    story: BTreeMap<RecordId, RecordId>,
}

impl Clusters {
    /// An empty set of stories.
    pub fn new(dedup: Dedup) -> Self {
        Clusters {
            dedup,
            records: BTreeMap::new(),
            by_key: HashMap::new(),
            by_url: HashMap::new(),
            buckets: HashMap::new(),
            edges: BTreeMap::new(),
            story: BTreeMap::new(),
        }
    }

    /// Adds a release seen at `url_key` (its URL, else its source label). Returns the
    /// record that holds it (an existing one for an exact duplicate) and the verdict.
    pub fn insert(&mut self, release: &Release, url_key: &str) -> (RecordId, Verdict) {
        let fp = self.dedup.fingerprint(release);
        let same_url = self.by_url.get(url_key).cloned();
        if let Some(existing) = self.by_key.get(&fp.content_key).cloned() {
            if let Some(prev) = same_url.filter(|p| *p != existing) {
                self.link(&existing, &prev);
            }
            self.by_url.insert(url_key.to_string(), existing.clone());
            return (existing.clone(), Verdict::Duplicate { of: existing });
        }
        let id = fp.record_id();
        let bands = self.dedup.bands(&fp);
        let mut near = BTreeSet::new();
        for key in &bands {
            if let Some(ids) = self.buckets.get(key) {
                near.extend(ids.iter().cloned());
            }
        }
        let near: Vec<(RecordId, f64)> = near
            .into_iter()
            .filter_map(|other| {
                let ofp = self.records.get(&other)?;
                Some((other, self.dedup.similarity(&fp, ofp)))
            })
            .collect();
        let verdict = self.dedup.verdict(&Candidates {
            exact: None,
            same_url: same_url.clone(),
            near: near.clone(),
        });
        self.records.insert(id.clone(), fp.clone());
        self.by_key.insert(fp.content_key, id.clone());
        self.by_url.insert(url_key.to_string(), id.clone());
        for key in bands {
            self.buckets.entry(key).or_default().insert(id.clone());
        }
        self.story.insert(id.clone(), id.clone());
        self.edges.entry(id.clone()).or_default();
        for (other, sim) in near {
            if sim >= self.dedup.config.threshold {
                self.link(&id, &other);
            }
        }
        if let Some(prev) = same_url {
            self.link(&id, &prev);
        }
        (id, verdict)
    }

    fn link(&mut self, a: &RecordId, b: &RecordId) {
        self.edges.entry(a.clone()).or_default().insert(b.clone());
        self.edges.entry(b.clone()).or_default().insert(a.clone());
        // Recompute the story of the merged component: smallest id wins.
        let component = self.component(a);
        if let Some(min) = component.first().cloned() {
            for id in component {
                self.story.insert(id, min.clone());
            }
        }
    }

    fn component(&self, start: &RecordId) -> BTreeSet<RecordId> {
        let mut seen = BTreeSet::from([start.clone()]);
        let mut stack = vec![start.clone()];
        while let Some(id) = stack.pop() {
            for next in self.edges.get(&id).into_iter().flatten() {
                if seen.insert(next.clone()) {
                    stack.push(next.clone());
                }
            }
        }
        seen
    }

    /// The story a record belongs to.
    pub fn story_of(&self, id: &RecordId) -> Option<&RecordId> {
        self.story.get(id)
    }

    /// Every story with its records.
    pub fn partition(&self) -> BTreeMap<RecordId, BTreeSet<RecordId>> {
        let mut out: BTreeMap<RecordId, BTreeSet<RecordId>> = BTreeMap::new();
        for (id, story) in &self.story {
            out.entry(story.clone()).or_default().insert(id.clone());
        }
        out
    }

    /// The number of records held.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// True when nothing was inserted.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }
}
