namespace Checkout;

public sealed record CartLine(string Sku, decimal UnitPrice, int Quantity)
{
    public decimal Amount => UnitPrice * Quantity;
}

/// <summary>A shopping cart. Amounts are in the shop currency with two decimals.</summary>
public sealed class Cart
{
    private readonly List<CartLine> _lines = new();
    private readonly List<ICoupon> _coupons = new();

    public IReadOnlyList<CartLine> Lines => _lines;

    public IReadOnlyList<ICoupon> Coupons => _coupons;

    public Cart Add(string sku, decimal unitPrice, int quantity = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sku);
        ArgumentOutOfRangeException.ThrowIfNegative(unitPrice);
        ArgumentOutOfRangeException.ThrowIfLessThan(quantity, 1);
        _lines.Add(new CartLine(sku, unitPrice, quantity));
        return this;
    }

    public Cart Apply(ICoupon coupon)
    {
        ArgumentNullException.ThrowIfNull(coupon);
        _coupons.Add(coupon);
        return this;
    }

    public decimal Subtotal => _lines.Sum(l => l.Amount);

    /// <summary>
    /// Coupons are applied in the order they were added; each one sees the amount left after the
    /// previous ones. The discount never exceeds what is left, so the total never goes below zero.
    /// </summary>
    public decimal Discount
    {
        get
        {
            var remaining = Subtotal;
            var discount = 0m;
            foreach (var coupon in _coupons)
            {
                var d = Math.Min(coupon.DiscountFor(remaining), remaining);
                discount += d;
                remaining -= d;
            }

            return discount;
        }
    }

    public decimal Total => Subtotal - Discount;
}
