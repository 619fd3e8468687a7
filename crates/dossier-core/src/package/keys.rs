//! Keys: primary keys and unique constraints are unique (and their values
//! given), and foreign keys name rows that exist.

use std::collections::HashMap;

use dossier_formula::Value;

use super::error::{Errors, PackageError};
use super::resource::{Resource, Row};

/// A key for messages: `'exports', 1995`.
pub fn shown(values: &[&Value]) -> String {
    let parts: Vec<String> = values.iter().map(|v| v.to_string()).collect();
    format!("({})", parts.join(", "))
}

/// Checks that the rows' values of `fields` are unique (and, when
/// `required`, given); returns whether they are.
fn unique(
    resource: &Resource,
    rows: &[Row],
    fields: &[usize],
    required: bool,
    errors: &mut Errors,
) -> bool {
    let mut first: HashMap<Vec<&Value>, usize> = HashMap::new();
    let mut ok = true;
    for r in rows.iter().filter(|r| !r.failed) {
        let key: Vec<&Value> = fields.iter().map(|&f| &r.values[f]).collect();
        if let Some(missing) = fields.iter().find(|&&f| r.values[f].is_missing()) {
            if required {
                errors.push(PackageError::MissingValue {
                    at: resource.place(r, *missing),
                    field: resource.schema.fields[*missing].name.clone(),
                });
                ok = false;
            }
            // Frictionless: a key with a missing part is not compared.
            continue;
        }
        match first.get(&key) {
            Some(&line) => {
                errors.push(PackageError::DuplicateKey {
                    at: resource.place(r, fields[0]),
                    key: format!("{} = {}", field_list(resource, fields), shown(&key)),
                    first_line: Some(line),
                });
                ok = false;
            }
            None => {
                first.insert(key, r.line);
            }
        }
    }
    ok
}

fn field_list(resource: &Resource, fields: &[usize]) -> String {
    let names: Vec<&str> = fields
        .iter()
        .map(|&f| resource.schema.fields[f].name.as_str())
        .collect();
    format!("({})", names.join(", "))
}

/// The primary key, every `unique` field and every `uniqueKeys` set.
pub fn check_unique(resource: &Resource, errors: &mut Errors) -> bool {
    let s = &resource.schema;
    let mut ok = true;
    if !s.primary_key.is_empty() {
        ok &= unique(resource, &resource.rows, &s.primary_key, true, errors);
    }
    for (i, f) in s.fields.iter().enumerate() {
        if f.constraints.unique && s.primary_key != [i] {
            ok &= unique(resource, &resource.rows, &[i], false, errors);
        }
    }
    for k in &s.unique_keys {
        ok &= unique(resource, &resource.rows, k, false, errors);
    }
    ok
}

/// Every foreign key of every resource names an existing row.
pub fn check_foreign_keys(resources: &[Resource], errors: &mut Errors) {
    for r in resources {
        for fk in &r.schema.foreign_keys {
            let target = if fk.resource.is_empty() {
                Some(r)
            } else {
                resources.iter().find(|t| t.name == fk.resource)
            };
            // Unknown resources were reported with the declaration.
            let Some(target) = target else { continue };
            let Some(ref_fields) = fk
                .reference
                .iter()
                .map(|f| target.schema.index(&f.value))
                .collect::<Option<Vec<usize>>>()
            else {
                continue;
            };
            let present: std::collections::HashSet<Vec<&Value>> = target
                .rows
                .iter()
                .map(|row| ref_fields.iter().map(|&f| &row.values[f]).collect())
                .collect();
            for row in r.rows.iter().filter(|row| !row.failed) {
                let key: Vec<&Value> = fk.fields.iter().map(|&f| &row.values[f]).collect();
                if key.iter().any(|v| v.is_missing()) {
                    continue;
                }
                // Numbers compare (and hash) by amount: 1995 finds 1995.0.
                if !present.contains(&key) {
                    errors.push(PackageError::ForeignKeyNotFound {
                        at: r.place(row, fk.fields[0]),
                        fields: fk
                            .fields
                            .iter()
                            .map(|&f| r.schema.fields[f].name.clone())
                            .collect(),
                        value: shown(&key),
                        resource: target.name.clone(),
                        reference: fk.reference.iter().map(|f| f.value.clone()).collect(),
                    });
                }
            }
        }
    }
}
