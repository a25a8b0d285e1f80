//! Closed lists (case types, outcomes, roles, hearing kinds): one macro gives each a stable
//! storage code, a label for people, and a forgiving parser ("U visa", "u-visa", "U_VISA").

/// Declares an enum whose variants have a storage code, a label and optional aliases.
macro_rules! choice {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $($variant:ident = $code:literal, $label:literal $(, [$($alias:literal),*])?;)+
        }
    ) => {
        $(#[$meta])*
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $(#[serde(rename = $code)] $variant,)+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The code stored in the database and used in CSV and JSON.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code,)+ }
            }

            /// The name people read in the app and in PDFs.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)+ }
            }

            /// Parses a code, a label or an alias; case, spaces, dashes and underscores do
            /// not matter. The error names `field` and lists the accepted codes.
            pub fn parse(field: &str, input: &str) -> $crate::error::Result<$name> {
                let folded: String = input
                    .trim()
                    .chars()
                    .filter(|c| !matches!(c, ' ' | '-' | '_' | '/' | '.'))
                    .flat_map(char::to_lowercase)
                    .collect();
                let fold = |s: &str| -> String {
                    s.chars().filter(|c| !matches!(c, ' ' | '-' | '_' | '/' | '.')).flat_map(char::to_lowercase).collect()
                };
                $(
                    if !folded.is_empty() && (folded == fold($code) || folded == fold($label) $($(|| folded == fold($alias))*)?) {
                        return Ok($name::$variant);
                    }
                )+
                Err($crate::error::Error::invalid(
                    field,
                    format!("must be one of: {}", [$($code),+].join(", ")),
                ))
            }

            /// Reads a stored code; an unknown code means the database was altered.
            pub fn from_code(code: &str) -> $crate::error::Result<$name> {
                match code {
                    $($code => Ok($name::$variant),)+
                    _ => Err($crate::error::Error::VaultDamaged(format!(
                        "unknown {} code in the database", stringify!($name)
                    ))),
                }
            }
        }

        impl $crate::model::Choice for $name {
            fn all() -> &'static [Self] {
                Self::ALL
            }
            fn code(self) -> &'static str {
                $name::code(self)
            }
            fn label(self) -> &'static str {
                $name::label(self)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }

        impl rusqlite::types::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(rusqlite::types::ToSqlOutput::from(self.code()))
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                let text = value.as_str()?;
                $name::from_code(text).map_err(|e| rusqlite::types::FromSqlError::Other(Box::new(e)))
            }
        }
    };
}

pub(crate) use choice;
