//! Note use cases.

use adiuva_domain::{NewNote, NoteId, NotePatch, Reason, limits::NOTE_CONTENT_MAX_CHARS};

use crate::{assert_invalid, assert_not_found, fixture};

#[test]
fn write_edit_list_and_delete_notes() {
    let fx = fixture();
    let project = fx.project("Garden");
    let note = fx
        .ws
        .create_note(
            NewNote {
                title: "Soil".into(),
                content: Some("# Soil\n\nLoam, *well* drained.".into()),
                project_id: None,
            }
            .validate()
            .unwrap(),
        )
        .unwrap();
    fx.ws
        .create_note(
            NewNote {
                title: "Other".into(),
                ..NewNote::default()
            }
            .validate()
            .unwrap(),
        )
        .unwrap();
    assert_eq!(fx.ws.get_note(note.id).unwrap(), note);

    let patch = NotePatch {
        content: Some("# Soil\n\nClay now.".into()),
        project_id: Some(Some(project.id.to_string())),
        title: None,
    };
    let edited = fx
        .ws
        .update_note(note.id, patch.validate().unwrap())
        .unwrap();
    assert_eq!(
        (edited.content.as_str(), edited.project_id),
        ("# Soil\n\nClay now.", Some(project.id))
    );
    let filed = fx.ws.list_notes(Some(project.id)).unwrap();
    assert_eq!(filed.len(), 1);
    assert_eq!(filed[0].excerpt, "Soil Clay now.");
    assert_eq!(fx.ws.list_notes(None).unwrap().len(), 2);

    let unfiled = fx
        .ws
        .update_note(
            note.id,
            NotePatch {
                project_id: Some(None),
                ..NotePatch::default()
            }
            .validate()
            .unwrap(),
        )
        .unwrap();
    assert_eq!(unfiled.project_id, None);
    fx.ws.delete_note(note.id).unwrap();
    assert_not_found(&fx.refused(|ws| ws.get_note(note.id)));
    assert_not_found(&fx.refused(|ws| ws.delete_note(note.id)));
}

#[test]
fn a_long_note_fits_and_a_runaway_one_is_refused() {
    let fx = fixture();
    let big = "word ".repeat(NOTE_CONTENT_MAX_CHARS / 5);
    let note = fx
        .ws
        .create_note(
            NewNote {
                title: "Book".into(),
                content: Some(big.clone()),
                project_id: None,
            }
            .validate()
            .unwrap(),
        )
        .unwrap();
    assert_eq!(fx.ws.get_note(note.id).unwrap().content.len(), big.len());
    let summary = &fx.ws.list_notes(None).unwrap()[0];
    assert!(
        summary.excerpt.chars().count() <= 141,
        "lists carry an excerpt, not the body"
    );

    let err = fx.refused(|ws| {
        ws.create_note(
            NewNote {
                title: "Too big".into(),
                content: Some("x".repeat(NOTE_CONTENT_MAX_CHARS + 1)),
                project_id: None,
            }
            .validate()?,
        )
    });
    assert_invalid(
        &err,
        "content",
        Reason::TooLong {
            max: NOTE_CONTENT_MAX_CHARS,
        },
    );
    let err = fx.refused(|ws| {
        ws.update_note(
            note.id,
            NotePatch {
                title: Some("".into()),
                ..NotePatch::default()
            }
            .validate()?,
        )
    });
    assert_invalid(&err, "title", Reason::Empty);
    let ghost = NoteId::parse("01936f4e-8c1a-7b2c-9d3e-0123456789ab", "id").unwrap();
    assert_not_found(&fx.refused(|ws| ws.update_note(ghost, NotePatch::default().validate()?)));
}
