using Checks;
using Resilience;

static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

Check.Run("constructor validates its arguments", () =>
{
    Check.Throws<ArgumentOutOfRangeException>(() => new BackoffPolicy(Ms(100), 0.5, Ms(1000), 3));
    Check.Throws<ArgumentOutOfRangeException>(() => new BackoffPolicy(Ms(100), 2, Ms(50), 3));
    Check.Throws<ArgumentOutOfRangeException>(() => new BackoffPolicy(Ms(100), 2, Ms(500), -1));
});

Check.Run("retry runner gives up after MaxRetries", () =>
{
    var policy = new BackoffPolicy(Ms(10), 2, Ms(1000), 2);
    var calls = 0;
    var runner = new RetryRunner(policy, _ => { });
    Check.Throws<InvalidOperationException>(() => runner.Run<int>(_ => { calls++; throw new InvalidOperationException(); }));
    Check.Equal(3, calls, "calls");
});

return Check.Finish();
