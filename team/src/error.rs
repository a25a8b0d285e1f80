//! Server errors as the program's errors. Messages carry PostgreSQL's message (which names
//! tables, columns and constraints) and never its detail (which can quote the values).

use probono_core::Error;

pub(crate) fn from_pg(err: &postgres::Error) -> Error {
    let Some(db) = err.as_db_error() else {
        let text = err.to_string();
        return if err.is_closed() {
            Error::ServerUnreachable("the connection was lost".into())
        } else if text.starts_with("error serializing") || text.starts_with("error deserializing") {
            // A value this program could not convert to or from the server's type: its own
            // fault, not the network's (the text names types and positions, not values).
            Error::Internal(text)
        } else {
            Error::ServerUnreachable(text)
        };
    };
    let message = db.message().to_owned();
    match db.code().code() {
        "28P01" | "28000" => Error::ServerLogin,
        // Privileges and row-level security.
        "42501" => Error::NotAllowed(format!("your role on the team server does not allow this ({message})")),
        // guard_version: someone saved since this was read.
        "PB409" => Error::Conflict(message),
        "PB404" => Error::NotFound { what: message.trim_end_matches(" was not found").to_owned() },
        // Two people choosing the same case reference or e-mail at the same moment.
        "23505" if db.constraint() == Some("matter_case_ref_key") => {
            Error::invalid("case_ref", "is already used by another matter")
        }
        "23505" if db.constraint() == Some("volunteer_email") => {
            Error::invalid("email", "another volunteer already has this e-mail address")
        }
        "23505" => Error::Conflict(format!("that is already recorded ({message})")),
        "23503" => Error::Conflict(format!("a record it refers to is missing or still in use ({message})")),
        "23514" | "23502" => Error::invalid(db.column().or(db.constraint()).unwrap_or("record"), message),
        // These messages quote the value that was refused (a date, a number someone typed):
        // say what kind of value instead.
        "22P02" | "22007" | "22008" | "22021" | "22003" | "22001" => Error::invalid(
            db.column().unwrap_or("record"),
            match db.code().code() {
                "22007" | "22008" => "not a valid date or time",
                "22003" => "a number out of range",
                "22001" => "too long",
                "22021" => "not valid text (character encoding)",
                _ => "not a valid value for this field",
            },
        ),
        // Our own functions' refusals: "field: what is wrong".
        "22023" => match message.split_once(": ") {
            Some((field, rest)) => Error::invalid(field, rest),
            None => Error::invalid("record", message),
        },
        "57P01" | "57P02" | "57P03" | "08000" | "08003" | "08006" => Error::ServerUnreachable(message),
        code => Error::Database(format!("{message} (SQLSTATE {code})")),
    }
}

pub(crate) trait PgResult<T> {
    fn pg(self) -> probono_core::Result<T>;
}

impl<T> PgResult<T> for Result<T, postgres::Error> {
    fn pg(self) -> probono_core::Result<T> {
        self.map_err(|e| from_pg(&e))
    }
}
