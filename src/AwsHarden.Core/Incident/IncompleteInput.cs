using AwsHarden.Model;

namespace AwsHarden.Incident;

/// <summary>
/// How a plan made from an incomplete read (broken log files) says so: an assumption starting with
/// <see cref="Marker"/>, which <c>PlanText</c> also shows above the steps and which <c>fix apply</c> refuses
/// without <c>--accept-incomplete</c>. A partial revert or containment plan must never pass for the whole one.
/// </summary>
public static class IncompleteInput
{
    /// <summary>The start of the assumption; also what <c>PlanText</c> and <c>fix apply</c> look for.</summary>
    public const string Marker = "INCOMPLETE:";

    /// <summary>The assumption for <paramref name="report"/>, or null when every file was read and the starting
    /// credentials were seen. A plan from logs that never show the key is as partial as one from broken files:
    /// its emptiness says nothing about what the key did.</summary>
    public static string? Note(InvestigationReport report)
    {
        if (report.EventsInWindow == 0)
        {
            return $"{Marker} no event of the starting credentials was seen in the {report.Read.EventsRead:N0} "
                + "events read, so this plan covers nothing they did. Check the key id, the account of the logs "
                + "and the time window, and plan again.";
        }
        if (report.Complete) return null;
        var broken = report.Read.BrokenFiles;
        var named = string.Join(", ", broken.Take(3).Select(b => LogText.Printable(b.Path)))
            + (broken.Count > 3 ? $" and {broken.Count - 3} more" : "");
        var files = broken.Count == 1 ? "1 file" : $"{broken.Count} files";
        return $"{Marker} {files} could not be read completely ({named}); this plan is made from the rest and may "
            + "miss what the credentials did in them. Fix or fetch them again and plan again.";
    }

    /// <summary><paramref name="plan"/> with the note as its first assumption when the read was incomplete.
    /// </summary>
    public static Plan Mark(Plan plan, InvestigationReport report) => Note(report) is { } note
        && !IsMarked(plan)
        ? plan with { Assumptions = [note, .. plan.Assumptions] }
        : plan;

    /// <summary>True when <paramref name="plan"/> was made from an incomplete read.</summary>
    public static bool IsMarked(Plan plan) =>
        plan.Assumptions.Any(a => a.StartsWith(Marker, StringComparison.Ordinal));
}
