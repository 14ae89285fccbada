//! Failures of the local database, kept distinct from the workspace rules above them.

/// Why the store could not do what was asked; the database is left as it was.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("cannot migrate the database: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    #[error("the database file is damaged: {0}")]
    NotIntact(String),
    #[error(
        "the database at {path} was written by a newer version of Adiuva (schema {found}, this build knows {known}); update the app"
    )]
    SchemaTooNew {
        path: String,
        found: usize,
        known: usize,
    },
}
