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

return Check.Finish();
