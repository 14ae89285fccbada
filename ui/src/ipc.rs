//! The only place that talks to the desktop shell: typed wrappers over Tauri's `invoke`
//! and `listen`. A command error or a missing bridge is an `ErrorReport`, never a panic.

use adiuva_domain::{ErrorCode, ErrorReport, NewProject, Project};
use serde::{Serialize, de::DeserializeOwned};
use wasm_bindgen::{JsCast, JsValue, prelude::*};
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "core"], js_name = invoke, catch)]
    fn tauri_invoke(cmd: &str, args: JsValue) -> Result<js_sys::Promise, JsValue>;
}

fn bridge_error(value: &JsValue) -> ErrorReport {
    let message = value
        .as_string()
        .or_else(|| {
            value
                .dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
        })
        .unwrap_or_else(|| "the desktop shell did not answer".to_owned());
    ErrorReport::new(ErrorCode::Internal, message)
}

/// Calls a shell command with named arguments and decodes its answer.
pub async fn invoke<A: Serialize, R: DeserializeOwned>(
    command: &str,
    args: &A,
) -> Result<R, ErrorReport> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    let args = args
        .serialize(&serializer)
        .map_err(|e| ErrorReport::new(ErrorCode::Internal, e.to_string()))?;
    let promise = tauri_invoke(command, args).map_err(|e| bridge_error(&e))?;
    match JsFuture::from(promise).await {
        Ok(value) => serde_wasm_bindgen::from_value(value).map_err(|e| {
            ErrorReport::new(
                ErrorCode::Internal,
                format!("unexpected answer to {command}: {e}"),
            )
        }),
        // A command error is the serialized ErrorReport; anything else is a bridge failure.
        Err(value) => {
            Err(serde_wasm_bindgen::from_value(value.clone())
                .unwrap_or_else(|_| bridge_error(&value)))
        }
    }
}

#[derive(Serialize)]
struct Input<'a, T> {
    input: &'a T,
}

#[derive(Serialize)]
struct IncludeArchived {
    include_archived: bool,
}

pub async fn create_project(input: &NewProject) -> Result<Project, ErrorReport> {
    invoke("create_project", &Input { input }).await
}

pub async fn list_projects(include_archived: bool) -> Result<Vec<Project>, ErrorReport> {
    invoke("list_projects", &IncludeArchived { include_archived }).await
}
