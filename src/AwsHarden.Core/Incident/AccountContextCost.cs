using AwsHarden.Aws.Clients;

namespace AwsHarden.Incident;

/// <summary>
/// Compares the cost per day of the window with the cost per day of the weeks before it. A service or region
/// has jumped when it costs at least <see cref="MinimumPerDay"/> a day in the window and either cost nothing
/// before or at least <see cref="JumpFactor"/> times its earlier daily cost. Daily averages make windows and
/// baselines of different lengths comparable; the floor keeps cents of new spend from being flagged.
/// </summary>
public static class CostComparer
{
    /// <summary>How many days before the window are the baseline: four weeks, so weekdays weigh alike.</summary>
    public const int BaselineDays = 28;

    public const decimal JumpFactor = 2m;

    public const decimal MinimumPerDay = 1m;

    /// <summary>The days to ask Cost Explorer for: the baseline, then the window's UTC days (end exclusive).
    /// </summary>
    public static (DateOnly BaselineStart, DateOnly WindowStart, DateOnly WindowEnd) Period(DateTimeOffset since,
        DateTimeOffset until)
    {
        var start = DateOnly.FromDateTime(since.UtcDateTime);
        var end = DateOnly.FromDateTime(until.UtcDateTime).AddDays(1);
        return (start.AddDays(-BaselineDays), start, end);
    }

    public static CostComparison Compare(IEnumerable<DailyCost> costs, DateOnly baselineStart, DateOnly windowStart,
        DateOnly windowEnd)
    {
        var all = costs.Where(c => c.Day >= baselineStart && c.Day < windowEnd).ToList();
        var windowDays = Math.Max(1, windowEnd.DayNumber - windowStart.DayNumber);
        var baselineDays = Math.Max(1, windowStart.DayNumber - baselineStart.DayNumber);

        IEnumerable<CostChange> By(string dimension, Func<DailyCost, string> key) =>
            all.GroupBy(key).Select(g =>
            {
                var window = g.Where(c => c.Day >= windowStart).Sum(c => c.Amount);
                var before = g.Where(c => c.Day < windowStart).Sum(c => c.Amount);
                var (perDay, beforePerDay) = (window / windowDays, before / baselineDays);
                return new CostChange(dimension, g.Key.Length == 0 ? "(none)" : g.Key, Round(window),
                    Round(perDay), Round(beforePerDay), Jumped(perDay, beforePerDay));
            }).OrderByDescending(c => c.WindowTotal).ThenBy(c => c.Name, StringComparer.Ordinal);

        return new CostComparison
        {
            WindowStart = windowStart, WindowEnd = windowEnd, BaselineStart = baselineStart,
            Unit = all.Select(c => c.Unit).FirstOrDefault() ?? "USD",
            WindowTotal = Round(all.Where(c => c.Day >= windowStart).Sum(c => c.Amount)),
            BaselineTotal = Round(all.Where(c => c.Day < windowStart).Sum(c => c.Amount)),
            Changes = [.. By("SERVICE", c => c.Service), .. By("REGION", c => c.Region)],
        };
    }

    public static bool Jumped(decimal windowPerDay, decimal baselinePerDay) =>
        windowPerDay >= MinimumPerDay && (baselinePerDay <= 0 || windowPerDay >= JumpFactor * baselinePerDay);

    private static decimal Round(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);
}
