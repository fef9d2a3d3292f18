//! Order lifecycle for the web shop back office.
//!
//! ```text
//! Created --pay--> Paid --ship--> Shipped --deliver--> Delivered
//! ```
//!
//! Every successful transition is appended to the order's history. A rejected transition leaves
//! the order unchanged.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Created,
    Paid,
    Shipped,
    Delivered,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Pay,
    Ship,
    Deliver,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrderError {
    /// The action is not allowed in the current state.
    InvalidTransition { from: State, action: Action },
    /// A payment must cover the order total exactly.
    WrongAmount { expected: u64, got: u64 },
    /// A shipment needs a tracking number.
    MissingTracking,
}

impl fmt::Display for OrderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OrderError::InvalidTransition { from, action } => write!(f, "cannot {action:?} an order that is {from:?}"),
            OrderError::WrongAmount { expected, got } => write!(f, "payment of {got} does not match total {expected}"),
            OrderError::MissingTracking => write!(f, "tracking number is required"),
        }
    }
}

impl std::error::Error for OrderError {}

#[derive(Debug, Clone)]
pub struct Order {
    id: u64,
    total_cents: u64,
    state: State,
    paid_cents: u64,
    tracking: Option<String>,
    history: Vec<State>,
}

impl Order {
    pub fn new(id: u64, total_cents: u64) -> Order {
        Order { id, total_cents, state: State::Created, paid_cents: 0, tracking: None, history: vec![State::Created] }
    }

    pub fn id(&self) -> u64 {
        self.id
    }

    pub fn state(&self) -> State {
        self.state
    }

    pub fn paid_cents(&self) -> u64 {
        self.paid_cents
    }

    pub fn tracking(&self) -> Option<&str> {
        self.tracking.as_deref()
    }

    /// All states the order has been in, oldest first (starts with `Created`).
    pub fn history(&self) -> &[State] {
        &self.history
    }

    pub fn pay(&mut self, amount_cents: u64) -> Result<(), OrderError> {
        self.expect(State::Created, Action::Pay)?;
        if amount_cents != self.total_cents {
            return Err(OrderError::WrongAmount { expected: self.total_cents, got: amount_cents });
        }
        self.paid_cents = amount_cents;
        self.enter(State::Paid);
        Ok(())
    }

    pub fn ship(&mut self, tracking: &str) -> Result<(), OrderError> {
        self.expect(State::Paid, Action::Ship)?;
        if tracking.trim().is_empty() {
            return Err(OrderError::MissingTracking);
        }
        self.tracking = Some(tracking.trim().to_string());
        self.enter(State::Shipped);
        Ok(())
    }

    pub fn deliver(&mut self) -> Result<(), OrderError> {
        self.expect(State::Shipped, Action::Deliver)?;
        self.enter(State::Delivered);
        Ok(())
    }

    fn expect(&self, required: State, action: Action) -> Result<(), OrderError> {
        if self.state == required {
            Ok(())
        } else {
            Err(OrderError::InvalidTransition { from: self.state, action })
        }
    }

    fn enter(&mut self, state: State) {
        self.state = state;
        self.history.push(state);
    }
}
