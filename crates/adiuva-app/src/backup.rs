//! Encrypted backups on the sync server: a consistent snapshot of the workspace, compressed
//! (zstd), sealed as a chunked stream under the vault key, uploaded with its checksum; and
//! restore, which verifies the checksum and every chunk and checks the database's integrity
//! before swapping it in, keeping the previous file as `<database>.before-restore`.
//!
//! The device's own rows (its vault settings, its sign-in and its backup schedule) survive a
//! restore: they describe this device, not the workspace being restored.

use std::path::{Path, PathBuf};

use adiuva_crypto::{
    CHUNK_LEN, HEADER_LEN, SEALED_CHUNK_LEN, StreamOpener, StreamSealer, checksum,
};
use adiuva_protocol::BackupMetadata;
use adiuva_store::{account, settings, snapshot, vault as vault_store};

use crate::{
    AppError, BackupPhase, BackupProgress, Change, Entity, VaultError, Workspace, backup_schedule,
    vault::system_rng,
};

/// The format of what is uploaded: a sealed stream of zstd-compressed SQLite.
const FORMAT: u32 = 1;

/// Binds a backup stream to its vault.
fn stream_context(vault_id: &[u8; 16]) -> Vec<u8> {
    [b"adiuva.backup.v1".as_slice(), vault_id].concat()
}

fn io(action: &'static str, path: &Path, source: std::io::Error) -> AppError {
    AppError::File {
        action,
        path: path.to_path_buf(),
        source,
    }
}

/// How many of a snapshot's bytes are compressed between two progress reports.
const PROGRESS_STEP: u64 = 4 * 1024 * 1024;

/// The zstd frame of a consistent snapshot of the database at `database`, its pages
/// compressed on every core as they are read; `progress` hears the bytes read of the total.
fn compress_snapshot(
    database: &Path,
    mut progress: impl FnMut(u64, u64),
) -> Result<Vec<u8>, AppError> {
    use std::io::Write;
    let failed = |e| io("compress a snapshot of", database, e);
    let mut encoder = zstd::stream::Encoder::new(Vec::new(), 3).map_err(failed)?;
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    encoder
        .multithread(u32::try_from(workers).unwrap_or(1))
        .map_err(failed)?;
    let mut reported = 0;
    snapshot::each_page(database, |page, done, total| {
        encoder.write_all(page).map_err(failed)?;
        if done == page.len() as u64 || done - reported >= PROGRESS_STEP || done == total {
            progress(done, total);
            reported = done;
        }
        Ok::<_, AppError>(())
    })?;
    encoder.finish().map_err(failed)
}

/// A file beside the database that is removed when dropped.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

impl Workspace {
    fn scratch(&self, name: &str) -> Scratch {
        let path = self
            .database
            .with_file_name(format!(".{name}-{}", uuid::Uuid::now_v7()));
        Scratch(path)
    }

    /// Takes, seals and uploads a backup of this workspace (the vault must be unlocked and
    /// the device signed in).
    pub fn create_backup(&self) -> Result<BackupMetadata, AppError> {
        self.create_backup_reporting(|_| {})
    }

    /// [`Self::create_backup`], telling `on_progress` (and [`Workspace::backup_progress`])
    /// how far it is.
    pub fn create_backup_reporting(
        &self,
        mut on_progress: impl FnMut(&BackupProgress),
    ) -> Result<BackupMetadata, AppError> {
        let mut progress = |phase, done, total| {
            let at = BackupProgress { phase, done, total };
            self.set_backup_progress(Some(at));
            on_progress(&at);
        };
        let taken = self.take_backup(&mut progress);
        self.set_backup_progress(None);
        taken
    }

    fn take_backup(
        &self,
        progress: &mut dyn FnMut(BackupPhase, u64, u64),
    ) -> Result<BackupMetadata, AppError> {
        let (key, key_id) = self.vault_key()?;
        let vault_id = self.stored_vault()?.vault_id;
        let compressed = compress_snapshot(&self.database, |done, total| {
            progress(BackupPhase::Compress, done, total);
        })?;

        let mut sealer =
            StreamSealer::new(&key, key_id, &stream_context(&vault_id), &mut system_rng());
        let mut sealed =
            Vec::with_capacity(HEADER_LEN + compressed.len() + compressed.len() / 64 + 64);
        sealed.extend_from_slice(sealer.header());
        let mut chunks = 0u64;
        for chunk in compressed.chunks(CHUNK_LEN) {
            sealed.extend_from_slice(&sealer.seal(chunk)?);
            chunks += 1;
        }
        if !sealer.is_finished() {
            // A payload of whole chunks ends with an empty last chunk.
            sealed.extend_from_slice(&sealer.seal(&[])?);
            chunks += 1;
        }
        let meta = BackupMetadata {
            id: String::new(),
            version: FORMAT,
            timestamp: self.clock.now().0,
            checksum: checksum(&sealed),
            chunk_count: chunks,
            size_bytes: sealed.len() as u64,
            created_at: 0,
        };
        progress(BackupPhase::Upload, 0, meta.size_bytes);
        let stored = self.with_server(|cloud, token| cloud.put_backup(token, &sealed, &meta))?;
        progress(BackupPhase::Upload, meta.size_bytes, meta.size_bytes);
        self.note_backup_stored()?;
        Ok(stored)
    }

    /// The backups on the server, newest first.
    pub fn list_backups(&self) -> Result<Vec<BackupMetadata>, AppError> {
        self.with_server(|cloud, token| cloud.backups(token))
    }

    pub fn delete_backup(&self, id: &str) -> Result<(), AppError> {
        self.with_server(|cloud, token| cloud.delete_backup(token, id))?;
        Ok(())
    }

    /// Replaces this workspace with the latest backup. Nothing changes unless the download
    /// matches its checksum, every chunk opens in order, and the database is intact.
    pub fn restore_backup(&self) -> Result<(), AppError> {
        let (key, key_id) = self.vault_key()?;
        let vault_id = self.stored_vault()?.vault_id;
        let (sealed, expected) = self.with_server(|cloud, token| cloud.latest_backup(token))?;
        if checksum(&sealed) != expected.to_lowercase() {
            return Err(VaultError::Corrupted(
                "the backup does not match its checksum (damaged in storage or in transit)".into(),
            )
            .into());
        }
        let header = sealed
            .get(..HEADER_LEN)
            .ok_or_else(|| VaultError::Corrupted("the backup is shorter than its header".into()))?;
        let mut opener = StreamOpener::new(&key, key_id, header, &stream_context(&vault_id))
            .map_err(|e| VaultError::Corrupted(format!("the backup does not open: {e}")))?;
        let mut compressed = Vec::with_capacity(sealed.len());
        for chunk in sealed[HEADER_LEN..].chunks(SEALED_CHUNK_LEN) {
            let plain = opener
                .open(chunk)
                .map_err(|e| VaultError::Corrupted(format!("a backup chunk does not open: {e}")))?;
            compressed.extend_from_slice(&plain);
        }
        opener
            .finish()
            .map_err(|e| VaultError::Corrupted(format!("the backup is cut short: {e}")))?;
        let database = zstd::decode_all(compressed.as_slice())
            .map_err(|e| VaultError::Corrupted(format!("the backup does not decompress: {e}")))?;

        let restored = self.scratch("restore");
        std::fs::write(&restored.0, &database)
            .map_err(|e| io("write the restored database to", &restored.0, e))?;
        snapshot::check_intact(&restored.0)
            .map_err(|e| VaultError::Corrupted(format!("the restored database: {e}")))?;
        self.swap_database(&restored.0)?;
        self.emit(Entity::Vault, "restore", Change::Updated);
        Ok(())
    }

    /// Puts `restored` in place of the open database so that a crash at any moment leaves
    /// either the whole previous workspace or the whole restored one: this device's own rows
    /// are written into the restored file first, the previous database is copied aside, and
    /// one atomic rename swaps the files.
    fn swap_database(&self, restored: &Path) -> Result<(), AppError> {
        let (device_vault, device_account, device_settings) = self.read(|conn| {
            let mut kept = Vec::new();
            for key in backup_schedule::DEVICE_SETTINGS {
                if let Some(value) = settings::get(conn, key)? {
                    kept.push((*key, value));
                }
            }
            Ok((vault_store::get(conn)?, account::get(conn)?, kept))
        })?;
        {
            let mut incoming = adiuva_store::open(restored)
                .map_err(|e| VaultError::Corrupted(format!("the restored database: {e}")))?;
            let tx = incoming.transaction()?;
            if let Some(vault) = &device_vault {
                vault_store::put(&tx, vault)?;
            }
            match &device_account {
                Some(stored) => account::put(&tx, stored)?,
                None => account::delete(&tx)?,
            }
            for (key, value) in &device_settings {
                settings::set(&tx, key, value)?;
            }
            tx.commit()?;
            // Dropping the last connection checkpoints and removes its WAL.
        }
        let previous = PathBuf::from(format!("{}.before-restore", self.database.display()));
        let _ = std::fs::remove_file(&previous);
        snapshot::snapshot_into(&self.database, &previous)?;

        let mut conn = self
            .conn
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let placeholder = adiuva_store::open_in_memory()?;
        self.checkpoints.paused(|| {
            // Closing the last connection checkpoints the WAL into the database file, so
            // the rename carries no half of it over.
            drop(std::mem::replace(&mut *conn, placeholder));
            let swapped = std::fs::rename(restored, &self.database)
                .map_err(|e| io("move the restored database to", &self.database, e));
            // Whatever happened, the workspace reopens: the restored file, or the previous one.
            *conn = adiuva_store::open(&self.database)?;
            self.checkpoints.watch(&conn)?;
            swapped
        })
    }
}
