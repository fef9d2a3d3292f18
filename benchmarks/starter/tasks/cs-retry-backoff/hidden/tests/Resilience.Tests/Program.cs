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

Check.Run("first retry waits the initial delay", () =>
{
    var policy = new BackoffPolicy(Ms(100), 2, Ms(10_000), 5);
    Check.Equal(Ms(100), policy.DelayBefore(1));
});

Check.Run("schedule grows by the multiplier", () =>
{
    var policy = new BackoffPolicy(Ms(100), 2, Ms(10_000), 5);
    Check.SequenceEqual(new[] { Ms(100), Ms(200), Ms(400), Ms(800), Ms(1600) }, policy.Schedule());
    Check.Equal(Ms(3100), policy.TotalDelay(), "total");
});

Check.Run("fractional multiplier", () =>
{
    var policy = new BackoffPolicy(Ms(200), 1.5, Ms(10_000), 3);
    Check.SequenceEqual(new[] { Ms(200), Ms(300), Ms(450) }, policy.Schedule());
});

Check.Run("delays are capped", () =>
{
    var policy = new BackoffPolicy(Ms(100), 3, Ms(1000), 5);
    Check.SequenceEqual(new[] { Ms(100), Ms(300), Ms(900), Ms(1000), Ms(1000) }, policy.Schedule());
});

Check.Run("multiplier of one gives a constant delay", () =>
{
    var policy = new BackoffPolicy(Ms(250), 1, Ms(250), 3);
    Check.SequenceEqual(new[] { Ms(250), Ms(250), Ms(250) }, policy.Schedule());
});

Check.Run("very late retries return the maximum delay instead of failing", () =>
{
    var policy = new BackoffPolicy(TimeSpan.FromSeconds(1), 10, TimeSpan.FromMinutes(5), 100);
    Check.Equal(TimeSpan.FromMinutes(5), policy.DelayBefore(30), "retry 30");
    Check.Equal(TimeSpan.FromMinutes(5), policy.DelayBefore(100), "retry 100");
    Check.Equal(TimeSpan.FromMinutes(5), policy.DelayBefore(2000), "retry 2000");
    Check.Equal(TimeSpan.FromSeconds(1 + 10 + 100) + TimeSpan.FromMinutes(5) * 97, policy.TotalDelay(), "total");
});

Check.Run("retry runner sleeps the schedule", () =>
{
    var policy = new BackoffPolicy(Ms(50), 2, Ms(150), 4);
    var slept = new List<TimeSpan>();
    var runner = new RetryRunner(policy, slept.Add);
    var result = runner.Run(attempt => attempt < 4 ? throw new TimeoutException() : "ok");
    Check.Equal("ok", result);
    Check.SequenceEqual(new[] { Ms(50), Ms(100), Ms(150), Ms(150) }, slept);
});

return Check.Finish();
