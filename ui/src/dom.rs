//! Small DOM conveniences shared by components: focusing elements after a render,
//! reading key events, copying text, and preferences remembered in local storage (never a
//! secret: passphrases, recovery keys and provider keys are never stored).

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, KeyboardEvent};

use crate::state::{
    board::Direction,
    shortcuts::{KeyPress, is_typing_target},
};

fn document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|w| w.document())
}

/// Focuses the first element matching `selector` once the current render has landed.
pub fn focus_later(selector: impl Into<String>) {
    let selector = selector.into();
    request_animation_frame(move || {
        focus_now(&selector);
    });
}

/// Focuses the first element matching `selector`; `false` when there is none.
pub fn focus_now(selector: &str) -> bool {
    let element = document()
        .and_then(|d| d.query_selector(selector).ok().flatten())
        .and_then(|e| e.dyn_into::<HtmlElement>().ok());
    match element {
        Some(element) => {
            let _ = element.focus();
            true
        }
        None => false,
    }
}

/// Focuses the input matching `selector` and selects its text, so typing replaces it.
pub fn select_now(selector: &str) {
    let input = document()
        .and_then(|d| d.query_selector(selector).ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok());
    if let Some(input) = input {
        let _ = input.focus();
        input.select();
    }
}

/// Copies `text` to the clipboard; on failure selects the text of the element matching
/// `fallback` so Ctrl+C copies it. Answers whether the clipboard has it.
pub async fn copy_text(text: &str, fallback: &str) -> bool {
    let clipboard = web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w.navigator(), &"clipboard".into()).ok())
        .filter(|c| !c.is_undefined() && !c.is_null())
        .map(JsCast::unchecked_into::<web_sys::Clipboard>);
    if let Some(clipboard) = clipboard
        && wasm_bindgen_futures::JsFuture::from(clipboard.write_text(text))
            .await
            .is_ok()
    {
        return true;
    }
    select_contents(fallback);
    false
}

/// Selects the text inside the element matching `selector`.
fn select_contents(selector: &str) {
    let Some(element) = document().and_then(|d| d.query_selector(selector).ok().flatten()) else {
        return;
    };
    if let Some(selection) = web_sys::window().and_then(|w| w.get_selection().ok().flatten()) {
        let _ = selection.remove_all_ranges();
        let _ = selection.select_all_children(&element);
    }
}

/// True when nothing in particular has focus (it fell back to the body, e.g. because the
/// focused element was re-rendered away).
pub fn focus_is_lost() -> bool {
    document()
        .and_then(|d| d.active_element())
        .is_none_or(|e| e.tag_name().eq_ignore_ascii_case("BODY"))
}

/// The element that has focus now, to give it back when a dialog closes.
pub fn focused_element() -> Option<HtmlElement> {
    document()
        .and_then(|d| d.active_element())
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
}

/// Whether the event's target is a place where keys are text.
pub fn is_typing(event: &KeyboardEvent) -> bool {
    let Some(element) = event
        .target()
        .and_then(|t| t.dyn_into::<HtmlElement>().ok())
    else {
        return false;
    };
    let input_type = element.get_attribute("type").unwrap_or_default();
    is_typing_target(
        &element.tag_name(),
        &input_type,
        element.is_content_editable(),
    )
}

/// The fields of a key event that shortcut dispatch looks at.
pub fn key_press<'a>(event: &KeyboardEvent, key: &'a str) -> KeyPress<'a> {
    KeyPress {
        key,
        ctrl: event.ctrl_key(),
        meta: event.meta_key(),
        alt: event.alt_key(),
        shift: event.shift_key(),
        typing: is_typing(event),
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// A remembered preference; `None` when unset or storage is unavailable.
pub fn load_pref(key: &str) -> Option<String> {
    storage().and_then(|s| s.get_item(key).ok().flatten())
}

/// Remembers a preference; failing storage only means it is not remembered.
pub fn save_pref(key: &str, value: &str) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(key, value);
    }
}

/// Moves focus from a board card to its neighbour: up and down within the column, left
/// and right to the card at the same height in the next column (or its last card).
pub fn focus_neighbour_card(card: &web_sys::Element, direction: Direction) {
    let Some(column) = card.closest(".board-column").ok().flatten() else {
        return;
    };
    let cards_of = |column: &web_sys::Element| -> Vec<HtmlElement> {
        let Ok(list) = column.query_selector_all(".task-card") else {
            return Vec::new();
        };
        (0..list.length())
            .filter_map(|i| list.item(i))
            .filter_map(|node| node.dyn_into::<HtmlElement>().ok())
            .collect()
    };
    let here = cards_of(&column);
    let Some(index) = here
        .iter()
        .position(|c| c.unchecked_ref::<web_sys::Element>() == card)
    else {
        return;
    };
    let target = match direction {
        Direction::Up => index.checked_sub(1).and_then(|i| here.get(i).cloned()),
        Direction::Down => here.get(index + 1).cloned(),
        Direction::Left | Direction::Right => {
            let mut sibling = if direction == Direction::Left {
                column.previous_element_sibling()
            } else {
                column.next_element_sibling()
            };
            // Skip columns with no cards, so focus can cross an empty one.
            let mut found = None;
            while let Some(next) = sibling {
                let cards = cards_of(&next);
                if let Some(card) = cards.get(index.min(cards.len().saturating_sub(1))) {
                    found = Some(card.clone());
                    break;
                }
                sibling = if direction == Direction::Left {
                    next.previous_element_sibling()
                } else {
                    next.next_element_sibling()
                };
            }
            found
        }
    };
    if let Some(target) = target {
        let _ = target.focus();
    }
}
