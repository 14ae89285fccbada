//! Comment use cases.

use adiuva_domain::{
    Author, CommentId, NewComment, NewTask, Reason, TaskId, limits::COMMENT_MAX_CHARS,
};

use crate::{assert_invalid, assert_not_found, fixture};

#[test]
fn comments_are_the_users_and_read_oldest_first() {
    let fx = fixture();
    let task = fx.task(NewTask {
        title: "Plan".into(),
        ..NewTask::default()
    });
    for text in ["first", "second\nwith two lines"] {
        fx.ws
            .add_comment(
                NewComment {
                    task_id: task.id.to_string(),
                    content: text.into(),
                }
                .validate()
                .unwrap(),
            )
            .unwrap();
    }
    let comments = fx.ws.list_comments(task.id).unwrap();
    assert_eq!(
        comments
            .iter()
            .map(|c| c.content.as_str())
            .collect::<Vec<_>>(),
        ["first", "second\nwith two lines"]
    );
    assert!(
        comments
            .iter()
            .all(|c| c.author == Author::User && c.task_id == task.id)
    );

    fx.ws.delete_comment(comments[0].id).unwrap();
    assert_eq!(fx.ws.list_comments(task.id).unwrap().len(), 1);
    assert_not_found(&fx.refused(|ws| ws.delete_comment(comments[0].id)));
}

#[test]
fn comments_need_a_real_task_and_some_text() {
    let fx = fixture();
    let task = fx.task(NewTask {
        title: "Plan".into(),
        ..NewTask::default()
    });
    let ghost = "01936f4e-8c1a-7b2c-9d3e-0123456789ab";
    assert_not_found(&fx.refused(|ws| {
        ws.add_comment(
            NewComment {
                task_id: ghost.into(),
                content: "hi".into(),
            }
            .validate()?,
        )
    }));
    assert_not_found(&fx.refused(|ws| ws.list_comments(TaskId::parse(ghost, "id")?)));
    assert_not_found(&fx.refused(|ws| ws.delete_comment(CommentId::parse(ghost, "id")?)));
    let err = fx.refused(|ws| {
        ws.add_comment(
            NewComment {
                task_id: task.id.to_string(),
                content: " \n\t".into(),
            }
            .validate()?,
        )
    });
    assert_invalid(&err, "content", Reason::Empty);
    let err = fx.refused(|ws| {
        ws.add_comment(
            NewComment {
                task_id: task.id.to_string(),
                content: "c".repeat(COMMENT_MAX_CHARS + 1),
            }
            .validate()?,
        )
    });
    assert_invalid(
        &err,
        "content",
        Reason::TooLong {
            max: COMMENT_MAX_CHARS,
        },
    );
    let err = fx.refused(|ws| {
        ws.add_comment(
            NewComment {
                task_id: "nope".into(),
                content: "hi".into(),
            }
            .validate()?,
        )
    });
    assert_invalid(&err, "task_id", Reason::InvalidId);
}
