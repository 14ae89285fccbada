//! The OpenAPI document's shared parts: its description, the bearer scheme, and the refusals
//! operations answer (reusable responses carrying the error body and the codes each status
//! may hold), each named by a marker type that a handler's `#[utoipa::path]` lists.
//!
//! Operations themselves are documented on their handlers; `routes/mod.rs` registers every
//! route from that documentation, so what is served and what is documented are one list.

use std::collections::BTreeMap;

use adiuva_protocol::{ErrorBody, ErrorDetail};
use utoipa::{
    IntoResponses, Modify, OpenApi, PartialSchema, ToSchema,
    openapi::{
        ContentBuilder, HeaderBuilder, KnownFormat, ObjectBuilder, OpenApi as Document, Ref, RefOr,
        Response, ResponseBuilder, Schema, SchemaFormat, Type,
        security::{HttpAuthScheme, HttpBuilder, SecurityScheme},
    },
};

/// The document of every route the server serves (also served at `/api/v1/openapi.json`).
pub fn document() -> Document {
    crate::routes::openapi()
}

/// The name operations use in `security(("bearer" = []))`.
pub const BEARER: &str = "bearer";

/// A JSON-RPC 2.0 message (MCP), relayed to and from the device unread.
pub struct JsonRpc;

impl PartialSchema for JsonRpc {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::Object)
            .description(Some("A JSON-RPC 2.0 message"))
            .into()
    }
}

impl ToSchema for JsonRpc {}

/// Sealed bytes sent or answered as `application/octet-stream` (a record's blob, a backup).
pub struct Sealed;

impl PartialSchema for Sealed {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Binary)))
            .into()
    }
}

impl ToSchema for Sealed {}

macro_rules! refusals {
    ($($name:ident = $status:literal: $description:literal;)*) => {
        $(
            #[doc = $description]
            pub struct $name;

            impl IntoResponses for $name {
                fn responses() -> BTreeMap<String, RefOr<Response>> {
                    BTreeMap::from([(
                        $status.to_string(),
                        RefOr::Ref(Ref::from_response_name(stringify!($name))),
                    )])
                }
            }
        )*

        /// Each refusal's component name and description.
        const REFUSALS: &[(&str, &str)] = &[$((stringify!($name), $description)),*];
    };
}

refusals! {
    BadRequest = 400: "Refused, nothing written: malformed JSON (`invalid_json`) or query \
        (`invalid_query`); an invalid field (`invalid_id`, `invalid_table`, `invalid_email`, \
        `invalid_password`, `invalid_kdf`, `invalid_envelope`, `invalid_vault_id`, \
        `invalid_limit`, `invalid_model`, `invalid_dimension`, `invalid_backup_headers`, \
        `batch_too_large`, `out_of_range`, `invalid_agent_id`, `invalid_body`, \
        `not_websocket`); or a blob whose sha256 is not its checksum (`checksum_mismatch`).";
    Unauthorized = 401: "No valid access token (`missing_token`, `invalid_token`, \
        `token_expired`: refresh it), wrong credentials (`invalid_credentials`), or a refresh \
        token that is unknown, expired or revoked (`invalid_refresh_token`) or was replayed \
        (`refresh_reused`, which revokes every token of that sign-in); on `/mcp`, an agent token \
        that is unknown or revoked (`invalid_token`).";
    QuotaExceeded = 403: "The tier's storage or backup allowance would be passed \
        (`quota_exceeded`); nothing was written.";
    NotFound = 404: "This user has no such item (`not_found`), or no route has this path \
        (`no_such_route`).";
    Conflict = 409: "Someone wrote first (`version_conflict`: fetch the current version and \
        retry), or the email is registered already (`email_taken`).";
    TooLarge = 413: "The body is larger than the server accepts (`payload_too_large`).";
    RateLimited = 429: "Too many requests from this user, or sign-in attempts from this \
        address (`rate_limited`); retry after `Retry-After` seconds.";
}

/// The document's frame; `routes/mod.rs` adds every operation to it.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Adiuva sync server",
        description = "The zero-knowledge sync server: accounts, sealed records with a batch \
            push and a change feed, sealed vectors, the vault's key envelope and sealed \
            backups. Every blob is sealed on the device; the server verifies its sha256 and \
            never opens it. Blobs in JSON are standard base64. Every refusal is \
            `{\"error\": {\"code\", \"message\"}}` with a stable code."
    ),
    components(schemas(ErrorBody, ErrorDetail)),
    modifiers(&Shared),
    tags(
        (name = "server", description = "Health and this document"),
        (name = "accounts", description = "Registration, sign-in and tokens"),
        (name = "records", description = "Sealed records, one at a time (the seed's contract)"),
        (name = "sync", description = "Batch push with expected versions, and the change feed"),
        (name = "vectors", description = "Sealed embeddings; never searched on the server"),
        (name = "vault", description = "The vault's key envelope"),
        (name = "backups", description = "Sealed snapshots of a device's database"),
        (name = "agents", description = "Agent tokens, the MCP endpoint for a user's agents, \
            and the channel their calls reach the device by"),
    )
)]
pub struct ApiDoc;

/// Adds the bearer scheme and the refusal responses.
struct Shared;

impl Modify for Shared {
    fn modify(&self, document: &mut Document) {
        let components = document.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            BEARER,
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(
                        "The access token from register, login or refresh.".to_owned(),
                    ))
                    .build(),
            ),
        );
        for (name, description) in REFUSALS {
            let body = ContentBuilder::new()
                .schema(Some(Ref::from_schema_name(ErrorBody::name())))
                .build();
            let mut response = ResponseBuilder::new()
                .description(*description)
                .content("application/json", body);
            if *name == "RateLimited" {
                let seconds = ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .minimum(Some(1));
                response = response.header(
                    "Retry-After",
                    HeaderBuilder::new()
                        .schema(Some(seconds))
                        .description(Some("Whole seconds to wait before trying again"))
                        .build(),
                );
            }
            components
                .responses
                .insert((*name).to_owned(), RefOr::T(response.build()));
        }
    }
}
