//! Union-find that refuses a merge which would join conflicting members: each cluster keeps a
//! summary of what its members are known to be, and two clusters join only when their summaries
//! agree.

/// What a cluster's members are known to be, so a merge can be refused.
pub trait Summary {
    /// Whether the two clusters cannot be one (two people of one report, different ages…).
    fn conflicts(&self, other: &Self) -> bool;
    /// Take in the other cluster's members.
    fn absorb(&mut self, other: Self);
}

/// Disjoint sets over `0..n` with a summary per set.
#[derive(Debug)]
pub struct Clusters<S> {
    parent: Vec<u32>,
    size: Vec<u32>,
    summary: Vec<Option<S>>,
}

/// What [`Clusters::merge`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Merge {
    /// The two were joined.
    Joined,
    /// They were one cluster already.
    Already,
    /// Their summaries conflict; left apart.
    Refused,
}

impl<S: Summary> Clusters<S> {
    /// One singleton cluster per summary, numbered in order.
    pub fn new(summaries: Vec<S>) -> Self {
        let n = summaries.len();
        Self {
            parent: (0..n as u32).collect(),
            size: vec![1; n],
            summary: summaries.into_iter().map(Some).collect(),
        }
    }

    /// The representative of `i`'s cluster.
    pub fn find(&mut self, i: usize) -> usize {
        let mut root = i;
        while self.parent[root] as usize != root {
            root = self.parent[root] as usize;
        }
        let mut at = i;
        while self.parent[at] as usize != root {
            let next = self.parent[at] as usize;
            self.parent[at] = root as u32;
            at = next;
        }
        root
    }

    /// Join the clusters of `a` and `b` unless their summaries conflict.
    pub fn merge(&mut self, a: usize, b: usize) -> Merge {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return Merge::Already;
        }
        let conflict = match (&self.summary[ra], &self.summary[rb]) {
            (Some(x), Some(y)) => x.conflicts(y),
            _ => false,
        };
        if conflict {
            return Merge::Refused;
        }
        let (big, small) = if self.size[ra] >= self.size[rb] {
            (ra, rb)
        } else {
            (rb, ra)
        };
        self.parent[small] = big as u32;
        self.size[big] += self.size[small];
        if let Some(taken) = self.summary[small].take()
            && let Some(kept) = self.summary[big].as_mut()
        {
            kept.absorb(taken);
        }
        Merge::Joined
    }

    /// The cluster number of every element: clusters numbered 0.. in the order of their
    /// smallest element, so the numbering is deterministic.
    pub fn labels(&mut self) -> Vec<usize> {
        let n = self.parent.len();
        let mut label_of_root = vec![usize::MAX; n];
        let mut next = 0;
        let mut labels = Vec::with_capacity(n);
        for i in 0..n {
            let r = self.find(i);
            if label_of_root[r] == usize::MAX {
                label_of_root[r] = next;
                next += 1;
            }
            labels.push(label_of_root[r]);
        }
        labels
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A test summary: the set of "colours"; two clusters conflict when both hold a colour
    /// and the colours differ.
    #[derive(Debug)]
    struct Colour(Option<u8>);

    impl Summary for Colour {
        fn conflicts(&self, other: &Self) -> bool {
            matches!((self.0, other.0), (Some(a), Some(b)) if a != b)
        }
        fn absorb(&mut self, other: Self) {
            self.0 = self.0.or(other.0);
        }
    }

    #[test]
    fn joins_and_refuses_by_summary() {
        let mut c = Clusters::new(vec![Colour(Some(1)), Colour(None), Colour(Some(2))]);
        assert_eq!(c.merge(0, 1), Merge::Joined);
        assert_eq!(c.merge(1, 0), Merge::Already);
        // 1 now carries colour 1 through its cluster, so it cannot join colour 2.
        assert_eq!(c.merge(1, 2), Merge::Refused);
        assert_eq!(c.labels(), vec![0, 0, 1]);
    }
}
