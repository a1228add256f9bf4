//! (Skeleton: owned by the extract-substrates work.)
