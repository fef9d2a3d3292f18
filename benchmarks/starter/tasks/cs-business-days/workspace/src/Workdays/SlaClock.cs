namespace Workdays;

/// <summary>Computes due dates for support tickets measured in business days.</summary>
public sealed class SlaClock
{
    private readonly BusinessCalendar _calendar;

    public SlaClock(BusinessCalendar calendar) => _calendar = calendar;

    /// <summary>A ticket opened on <paramref name="opened"/> is due this many business days later.</summary>
    public DateOnly DueDate(DateOnly opened, int businessDays) =>
        _calendar.AddBusinessDays(_calendar.NextOrSame(opened), businessDays);

    /// <summary>Business days left until the due date; negative once the ticket is overdue.</summary>
    public int DaysLeft(DateOnly today, DateOnly due) => _calendar.BusinessDaysBetween(today, due);
}
