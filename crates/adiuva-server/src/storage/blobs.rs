//! The blob directory: record blobs written before they moved into their rows (read until
//! rewritten), `blobs/<user>/<sha256(id)>.<version>`
//! (vectors likewise under `vectors/`, backups under `backups/`),
//! written to a temporary name and renamed, so a crash never leaves a half-written blob
//! under a name a row points to.

use sha2::{Digest, Sha256};
use std::{
    io::Write,
    path::{Path, PathBuf},
};

pub struct BlobDir {
    root: PathBuf,
}

impl BlobDir {
    pub fn open(root: PathBuf) -> std::io::Result<Self> {
        std::fs::create_dir_all(&root)?;
        Ok(Self { root })
    }

    pub fn path(&self, user_id: &str, record_id: &str, version: u64) -> PathBuf {
        let name = hex::encode(Sha256::digest(record_id.as_bytes()));
        self.root.join(user_id).join(format!("{name}.{version}"))
    }

    /// A vector's file at one version, apart from the records.
    pub fn vector(&self, user_id: &str, vector_id: &str, version: u64) -> PathBuf {
        let name = hex::encode(Sha256::digest(vector_id.as_bytes()));
        self.root
            .join(user_id)
            .join("vectors")
            .join(format!("{name}.{version}"))
    }

    /// A backup's file.
    pub fn backup(&self, user_id: &str, id: &str) -> PathBuf {
        self.root.join(user_id).join("backups").join(id)
    }

    /// A new temporary path beside the user's backups.
    pub fn staging(&self, user_id: &str) -> std::io::Result<PathBuf> {
        let dir = self.root.join(user_id).join("backups");
        std::fs::create_dir_all(&dir)?;
        let (path, _) = tempfile_in(&dir)?;
        Ok(path)
    }

    pub fn write(&self, path: &Path, blob: &[u8]) -> std::io::Result<()> {
        let dir = path.parent().unwrap_or(&self.root);
        std::fs::create_dir_all(dir)?;
        let mut tmp = tempfile_in(dir)?;
        tmp.1.write_all(blob)?;
        tmp.1.sync_data()?;
        std::fs::rename(&tmp.0, path)
    }

    pub fn read(&self, path: &Path) -> std::io::Result<Vec<u8>> {
        std::fs::read(path)
    }

    /// Removes a file no row points to any more; a missing file is fine.
    pub fn remove(&self, path: &Path) {
        let _ = std::fs::remove_file(path);
    }
}

fn tempfile_in(dir: &Path) -> std::io::Result<(PathBuf, std::fs::File)> {
    let mut random = [0u8; 8];
    getrandom::fill(&mut random).map_err(|e| std::io::Error::other(e.to_string()))?;
    let name = hex::encode(random);
    let path = dir.join(format!(".tmp-{name}"));
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)?;
    Ok((path, file))
}
