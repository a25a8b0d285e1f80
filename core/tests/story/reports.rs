//! The report definitions at their edges, on a vault (the cases are in `report_cases.rs`;
//! the team tests run the same ones on a PostgreSQL server).

use crate::{new_vault, report_cases};

/// One test per case, each on a new vault; `demo`: with the demo clinic in it.
macro_rules! on_a_vault {
    ($($case:ident),* $(,)?) => {$(
        #[test]
        fn $case() {
            let (_d, mut created) = new_vault();
            report_cases::$case(&mut created.store);
        }
    )*};
    (demo: $($case:ident),* $(,)?) => {$(
        #[test]
        fn $case() {
            let (_d, mut created) = new_vault();
            created.store.fill_demo(&probono_core::task::TaskContext::silent()).expect("demo");
            report_cases::$case(&mut created.store);
        }
    )*};
}

on_a_vault!(
    a_matter_is_active_if_opened_by_the_last_day_and_not_closed_before_the_first,
    rates_leave_out_pending_and_withdrawn_and_release_not_requested,
    no_decided_matters_means_no_rate_not_zero_percent,
    distinct_counts_ignore_case_spacing_and_codes_versus_names,
    volunteers_and_hours_count_only_time_dated_in_the_period,
    the_hours_report_marks_the_aba_aspiration_and_splits_by_detention_and_case_type,
    a_volunteer_named_like_a_formula_reaches_the_hours_csv_as_text,
);

on_a_vault!(demo: the_demo_clinic_reads_the_inspiring_programs_figures, the_dashboard_shows_the_same_figures_as_the_impact_report);
