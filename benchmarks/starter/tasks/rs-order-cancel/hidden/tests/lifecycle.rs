use orderflow::{Action, Order, OrderError, State};

#[test]
fn happy_path() {
    let mut o = Order::new(7, 2500);
    o.pay(2500).unwrap();
    o.ship(" TRK-1 ").unwrap();
    o.deliver().unwrap();
    assert_eq!(o.state(), State::Delivered);
    assert_eq!(o.tracking(), Some("TRK-1"));
    assert_eq!(o.history(), &[State::Created, State::Paid, State::Shipped, State::Delivered]);
}

#[test]
fn wrong_amount_is_rejected() {
    let mut o = Order::new(1, 1000);
    assert_eq!(o.pay(999), Err(OrderError::WrongAmount { expected: 1000, got: 999 }));
    assert_eq!(o.state(), State::Created);
}

#[test]
fn cannot_ship_before_paying() {
    let mut o = Order::new(1, 1000);
    assert_eq!(o.ship("T"), Err(OrderError::InvalidTransition { from: State::Created, action: Action::Ship }));
}

#[test]
fn cancel_before_payment() {
    let mut o = Order::new(3, 1200);
    o.cancel("customer changed their mind").unwrap();
    assert_eq!(o.state(), State::Cancelled);
    assert_eq!(o.cancel_reason(), Some("customer changed their mind"));
    assert_eq!(o.refund_due(), None);
    assert_eq!(o.history(), &[State::Created, State::Cancelled]);
}

#[test]
fn cancel_after_payment_owes_a_refund() {
    let mut o = Order::new(4, 4999);
    o.pay(4999).unwrap();
    o.cancel("  out of stock ").unwrap();
    assert_eq!(o.state(), State::Cancelled);
    assert_eq!(o.cancel_reason(), Some("out of stock"));
    assert_eq!(o.refund_due(), Some(4999));
    assert_eq!(o.history(), &[State::Created, State::Paid, State::Cancelled]);
}

#[test]
fn cannot_cancel_after_shipping() {
    let mut o = Order::new(5, 100);
    o.pay(100).unwrap();
    o.ship("TRK").unwrap();
    assert_eq!(
        o.cancel("too late"),
        Err(OrderError::InvalidTransition { from: State::Shipped, action: Action::Cancel })
    );
    assert_eq!(o.state(), State::Shipped);
    o.deliver().unwrap();
    assert_eq!(
        o.cancel("too late"),
        Err(OrderError::InvalidTransition { from: State::Delivered, action: Action::Cancel })
    );
    assert_eq!(o.cancel_reason(), None);
    assert_eq!(o.refund_due(), None);
}

#[test]
fn cancelling_twice_is_rejected() {
    let mut o = Order::new(6, 100);
    o.cancel("dup").unwrap();
    assert_eq!(o.cancel("again"), Err(OrderError::InvalidTransition { from: State::Cancelled, action: Action::Cancel }));
    assert_eq!(o.cancel_reason(), Some("dup"));
    assert_eq!(o.history(), &[State::Created, State::Cancelled]);
}

#[test]
fn a_reason_is_required() {
    let mut o = Order::new(8, 100);
    assert_eq!(o.cancel("   "), Err(OrderError::MissingReason));
    assert_eq!(o.state(), State::Created);
    assert_eq!(o.history(), &[State::Created]);
}

#[test]
fn cancelled_orders_accept_no_other_actions() {
    let mut o = Order::new(9, 100);
    o.cancel("fraud check").unwrap();
    assert_eq!(o.pay(100), Err(OrderError::InvalidTransition { from: State::Cancelled, action: Action::Pay }));
    assert_eq!(o.ship("T"), Err(OrderError::InvalidTransition { from: State::Cancelled, action: Action::Ship }));
    assert_eq!(o.deliver(), Err(OrderError::InvalidTransition { from: State::Cancelled, action: Action::Deliver }));
}

#[test]
fn error_messages() {
    assert_eq!(OrderError::MissingReason.to_string(), "cancellation reason is required");
    let e = OrderError::InvalidTransition { from: State::Shipped, action: Action::Cancel };
    assert_eq!(e.to_string(), "cannot Cancel an order that is Shipped");
}
