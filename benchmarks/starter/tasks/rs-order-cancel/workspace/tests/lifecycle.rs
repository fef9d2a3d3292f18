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
