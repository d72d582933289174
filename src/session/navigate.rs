//! Moving between steps, computed once, from the session's own step order.
//!
//! `Session.steps` holds one record per protocol step, in protocol order, so the next and
//! previous steps are read off it: the window's buttons, its keyboard shortcuts and skipping
//! all use these, and none of them can index past either end.

use super::{Change, ProtocolRef, Session, StepRecord, StepState, Timestamp};
use crate::protocol::Protocol;
use crate::scoring::Profile;

impl Session {
    /// A new open session following `protocol`: one record per protocol step, in its order,
    /// on the first step.
    pub fn for_protocol(
        id: super::SessionId,
        clinician: &str,
        patient: &str,
        profile: Profile,
        protocol: &Protocol,
        now: Timestamp,
    ) -> Self {
        let pref = ProtocolRef {
            id: protocol.id.clone(),
            version: protocol.version.clone(),
        };
        let mut session = Self::new(id, clinician, patient, profile, pref, now);
        session.language = (protocol.language != crate::protocol::BASE_LANGUAGE)
            .then(|| protocol.language.clone());
        let same_steps = session
            .steps
            .iter()
            .map(|s| s.step.as_str())
            .eq(protocol.steps.iter().map(|s| s.id.as_str()));
        if !same_steps {
            session.steps = protocol
                .steps
                .iter()
                .map(|s| StepRecord {
                    step: s.id.clone(),
                    state: StepState::NotStarted,
                    entered: None,
                    left: None,
                })
                .collect();
            session.current_step.clear();
            if let Some(first) = protocol.steps.first() {
                session.enter_step(&first.id, now);
            }
        }
        if protocol.plan.is_some() {
            session.plan = Some(super::FamilyPlan {
                first_contact: Some(now.date_naive()),
                ..super::FamilyPlan::default()
            });
        }
        session
    }

    /// Where the current step is in the session's step order (`None`: not one of its steps).
    pub fn current_index(&self) -> Option<usize> {
        self.steps.iter().position(|s| s.step == self.current_step)
    }

    /// The step after the current one; `None` on the last step.
    pub fn next_step(&self) -> Option<&str> {
        let index = self.current_index()?;
        self.steps.get(index + 1).map(|s| s.step.as_str())
    }

    /// The step before the current one; `None` on the first step.
    pub fn previous_step(&self) -> Option<&str> {
        let index = self.current_index()?.checked_sub(1)?;
        self.steps.get(index).map(|s| s.step.as_str())
    }

    /// Marks the current step done, unless it was skipped (a skip keeps its reason).
    pub fn complete_current_step(&self) -> Option<Change> {
        let skipped = self
            .step(&self.current_step)
            .is_some_and(|r| matches!(r.state, StepState::Skipped { .. }));
        (!skipped).then(|| Change::CompleteStep(self.current_step.clone()))
    }

    /// "Next step": the current step is done (unless skipped) and the next one entered.
    /// Nothing on the last step.
    pub fn next_step_changes(&self) -> Vec<Change> {
        let Some(next) = self.next_step() else {
            return Vec::new();
        };
        let mut changes: Vec<Change> = self.complete_current_step().into_iter().collect();
        changes.push(Change::EnterStep(next.to_owned()));
        changes
    }

    /// "Previous step": the previous step entered. Nothing on the first step.
    pub fn previous_step_changes(&self) -> Vec<Change> {
        self.previous_step()
            .map(|s| Change::EnterStep(s.to_owned()))
            .into_iter()
            .collect()
    }

    /// Skipping the current step with a reason, then entering the next one (if any).
    pub fn skip_step_changes(&self, reason: &str) -> Vec<Change> {
        let mut changes = vec![Change::SkipStep {
            step: self.current_step.clone(),
            reason: reason.trim().to_owned(),
        }];
        if let Some(next) = self.next_step() {
            changes.push(Change::EnterStep(next.to_owned()));
        }
        changes
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::ProtocolSet;

    fn time() -> Timestamp {
        chrono::DateTime::parse_from_rfc3339("2026-03-02T09:00:00+01:00").expect("a valid time")
    }

    fn session(protocol: &Protocol) -> Session {
        let id = crate::session::SessionId::new(chrono::Utc::now());
        Session::for_protocol(id, "c-lee", "P-1", Profile::default(), protocol, time())
    }

    fn walk(s: &mut Session, changes: Vec<Change>) {
        for c in changes {
            s.apply(c, time()).expect("a valid change");
        }
    }

    #[test]
    fn first_step_has_no_previous_and_last_step_has_no_next() {
        let set = ProtocolSet::bundled().expect("bundled protocols");
        let mut s = session(set.default_protocol());
        assert_eq!(s.previous_step(), None, "nothing before the first step");
        assert!(
            s.previous_step_changes().is_empty(),
            "previous does nothing"
        );
        assert_eq!(s.next_step(), Some("screen"), "the second step");
        for _ in 0..10 {
            let changes = s.next_step_changes();
            walk(&mut s, changes);
        }
        assert_eq!(s.current_step, "closure", "stops on the last step");
        assert_eq!(s.next_step(), None, "nothing after the last step");
        assert!(s.next_step_changes().is_empty(), "next does nothing");
        assert_eq!(s.previous_step(), Some("goals"), "the step before");
        assert_eq!(s.steps_done(), 4, "every step left by next is done");
    }

    #[test]
    fn a_skip_keeps_its_reason_and_a_step_outside_the_order_goes_nowhere() {
        let set = ProtocolSet::bundled().expect("bundled protocols");
        let mut s = session(set.default_protocol());
        let changes = s.skip_step_changes("  patient declined  ");
        walk(&mut s, changes);
        assert_eq!(s.current_step, "screen", "skipping enters the next step");
        assert_eq!(
            s.steps[0].state,
            StepState::Skipped {
                reason: "patient declined".to_owned()
            },
            "the skipped step keeps its reason"
        );
        // Skipping the last step leaves it current and skipped: closing must not mark it done.
        s.current_step = "closure".to_owned();
        let changes = s.skip_step_changes("out of time");
        assert_eq!(changes.len(), 1, "no step to enter after the last");
        walk(&mut s, changes);
        assert_eq!(s.complete_current_step(), None, "a skip is not overwritten");
        assert!(s.next_step_changes().is_empty(), "next does nothing");
        s.current_step = "no-such-step".to_owned();
        assert_eq!(s.next_step(), None, "no next from an unknown step");
        assert_eq!(s.previous_step(), None, "no previous from an unknown step");
    }

    #[test]
    fn a_session_follows_its_protocols_own_step_order() {
        let set = ProtocolSet::bundled().expect("bundled protocols");
        let mut protocol = set.default_protocol().clone();
        for step in &mut protocol.steps {
            step.id = format!("family-{}", step.id);
        }
        let s = session(&protocol);
        let ids: Vec<&str> = s.steps.iter().map(|r| r.step.as_str()).collect();
        assert_eq!(
            ids,
            [
                "family-introduce",
                "family-screen",
                "family-feedback",
                "family-goals",
                "family-closure"
            ],
            "one record per protocol step, in order"
        );
        assert_eq!(s.current_step, "family-introduce", "on the first step");
        assert_eq!(
            s.steps[0].state,
            StepState::InProgress,
            "the first step is entered"
        );
        assert_eq!(s.next_step(), Some("family-screen"), "next in that order");
    }
}
