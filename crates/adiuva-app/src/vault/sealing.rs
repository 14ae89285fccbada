//! Sealing records as they will leave the device: each synced record's fields, padded and
//! encrypted under the vault key, bound to the vault, its table, its id and its clock.

use adiuva_crypto::{PlainRecord, RecordContext, SealedRecord};
use adiuva_store::sealed::{self, SYNCED_TABLES, StoredSealed};

use super::system_rng;
use crate::{AppError, Workspace};

/// How many records one sealing transaction handles (keeps the writer lock short).
const SEAL_BATCH: usize = 256;

pub(crate) fn context(
    vault_id: [u8; 16],
    table: &str,
    record_id: &str,
    clock: i64,
) -> RecordContext {
    RecordContext {
        vault_id,
        table: table.to_owned(),
        record_id: record_id.to_owned(),
        // Clocks are milliseconds since 1970: never negative for a record written here.
        clock: u64::try_from(clock).unwrap_or_default(),
    }
}

pub(crate) fn stored(sealed: &SealedRecord, clock: i64, key_id: u32) -> StoredSealed {
    StoredSealed {
        table: sealed.context.table.clone(),
        record_id: sealed.context.record_id.clone(),
        clock,
        key_id,
        checksum: sealed.checksum(),
        envelope: sealed.envelope.clone(),
    }
}

impl Workspace {
    /// Seals every record changed since it was last sealed, under the current vault key, and
    /// returns how many were sealed. Needs the vault unlocked. This is the first half of a
    /// sync push; it is safe to run at any time and does nothing when all is sealed.
    pub fn seal_changed_records(&self) -> Result<u64, AppError> {
        let (key, key_id) = self.vault_key()?;
        let vault_id = self.stored_vault()?.vault_id;
        let mut rng = system_rng();
        let mut total = 0;
        for table in SYNCED_TABLES {
            loop {
                let sealed_now = self.write(|tx| {
                    let rows = sealed::unsealed(tx, table, SEAL_BATCH)?;
                    for row in &rows {
                        let plain = PlainRecord::new(
                            context(vault_id, table, &row.record_id, row.clock),
                            row.fields.clone(),
                        );
                        let sealed = plain.seal(&key, key_id, &mut rng);
                        sealed::put(tx, &stored(&sealed, row.clock, key_id.0))?;
                    }
                    Ok(rows.len())
                })?;
                total += sealed_now as u64;
                if sealed_now < SEAL_BATCH {
                    break;
                }
            }
        }
        Ok(total)
    }

    /// The stored envelope of one record, as sync would push it.
    pub fn sealed_record(
        &self,
        table: &str,
        record_id: &str,
    ) -> Result<Option<SealedRecord>, AppError> {
        let vault_id = self.stored_vault()?.vault_id;
        let found = self.read(|conn| Ok(sealed::get(conn, table, record_id)?))?;
        Ok(found.map(|s| SealedRecord {
            context: context(vault_id, &s.table, &s.record_id, s.clock),
            envelope: s.envelope,
        }))
    }
}
