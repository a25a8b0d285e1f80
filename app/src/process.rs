//! What both faces do first when they start: keep the vault's key out of crash dumps.
//!
//! While a vault is open its data key (and, for a moment, the passphrase) is in the
//! process's memory. A core dump written on a crash, or a debugger of the same user
//! attaching, would carry it to disk or to another program. On Linux we set the core-file
//! size limit to zero (for this process and anything it starts) and mark the process
//! non-dumpable (`PR_SET_DUMPABLE` 0: no core file, and other processes of the same user
//! cannot ptrace it or read its memory through /proc); on other Unix systems the limit
//! alone. Windows writes dumps only through Windows Error Reporting when an administrator
//! turned local dumps on; there is nothing for a program to switch off.

/// Turns core dumps off for this process. An error is returned (and the caller may go on):
/// the program still works, with the protection the system gives by default.
pub fn forbid_core_dumps() -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use rustix::process::{Resource, Rlimit, setrlimit};
        setrlimit(Resource::Core, Rlimit { current: Some(0), maximum: Some(0) })?;
        #[cfg(target_os = "linux")]
        rustix::process::set_dumpable_behavior(rustix::process::DumpableBehavior::NotDumpable)?;
    }
    Ok(())
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use rustix::process::{DumpableBehavior, Resource, dumpable_behavior, getrlimit};

    #[test]
    fn after_the_call_no_core_file_can_be_written_and_the_process_is_not_dumpable() {
        super::forbid_core_dumps().expect("allowed for an ordinary process");
        let limit = getrlimit(Resource::Core);
        assert_eq!((limit.current, limit.maximum), (Some(0), Some(0)));
        assert_eq!(dumpable_behavior().expect("prctl"), DumpableBehavior::NotDumpable);
    }
}
