//! Agent tokens this server has already looked up, so an agent's every MCP message does not
//! go to storage: an entry is trusted for a short while, and a revocation on this server
//! drops the user's entries before it answers.

use std::{
    collections::HashMap,
    sync::{
        Mutex, PoisonError,
        atomic::{AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use crate::storage::AgentTokenOwner;

/// How long a looked-up token is trusted without asking storage again: what bounds a
/// revocation made through another server sharing the storage.
const FRESH_FOR: Duration = Duration::from_secs(30);

/// Past this many entries, stale ones are dropped, and all of them if none is stale.
const MOST: usize = 10_000;

#[derive(Default)]
pub struct AgentOwners {
    entries: Mutex<HashMap<[u8; 32], (AgentTokenOwner, Instant)>>,
    /// Moves on at every revocation: a lookup that began before one is not kept.
    epoch: AtomicU64,
}

impl AgentOwners {
    /// The owner of the token with this hash, when it was looked up lately.
    pub fn get(&self, hash: &[u8; 32]) -> Option<AgentTokenOwner> {
        let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries
            .get(hash)
            .filter(|(_, at)| at.elapsed() < FRESH_FOR)
            .map(|(owner, _)| owner.clone())
    }

    /// Where the epoch is now: read before looking a token up in storage.
    pub fn epoch(&self) -> u64 {
        self.epoch.load(Ordering::SeqCst)
    }

    /// Keeps what storage said at `epoch`, unless a revocation came since (storage may have
    /// answered before it).
    pub fn put(&self, hash: [u8; 32], owner: AgentTokenOwner, epoch: u64) {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        if self.epoch.load(Ordering::SeqCst) != epoch {
            return;
        }
        if entries.len() >= MOST {
            entries.retain(|_, (_, at)| at.elapsed() < FRESH_FOR);
            if entries.len() >= MOST {
                entries.clear();
            }
        }
        entries.insert(hash, (owner, Instant::now()));
    }

    /// Drops every entry of `user_id`, after one of the user's tokens was revoked.
    pub fn forget_user(&self, user_id: &str) {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        self.epoch.fetch_add(1, Ordering::SeqCst);
        entries.retain(|_, (owner, _)| owner.user_id != user_id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owner(user: &str) -> AgentTokenOwner {
        AgentTokenOwner {
            user_id: user.to_owned(),
            tier: "free".to_owned(),
            agent_id: "a".to_owned(),
        }
    }

    #[test]
    fn a_revocation_drops_the_users_entries_and_a_lookup_begun_before_it() {
        let owners = AgentOwners::default();
        let epoch = owners.epoch();
        owners.put([1; 32], owner("u1"), epoch);
        owners.put([2; 32], owner("u2"), epoch);
        assert_eq!(owners.get(&[1; 32]), Some(owner("u1")));

        let begun = owners.epoch();
        owners.forget_user("u1");
        assert_eq!(owners.get(&[1; 32]), None);
        assert_eq!(owners.get(&[2; 32]), Some(owner("u2")));
        // Storage answered before the revocation committed: not kept.
        owners.put([1; 32], owner("u1"), begun);
        assert_eq!(owners.get(&[1; 32]), None);
        owners.put([1; 32], owner("u1"), owners.epoch());
        assert_eq!(owners.get(&[1; 32]), Some(owner("u1")));
    }
}
