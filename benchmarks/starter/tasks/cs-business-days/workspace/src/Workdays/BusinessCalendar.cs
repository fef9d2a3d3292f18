namespace Workdays;

/// <summary>
/// A working-day calendar: Saturdays, Sundays and the configured holidays are not business days.
/// </summary>
public sealed class BusinessCalendar
{
    private readonly HashSet<DateOnly> _holidays;

    public BusinessCalendar(IEnumerable<DateOnly>? holidays = null)
    {
        _holidays = new HashSet<DateOnly>(holidays ?? Array.Empty<DateOnly>());
    }

    public IReadOnlyCollection<DateOnly> Holidays => _holidays;

    public bool IsBusinessDay(DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !_holidays.Contains(date);

    /// <summary>
    /// Moves <paramref name="days"/> business days away from <paramref name="start"/>.
    /// Positive values move forward, negative values move backward, zero returns the start date
    /// unchanged (even when the start date itself is not a business day).
    /// </summary>
    public DateOnly AddBusinessDays(DateOnly start, int days)
    {
        var current = start;
        var remaining = days;
        while (remaining > 0)
        {
            current = current.AddDays(1);
            if (IsBusinessDay(current))
            {
                remaining--;
            }
        }

        return current;
    }

    /// <summary>
    /// Counts the business days in the half-open range (<paramref name="from"/>, <paramref name="to"/>]:
    /// the start date is excluded, the end date is included. When <paramref name="to"/> lies before
    /// <paramref name="from"/> the result is negative: minus the number of business days in
    /// [<paramref name="to"/>, <paramref name="from"/>), so that
    /// <c>AddBusinessDays(from, BusinessDaysBetween(from, to)) == to</c> for every business day <c>to</c>.
    /// </summary>
    public int BusinessDaysBetween(DateOnly from, DateOnly to)
    {
        var count = 0;
        for (var d = from.AddDays(1); d <= to; d = d.AddDays(1))
        {
            if (IsBusinessDay(d))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>The first business day on or after <paramref name="date"/>.</summary>
    public DateOnly NextOrSame(DateOnly date)
    {
        var current = date;
        while (!IsBusinessDay(current))
        {
            current = current.AddDays(1);
        }

        return current;
    }
}
