//! Sync decisions as pure functions, with no I/O, clock or randomness of their own: hybrid
//! logical clock stamps, the field-wise merge of two versions of a record (greater stamp wins,
//! deletion is a stamped tombstone), and the planning of pushes and pulls. The application
//! layer drives them against the store and the server.

mod backoff;
mod fields_format;
mod hlc;
mod merge;
mod plan;

pub use backoff::{BACKOFF_BASE, BACKOFF_CAP, backoff};
pub use fields_format::newest_wall_ms;
pub use hlc::{Clock, ClockError, MAX_DRIFT_MS, Stamp};
pub use merge::{DELETED, Fields, Join, NoJoin, Stamped, merge, merge_with};
pub use plan::{Apply, Incoming, Quarantine, Unopened, apply_remote, batches};
