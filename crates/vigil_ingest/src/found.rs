//! What one read or fetch turned out to be, before the runner turns it into items.

use crate::feed::{FeedLink, ParsedFeed};
use crate::{FeedRead, Fetched, IngestError, Validators};

/// A page, or a feed whose links are still to be fetched.
#[derive(Debug)]
pub(crate) enum Found {
    Page(Fetched),
    Feed {
        read: FeedRead,
        links: Vec<Result<FeedLink, IngestError>>,
    },
}

impl Found {
    pub(crate) fn feed(url: String, parsed: ParsedFeed, validators: Validators) -> Self {
        Self::Feed {
            read: FeedRead {
                url,
                title: parsed.title,
                items: parsed.links.len(),
                validators,
            },
            links: parsed.links,
        }
    }
}
