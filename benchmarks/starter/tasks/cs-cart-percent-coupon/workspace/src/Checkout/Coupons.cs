namespace Checkout;

/// <summary>A discount rule. Returns a non-negative discount for the given amount.</summary>
public interface ICoupon
{
    string Code { get; }

    decimal DiscountFor(decimal amount);
}

/// <summary>Takes a fixed sum off the order, e.g. "5.00 off".</summary>
public sealed class FixedAmountCoupon : ICoupon
{
    public FixedAmountCoupon(string code, decimal amount)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        Code = code;
        Amount = amount;
    }

    public string Code { get; }

    public decimal Amount { get; }

    public decimal DiscountFor(decimal amount) => Math.Min(Amount, amount);
}
