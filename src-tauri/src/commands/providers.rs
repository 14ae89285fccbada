//! Commands of LLM providers. A key crosses IPC once, on its way to the OS keyring, and is
//! wiped when the call returns.

use adiuva_app::{AppError, Workspace};
use adiuva_domain::{NewProvider, Provider, ProviderCheck, ProviderPatch};
use tauri::State;
use zeroize::{Zeroize, Zeroizing};

#[tauri::command(async, rename_all = "snake_case")]
pub fn list_providers(ws: State<'_, Workspace>) -> Result<Vec<Provider>, AppError> {
    ws.list_providers()
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn add_provider(
    ws: State<'_, Workspace>,
    mut input: NewProvider,
) -> Result<Provider, AppError> {
    let added = ws.add_provider(&input);
    input.key.zeroize();
    added
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn update_provider(
    ws: State<'_, Workspace>,
    id: String,
    patch: ProviderPatch,
) -> Result<Provider, AppError> {
    ws.update_provider(&id, &patch)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn set_provider_key(
    ws: State<'_, Workspace>,
    id: String,
    key: Zeroizing<String>,
) -> Result<Provider, AppError> {
    ws.set_provider_key(&id, &key)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn remove_provider_key(ws: State<'_, Workspace>, id: String) -> Result<Provider, AppError> {
    ws.remove_provider_key(&id)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn delete_provider(ws: State<'_, Workspace>, id: String) -> Result<(), AppError> {
    ws.delete_provider(&id)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn test_provider(ws: State<'_, Workspace>, id: String) -> Result<ProviderCheck, AppError> {
    ws.test_provider(&id)
}
