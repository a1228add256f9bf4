//! The work queue of `vigil ingest --worker` (migration 3): sources claimed
//! by workers on any machine with `FOR UPDATE SKIP LOCKED`, held under a
//! lease, and claimed again by another worker once a lease expires.

use std::time::Duration;

use chrono::{DateTime, Utc};
use vigil_store::StoreError;

use crate::PostgresStore;
use crate::convert::{Context, Result, to_u64};

/// A claimed source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkItem {
    /// The queue row.
    pub id: i64,
    /// The source as `vigil ingest` takes it.
    pub source: String,
    /// How many times it has been claimed, this claim included.
    pub attempts: u32,
}

/// The queue's items by state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct QueueCounts {
    /// Waiting for a worker (leased ones included).
    pub pending: u64,
    /// Pending and held by a worker whose lease has not expired.
    pub leased: u64,
    /// Processed.
    pub done: u64,
    /// Given up after an error.
    pub failed: u64,
    /// Claimed more than once: a worker died or was too slow for its lease.
    pub retried: u64,
}

impl PostgresStore {
    /// Adds sources to the queue; a source already queued is pending again
    /// (a feed is read anew). Returns how many were added or re-queued.
    pub fn enqueue(&self, sources: &[String], at: DateTime<Utc>) -> Result<u64> {
        self.pool().queue(|db| {
            db.exec(
                "INSERT INTO work_queue (source, enqueued_at) SELECT s, $2 FROM unnest($1::text[]) s
                 ON CONFLICT (source) DO UPDATE SET state = 'pending', enqueued_at = $2,
                     lease_owner = NULL, lease_until = NULL, finished_at = NULL, error = NULL
                 WHERE work_queue.state <> 'pending'",
                &[&sources, &at],
                "queueing sources",
            )
        })
    }

    /// Claims up to `limit` pending sources for `worker` until `lease` from
    /// now (the server's clock): ones never claimed or whose lease expired,
    /// oldest first. Workers never wait for each other's claims.
    pub fn claim(&self, worker: &str, limit: u32, lease: Duration) -> Result<Vec<WorkItem>> {
        let seconds = lease.as_secs_f64();
        if !(seconds > 0.0 && seconds.is_finite()) {
            return Err(StoreError::InvalidQuery(
                "a lease must be positive".to_owned(),
            ));
        }
        self.pool().queue(|db| {
            let rows = db.query(
                "UPDATE work_queue q SET lease_owner = $1,
                     lease_until = clock_timestamp() + make_interval(secs => $3),
                     attempts = q.attempts + 1
                 WHERE q.id IN (SELECT id FROM work_queue
                                WHERE state = 'pending'
                                  AND (lease_until IS NULL OR lease_until < clock_timestamp())
                                ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED)
                 RETURNING q.id, q.source, q.attempts",
                &[&worker, &i64::from(limit), &seconds],
                "claiming work",
            )?;
            let mut items = rows
                .iter()
                .map(|r| {
                    Ok(WorkItem {
                        id: r.try_get(0)?,
                        source: r.try_get(1)?,
                        attempts: u32::try_from(r.try_get::<_, i64>(2)?).unwrap_or(u32::MAX),
                    })
                })
                .collect::<std::result::Result<Vec<_>, postgres::Error>>()
                .ctx("claiming work")?;
            items.sort_by_key(|i| i.id);
            Ok(items)
        })
    }

    /// Marks items `worker` holds done, or failed with their error. An item
    /// whose lease `worker` lost (it expired and another claimed it) is left
    /// to its new holder.
    pub fn finish(
        &self,
        worker: &str,
        done: &[i64],
        failed: &[(i64, String)],
        at: DateTime<Utc>,
    ) -> Result<()> {
        self.pool().queue(|db| {
            db.exec(
                "UPDATE work_queue SET state = 'done', finished_at = $3,
                     lease_owner = NULL, lease_until = NULL
                 WHERE id = ANY($1) AND lease_owner = $2 AND state = 'pending'",
                &[&done, &worker, &at],
                "finishing work",
            )?;
            for (id, error) in failed {
                db.exec(
                    "UPDATE work_queue SET state = 'failed', finished_at = $3, error = $4,
                         lease_owner = NULL, lease_until = NULL
                     WHERE id = $1 AND lease_owner = $2 AND state = 'pending'",
                    &[id, &worker, &at, error],
                    "finishing work",
                )?;
            }
            Ok(())
        })
    }

    /// The queue's items by state.
    pub fn queue_counts(&self) -> Result<QueueCounts> {
        self.pool().read(|db| {
            let r = db.query_one(
                "SELECT count(*) FILTER (WHERE state = 'pending'),
                        count(*) FILTER (WHERE state = 'pending' AND lease_until >= clock_timestamp()),
                        count(*) FILTER (WHERE state = 'done'),
                        count(*) FILTER (WHERE state = 'failed'),
                        count(*) FILTER (WHERE attempts > 1)
                 FROM work_queue",
                &[],
                "counting work",
            )?;
            let n = |i: usize| r.try_get::<_, i64>(i).map(to_u64).ctx("counting work");
            Ok(QueueCounts {
                pending: n(0)?,
                leased: n(1)?,
                done: n(2)?,
                failed: n(3)?,
                retried: n(4)?,
            })
        })
    }
}
