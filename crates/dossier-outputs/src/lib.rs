//! dossier-outputs: the output planner.
//!
//! Before a build writes anything, the planner names every file it will
//! write and every folder it will write them into, and finds every
//! collision: two sources that would write the same name. A build then
//! writes exactly what the plan names, so an output folder holds exactly
//! what its `build.json` lists, and nothing a removed chart once made.
//!
//! Data flow: a report spec (read by dossier-report) → a [`FolderPlan`]
//! per report (its editions, charts and build record) → the plans of a
//! whole batch checked against each other by [`folder_collisions`] (in the
//! CLI) → the build renders each [`Planned`] file and the CLI writes them.
//!
//! Names follow one rule per kind of output, in [`name`]:
//!
//! | output | name |
//! |---|---|
//! | an edition | `REPORT.LANG.FORMAT` (`us-chile.fa.pdf`, later `us-chile.es-CL.pdf`, `us-chile.fa.html`) |
//! | a chart | `STEM.LANG.FORMAT`, the stem of its spec file (`trade.en.svg`) |
//! | the build record | `build.json` |
//! | a report's folder | its id |
//! | a run's folder (a parameterised report) | `REPORT-VALUE…`, each value made safe by [`name::run`] (`country-note-CL`) |
//!
//! Two names collide when a case-insensitive or Unicode-normalising file
//! system (macOS, Windows, most CI artifact stores) would store them as one
//! file, not only when they are equal. A collision is an error naming both
//! sources; the planner never renames an output on its own, since a name
//! that silently changes breaks every link to it. The same source asked
//! for twice (one chart placed in two sections) is one output.
//!
//! New kinds of output add a [`Product`] variant or a [`Format`] and a rule
//! in [`name`]; a new kind of folder (one per parameter run) is one more
//! name, from [`name::run`], handed to [`folder_collisions`] beside the
//! report ids.

pub mod name;
mod plan;

pub use name::{Format, NameProblem};
pub use plan::{folder_collisions, FolderPlan, Origin, PlanError, Planned, Product, RECORD};
