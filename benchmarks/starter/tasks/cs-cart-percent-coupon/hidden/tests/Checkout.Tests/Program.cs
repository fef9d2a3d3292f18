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

Check.Run("percentage coupon", () =>
{
    var coupon = new PercentageCoupon("TEN", 10m);
    Check.Equal("TEN", coupon.Code, "code");
    Check.Equal(10m, coupon.Percent, "percent");
    Check.Equal(null, coupon.MaxDiscount, "no cap");
    var cart = new Cart().Add("boots", 120m).Apply(coupon);
    Check.Equal(12m, cart.Discount, "discount");
    Check.Equal(108m, cart.Total, "total");
});

Check.Run("percentage discount is rounded to cents, half away from zero", () =>
{
    Check.Equal(0.13m, new PercentageCoupon("P", 5m).DiscountFor(2.50m), "0.125 -> 0.13");
    Check.Equal(0.33m, new PercentageCoupon("P", 33m).DiscountFor(1m), "0.33");
    Check.Equal(1.67m, new PercentageCoupon("P", 12.5m).DiscountFor(13.33m), "1.66625 -> 1.67");
    Check.Equal(0.04m, new PercentageCoupon("P", 15m).DiscountFor(0.25m), "0.0375 -> 0.04");
});

Check.Run("percentage discount can be capped", () =>
{
    var coupon = new PercentageCoupon("BIG25", 25m, maxDiscount: 20m);
    Check.Equal(20m, coupon.MaxDiscount, "cap");
    Check.Equal(20m, coupon.DiscountFor(200m), "capped");
    Check.Equal(12.50m, coupon.DiscountFor(50m), "below the cap");
});

Check.Run("hundred percent makes the order free", () =>
{
    var cart = new Cart().Add("sample", 4.99m, 3).Apply(new PercentageCoupon("FREE", 100m));
    Check.Equal(0m, cart.Total);
});

Check.Run("coupons stack in order", () =>
{
    var cart = new Cart().Add("jacket", 80m)
        .Apply(new FixedAmountCoupon("TENOFF", 10m))
        .Apply(new PercentageCoupon("HALF", 50m));
    Check.Equal(45m, cart.Discount, "10 then 50% of 70");
    Check.Equal(35m, cart.Total);

    var reversed = new Cart().Add("jacket", 80m)
        .Apply(new PercentageCoupon("HALF", 50m))
        .Apply(new FixedAmountCoupon("TENOFF", 10m));
    Check.Equal(30m, reversed.Total, "50% of 80 then 10");
});

Check.Run("invalid coupons are rejected", () =>
{
    Check.Throws<ArgumentOutOfRangeException>(() => new PercentageCoupon("P", 0m), "0%");
    Check.Throws<ArgumentOutOfRangeException>(() => new PercentageCoupon("P", -5m), "-5%");
    Check.Throws<ArgumentOutOfRangeException>(() => new PercentageCoupon("P", 100.5m), "100.5%");
    Check.Throws<ArgumentOutOfRangeException>(() => new PercentageCoupon("P", 10m, maxDiscount: 0m), "cap 0");
    Check.Throws<ArgumentException>(() => new PercentageCoupon(" ", 10m), "blank code");
});

Check.Run("percentage coupon works through the interface", () =>
{
    ICoupon coupon = new PercentageCoupon("TWENTY", 20m);
    Check.Equal(3.00m, coupon.DiscountFor(15m));
});

return Check.Finish();
