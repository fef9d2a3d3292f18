using Checkout;
using Checks;

Check.Run("subtotal sums the lines", () =>
{
    var cart = new Cart().Add("tea", 3.20m, 2).Add("mug", 8.99m);
    Check.Equal(15.39m, cart.Subtotal);
    Check.Equal(15.39m, cart.Total);
});

Check.Run("fixed amount coupon", () =>
{
    var cart = new Cart().Add("tea", 3.20m, 2).Apply(new FixedAmountCoupon("FIVE", 5m));
    Check.Equal(1.40m, cart.Total);
});

Check.Run("fixed amount coupon never makes the total negative", () =>
{
    var cart = new Cart().Add("pen", 1.50m).Apply(new FixedAmountCoupon("FIVE", 5m));
    Check.Equal(0m, cart.Total);
});

return Check.Finish();
