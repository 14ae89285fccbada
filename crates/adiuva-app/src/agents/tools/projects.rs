//! The project tools.

use adiuva_agent::args::projects::{CreateProject, ListProjects, ProjectRef, UpdateProject};
use adiuva_domain::{ProjectId, ProjectStatus};
use adiuva_store::projects as stored;
use serde_json::json;
use uuid::Uuid;

use super::{Ctx, Done, listed, quoted, value};
use crate::{AppError, Change, Entity, projects};

pub(super) fn list(ctx: &Ctx<'_>, args: &ListProjects) -> Result<Done, AppError> {
    let list: Vec<_> = stored::list(ctx.conn, args.include_archived)?
        .into_iter()
        .filter(|p| ctx.visible("projects", Some(p.id)))
        .collect();
    Ok(Done::new(
        json!({ "projects": value(&list), "count": list.len() }),
        listed("project", &list, |p| &p.name),
    ))
}

pub(super) fn get(ctx: &Ctx<'_>, args: &ProjectRef) -> Result<Done, AppError> {
    let project =
        projects::existing_project(ctx.conn, ProjectId::parse(&args.project_id, "project_id")?)?;
    Ok(Done::new(
        json!({ "project": value(&project) }),
        format!("Project {} ({}).", quoted(&project.name), project.status),
    ))
}

pub(super) fn create(ctx: &Ctx<'_>, args: &CreateProject) -> Result<Done, AppError> {
    let project = args
        .new_project()
        .validate()?
        .into_project(ProjectId::from_uuid(Uuid::now_v7()), ctx.now);
    stored::insert(ctx.conn, &project)?;
    Ok(Done::new(
        json!({ "project": value(&project) }),
        format!(
            "Created project {} ({}).",
            quoted(&project.name),
            project.id
        ),
    )
    .wrote(Entity::Project, project.id, Change::Created))
}

pub(super) fn update(ctx: &Ctx<'_>, args: &UpdateProject) -> Result<Done, AppError> {
    let id = ProjectId::parse(&args.project_id, "project_id")?;
    let (project, changed) = projects::update(ctx.conn, id, args.patch().validate()?, ctx.now)?;
    changed_or_not(project, changed, "Updated")
}

pub(super) fn archive(ctx: &Ctx<'_>, args: &ProjectRef) -> Result<Done, AppError> {
    let id = ProjectId::parse(&args.project_id, "project_id")?;
    let (project, changed) = projects::set_status(ctx.conn, id, ProjectStatus::Archived, ctx.now)?;
    changed_or_not(project, changed, "Archived")
}

fn changed_or_not(
    project: adiuva_domain::Project,
    changed: bool,
    verb: &str,
) -> Result<Done, AppError> {
    let structured = json!({ "project": value(&project), "changed": changed });
    Ok(if changed {
        let id = project.id;
        Done::new(
            structured,
            format!("{verb} project {}.", quoted(&project.name)),
        )
        .wrote(Entity::Project, id, Change::Updated)
    } else {
        Done::new(
            structured,
            format!("Project {} already was so.", quoted(&project.name)),
        )
    })
}

pub(super) fn delete(ctx: &Ctx<'_>, args: &ProjectRef) -> Result<Done, AppError> {
    let id = ProjectId::parse(&args.project_id, "project_id")?;
    projects::delete(ctx.conn, id)?;
    Ok(Done::new(
        json!({ "deleted": { "kind": "project", "id": id } }),
        format!("Deleted project {id} with its tasks and checkpoints."),
    )
    .wrote(Entity::Project, id, Change::Deleted))
}
