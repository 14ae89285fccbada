//! Passphrase inputs: a password field with a show/hide toggle, the live strength meter
//! (asked of the shell once typing pauses), and the new-passphrase pair (typed twice) that
//! creating the vault and changing the passphrase share.

use std::time::Duration;

use leptos::{prelude::*, task::spawn_local};

use super::icons::{Icon, icon};
use crate::{
    components::task_form::field_error,
    hooks::debounced,
    ipc,
    state::{
        forms::FieldErrors,
        passphrase::{PassphraseStrength, confirmation_mismatch, strength_label, strength_tone},
    },
};

/// How long typing must pause before the strength is estimated.
const STRENGTH_DEBOUNCE: Duration = Duration::from_millis(250);

/// A password input with a button that shows or hides what was typed.
#[component]
pub fn PasswordInput(
    #[prop(into)] id: String,
    value: RwSignal<String>,
    /// `current-password` to unlock, `new-password` when choosing one.
    #[prop(into)]
    autocomplete: String,
    #[prop(optional, into)] placeholder: String,
    /// Marks the input as refused (red border, `aria-invalid`).
    #[prop(optional, into)]
    invalid: Signal<bool>,
    #[prop(optional)] autofocus: bool,
) -> impl IntoView {
    let shown = RwSignal::new(false);
    let toggle_id = format!("{id}-toggle");
    view! {
        <div class="password-field">
            <input
                id=id
                class="input"
                type=move || if shown.get() { "text" } else { "password" }
                autocomplete=autocomplete
                autocapitalize="off"
                spellcheck="false"
                placeholder=placeholder
                autofocus=autofocus
                aria-invalid=move || invalid.get().then_some("true")
                prop:value=move || value.get()
                on:input:target=move |ev| value.set(ev.target().value())
            />
            <button
                type="button"
                id=toggle_id
                class="icon-btn password-toggle"
                aria-pressed=move || shown.get().to_string()
                aria-label=move || if shown.get() { "Hide passphrase" } else { "Show passphrase" }
                title=move || if shown.get() { "Hide" } else { "Show" }
                on:click=move |_| shown.update(|s| *s = !*s)
            >
                {move || if shown.get() { icon(Icon::EyeOff) } else { icon(Icon::Eye) }}
            </button>
        </div>
    }
}

/// The strength of what `passphrase` holds, estimated once typing pauses; `None` while the
/// estimate is missing or no longer matches the text.
pub fn strength_of(passphrase: RwSignal<String>) -> Signal<Option<PassphraseStrength>> {
    // Bumped on every change, so an estimate of older text is never shown as current.
    let generation = RwSignal::new(0_u64);
    let estimate = RwSignal::new(None::<(u64, PassphraseStrength)>);
    Effect::new(move |_| {
        passphrase.track();
        generation.update(|g| *g += 1);
    });
    let settled = debounced(passphrase, STRENGTH_DEBOUNCE);
    Effect::new(move |_| {
        let text = settled.get();
        if text.is_empty() || passphrase.with_untracked(|p| *p != text) {
            return;
        }
        let asked = generation.get_untracked();
        spawn_local(async move {
            if let Ok(strength) = ipc::check_passphrase_strength(&text).await {
                estimate.try_set(Some((asked, strength)));
            }
        });
    });
    Signal::derive(move || {
        let current = generation.get();
        estimate.with(|e| {
            e.as_ref()
                .filter(|(asked, _)| *asked == current)
                .map(|(_, s)| s.clone())
        })
    })
}

/// The strength meter: four bars, a word, and zxcvbn's warning and suggestions.
#[component]
pub fn StrengthMeter(
    strength: Signal<Option<PassphraseStrength>>,
    /// Whether anything is typed (an empty field shows a hint instead).
    typed: Signal<bool>,
    #[prop(default = "passphrase-strength")] id: &'static str,
) -> impl IntoView {
    let score = move || strength.with(|s| s.as_ref().map(|s| s.score));
    let lit = move || score().map_or(0, |s| s.max(1));
    let tone = move || score().map_or("", strength_tone);
    let label = move || match (typed.get(), score()) {
        (false, _) => "Four or more unrelated words make a strong passphrase.".to_owned(),
        (true, None) => "Checking…".to_owned(),
        (true, Some(s)) => strength_label(s).to_owned(),
    };
    view! {
        <div
            id=id
            class=move || format!("strength {}", tone())
            data-score=move || score().map(|s| s.to_string())
            data-acceptable=move || strength.with(|s| s.as_ref().map(|s| s.acceptable.to_string()))
            aria-live="polite"
        >
            <div class="strength-bars" aria-hidden="true">
                {(1..=4_u8)
                    .map(|bar| {
                        view! { <span class="strength-bar" class=("is-lit", move || lit() >= bar)></span> }
                    })
                    .collect_view()}
            </div>
            <p class="strength-label">{label}</p>
            {move || {
                strength
                    .get()
                    .map(|s| {
                        view! {
                            {s.warning.map(|w| view! { <p class="strength-warning">{w}</p> })}
                            {(!s.suggestions.is_empty())
                                .then(|| {
                                    view! {
                                        <ul class="strength-tips">
                                            {s.suggestions
                                                .into_iter()
                                                .map(|tip| view! { <li>{tip}</li> })
                                                .collect_view()}
                                        </ul>
                                    }
                                })}
                        }
                    })
            }}
        </div>
    }
}

/// A new passphrase typed twice, with the strength meter under the first field.
#[component]
pub fn NewPassphrase(
    passphrase: RwSignal<String>,
    confirmation: RwSignal<String>,
    strength: Signal<Option<PassphraseStrength>>,
    errors: RwSignal<FieldErrors>,
    passphrase_id: &'static str,
    confirmation_id: &'static str,
    #[prop(default = "Passphrase")] label: &'static str,
    #[prop(optional)] autofocus: bool,
) -> impl IntoView {
    let typed = Signal::derive(move || passphrase.with(|p| !p.is_empty()));
    let mismatch = Signal::derive(move || {
        passphrase.with(|p| confirmation.with(|c| confirmation_mismatch(p, c)))
    });
    let refused =
        move |field: &'static str| Signal::derive(move || errors.with(|e| e.get(field).is_some()));
    view! {
        <div class="field">
            <label for=passphrase_id>{label}</label>
            <PasswordInput
                id=passphrase_id
                value=passphrase
                autocomplete="new-password"
                invalid=refused("passphrase")
                autofocus=autofocus
            />
            {field_error(errors, "passphrase")}
            <StrengthMeter strength=strength typed=typed />
        </div>
        <div class="field">
            <label for=confirmation_id>"Type it again"</label>
            <PasswordInput
                id=confirmation_id
                value=confirmation
                autocomplete="new-password"
                invalid=Signal::derive(move || mismatch.get() || refused("confirmation").get())
            />
            {move || {
                (mismatch.get() && errors.with(|e| e.get("confirmation").is_none()))
                    .then(|| {
                        view! {
                            <p class="field-error" data-field="confirmation">
                                "The two passphrases differ."
                            </p>
                        }
                    })
            }}
            {field_error(errors, "confirmation")}
        </div>
    }
}
