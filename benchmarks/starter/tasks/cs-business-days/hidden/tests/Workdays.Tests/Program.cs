using Checks;
using Workdays;

var plain = new BusinessCalendar();
var d = (int y, int m, int day) => new DateOnly(y, m, day);

Check.Run("weekends are not business days", () =>
{
    Check.True(plain.IsBusinessDay(d(2024, 3, 1)), "Friday");
    Check.True(!plain.IsBusinessDay(d(2024, 3, 2)), "Saturday");
    Check.True(!plain.IsBusinessDay(d(2024, 3, 3)), "Sunday");
});

Check.Run("adding business days skips the weekend", () =>
{
    Check.Equal(d(2024, 3, 4), plain.AddBusinessDays(d(2024, 3, 1), 1));
    Check.Equal(d(2024, 3, 8), plain.AddBusinessDays(d(2024, 3, 1), 5));
});

Check.Run("holidays are skipped", () =>
{
    var cal = new BusinessCalendar(new[] { d(2024, 12, 25), d(2024, 12, 26) });
    Check.Equal(d(2024, 12, 27), cal.AddBusinessDays(d(2024, 12, 24), 1));
});

Check.Run("counting business days forward", () =>
{
    Check.Equal(5, plain.BusinessDaysBetween(d(2024, 3, 1), d(2024, 3, 8)));
    Check.Equal(0, plain.BusinessDaysBetween(d(2024, 3, 1), d(2024, 3, 3)));
});

Check.Run("zero days returns the start date", () =>
{
    Check.Equal(d(2024, 3, 2), plain.AddBusinessDays(d(2024, 3, 2), 0));
    Check.Equal(d(2024, 3, 5), plain.AddBusinessDays(d(2024, 3, 5), 0));
});

Check.Run("subtracting business days skips the weekend", () =>
{
    Check.Equal(d(2024, 3, 1), plain.AddBusinessDays(d(2024, 3, 4), -1), "Monday - 1");
    Check.Equal(d(2024, 2, 26), plain.AddBusinessDays(d(2024, 3, 4), -5), "Monday - 5");
    Check.Equal(d(2024, 3, 1), plain.AddBusinessDays(d(2024, 3, 3), -1), "Sunday - 1");
    Check.Equal(d(2024, 2, 29), plain.AddBusinessDays(d(2024, 3, 2), -2), "Saturday - 2");
});

Check.Run("subtracting business days skips holidays", () =>
{
    var cal = new BusinessCalendar(new[] { d(2024, 12, 25), d(2024, 12, 26) });
    Check.Equal(d(2024, 12, 24), cal.AddBusinessDays(d(2024, 12, 27), -1));
    Check.Equal(d(2024, 12, 20), cal.AddBusinessDays(d(2024, 12, 27), -3));
});

Check.Run("counting backwards is negative", () =>
{
    Check.Equal(-5, plain.BusinessDaysBetween(d(2024, 3, 8), d(2024, 3, 1)));
    Check.Equal(-1, plain.BusinessDaysBetween(d(2024, 3, 4), d(2024, 3, 1)));
    Check.Equal(0, plain.BusinessDaysBetween(d(2024, 3, 3), d(2024, 3, 2)));
    Check.Equal(0, plain.BusinessDaysBetween(d(2024, 3, 4), d(2024, 3, 4)));
});

Check.Run("round trip between AddBusinessDays and BusinessDaysBetween", () =>
{
    var cal = new BusinessCalendar(new[] { d(2024, 1, 1), d(2024, 5, 27), d(2024, 7, 4) });
    var anchor = d(2024, 4, 17);
    for (var target = d(2023, 12, 1); target <= d(2024, 8, 31); target = target.AddDays(1))
    {
        if (!cal.IsBusinessDay(target))
        {
            continue;
        }

        var n = cal.BusinessDaysBetween(anchor, target);
        Check.Equal(target, cal.AddBusinessDays(anchor, n), $"round trip to {target} ({n} days)");
    }
});

Check.Run("overdue tickets report negative days left", () =>
{
    var clock = new SlaClock(plain);
    var due = clock.DueDate(d(2024, 3, 1), 3);
    Check.Equal(d(2024, 3, 6), due, "due date");
    Check.Equal(2, clock.DaysLeft(d(2024, 3, 4), due), "two days left");
    Check.Equal(-2, clock.DaysLeft(d(2024, 3, 8), due), "two days overdue");
});

return Check.Finish();
