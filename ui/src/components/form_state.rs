//! How every form sends: the domain's rules run first, one call is in flight at a time, and
//! a refusal lands under the field it names (focused) or, without one, in a toast.

use std::future::Future;

use adiuva_domain::{ErrorReport, ValidationError};
use leptos::{prelude::*, task::spawn_local};

use crate::{
    context::Ctx,
    dom,
    state::forms::{Failure, FieldErrors, classify},
};

/// The sending state of one form.
#[derive(Clone, Copy)]
pub struct FormState {
    pub errors: RwSignal<FieldErrors>,
    pub busy: RwSignal<bool>,
    ctx: Ctx,
    /// The fields this form shows; errors naming others go to a toast.
    fields: &'static [&'static str],
    /// The input of a field, to focus when it is refused.
    input_of: fn(&str) -> Option<&'static str>,
}

fn no_input(_field: &str) -> Option<&'static str> {
    None
}

impl FormState {
    pub fn new(ctx: Ctx, fields: &'static [&'static str]) -> Self {
        Self {
            errors: RwSignal::new(FieldErrors::default()),
            busy: RwSignal::new(false),
            ctx,
            fields,
            input_of: no_input,
        }
    }

    /// Focuses the refused field's input, found by `input_of` (a CSS selector).
    pub fn focusing(mut self, input_of: fn(&str) -> Option<&'static str>) -> Self {
        self.input_of = input_of;
        self
    }

    /// Sends `call` if `checked` passed and nothing is in flight; `done` gets the answer.
    /// `call` is a future, so nothing runs when it is dropped unsent.
    pub fn send<T: 'static>(
        self,
        checked: Result<(), ValidationError>,
        call: impl Future<Output = Result<T, ErrorReport>> + 'static,
        done: impl FnOnce(T) + 'static,
    ) {
        if self.busy.get_untracked() {
            return;
        }
        if let Err(err) = checked {
            self.show(FieldErrors::from_validation(&err), err.field);
            return;
        }
        self.errors.set(FieldErrors::default());
        self.busy.set(true);
        spawn_local(async move {
            let result = call.await;
            self.busy.try_set(false);
            match result {
                Ok(value) => done(value),
                Err(report) => self.refuse(&report),
            }
        });
    }

    /// Shows a refusal from the workspace.
    fn refuse(self, report: &ErrorReport) {
        match classify(report, self.fields) {
            Failure::Fields(errors) => {
                self.show(errors, report.field.as_deref().unwrap_or_default());
            }
            Failure::General(_) => self.ctx.fail(report),
        }
    }

    fn show(self, errors: FieldErrors, field: &str) {
        self.errors.try_set(errors);
        if let Some(selector) = (self.input_of)(field) {
            dom::focus_now(selector);
        }
    }
}
