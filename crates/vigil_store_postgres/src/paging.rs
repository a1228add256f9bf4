//! Keyset paging: a query fetches one row more than the page holds; if it
//! comes, the page's last row gives the cursor of the next page.

use vigil_store::{Cursor, Page};

use crate::convert::Result;

/// The page of `rows` (fetched with `limit + 1`), decoded.
pub(crate) fn page<T, U>(
    mut rows: Vec<T>,
    limit: u32,
    cursor_of: impl Fn(&T) -> Cursor,
    decode: impl FnMut(T) -> Result<U>,
) -> Result<Page<U>> {
    let limit = limit as usize;
    let next = if rows.len() > limit {
        rows.truncate(limit);
        rows.last().map(cursor_of)
    } else {
        None
    };
    let items = rows.into_iter().map(decode).collect::<Result<Vec<U>>>()?;
    Ok(Page { items, next })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(rows: Vec<i64>, limit: u32, items: &[i64], next: Option<i64>) {
        let page = page(rows, limit, |id| Cursor::tagged('t', "", *id), Ok).expect("decodes");
        assert_eq!(page.items, items);
        assert_eq!(page.next, next.map(|id| Cursor::tagged('t', "", id)));
    }

    #[test]
    fn extra_row_means_more_pages() {
        check(vec![1, 2, 3], 2, &[1, 2], Some(2));
        check(vec![1, 2], 2, &[1, 2], None);
        check(vec![], 2, &[], None);
    }
}
