using System.Globalization;
using System.Text;

namespace AwsHarden.Incident;

/// <summary>The account context as Markdown sections of the investigation report.</summary>
public static class AccountContextMarkdown
{
    public static void Write(StringBuilder md, AccountContext c)
    {
        md.AppendLine().AppendLine("## Account context").AppendLine();
        if (c.NotRead is { } why)
        {
            md.AppendLine($"Not read: {why}.");
            return;
        }
        Cost(md, c.Cost);
        Contacts(md, c.Contacts);
        Access(md, c.ExternalAccess);
    }

    /// <summary>A part's one-line state for headings: "not read: …" or null when it was read.</summary>
    public static string? NotRead<T>(ContextPart<T>? part) where T : class =>
        part is null ? "not read" : part.NotRead;

    public static string CostHeading(CostComparison cost) => string.Create(CultureInfo.InvariantCulture,
        $"{cost.WindowStart:yyyy-MM-dd} to {cost.WindowEnd.AddDays(-1):yyyy-MM-dd} "
        + $"({cost.WindowDays} day{(cost.WindowDays == 1 ? "" : "s")}): "
        + $"{cost.WindowTotal:0.00} {cost.Unit}, {cost.WindowTotal / Math.Max(1, cost.WindowDays):0.00} a day; "
        + $"the {cost.BaselineDays} days before: {cost.BaselineTotal / Math.Max(1, cost.BaselineDays):0.00} a day");

    public static string Thresholds => string.Create(CultureInfo.InvariantCulture,
        $"jumped = at least {CostComparer.MinimumPerDay:0.00} a day in the window and new or at least "
        + $"{CostComparer.JumpFactor:0.#}x the daily cost before");

    private static void Cost(StringBuilder md, ContextPart<CostComparison>? part)
    {
        md.AppendLine("### Bill: the window against the weeks before").AppendLine();
        if (part?.Value is not { } cost)
        {
            md.AppendLine($"{NotRead(part)}.").AppendLine();
            return;
        }
        md.AppendLine(CostHeading(cost) + ".  ").AppendLine(Thresholds + ".").AppendLine();
        md.AppendLine("| by | name | window | per day | per day before | |").AppendLine("|---|---|---|---|---|---|");
        foreach (var ch in cost.Changes.Where(c => c.WindowTotal > 0 || c.BaselinePerDay > 0))
        {
            md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {ch.Dimension.ToLowerInvariant()} | "
                + $"{ch.Name} | {ch.WindowTotal:0.00} | {ch.WindowPerDay:0.00} | {ch.BaselinePerDay:0.00} | "
                + $"{(ch.Jumped ? "**jumped**" : "")} |"));
        }
        md.AppendLine();
    }

    private static void Contacts(StringBuilder md, ContextPart<IReadOnlyList<ContactState>>? part)
    {
        md.AppendLine("### Alternate contacts").AppendLine();
        if (part?.Value is not { } contacts)
        {
            md.AppendLine($"{NotRead(part)}.").AppendLine();
            return;
        }
        foreach (var c in contacts) md.AppendLine($"- {Contact(c)}");
        md.AppendLine();
    }

    /// <summary>One contact in a line, with the lineage's write when there was one.</summary>
    public static string Contact(ContactState c)
    {
        var text = c.IsSet ? $"{c.Type}: {c.Name} <{c.Email}>" : $"{c.Type}: not set";
        return c.ChangedBy is { } by ? $"{text} — check it: the lineage called {by}" : text;
    }

    private static void Access(StringBuilder md, ContextPart<IReadOnlyList<ExternalAccess>>? part)
    {
        md.AppendLine("### Access Analyzer: active external access").AppendLine();
        if (part?.Value is not { } findings)
        {
            md.AppendLine($"{NotRead(part)}.").AppendLine();
            return;
        }
        foreach (var note in part.Notes) md.AppendLine($"{note}.  ");
        if (findings.Count == 0)
        {
            md.AppendLine("No active findings.");
            return;
        }
        md.AppendLine().AppendLine("| region | resource | type | principal | created | |")
            .AppendLine("|---|---|---|---|---|---|");
        foreach (var f in findings)
        {
            md.AppendLine($"| {f.Region} | `{f.Finding.Resource}` | {f.Finding.ResourceType} | "
                + $"{Principal(f)} | {f.Finding.CreatedAt:u} | {(f.CreatedInWindow ? "**in window**" : "")} |");
        }
    }

    public static string Principal(ExternalAccess f) =>
        (f.Finding.IsPublic ? "public " : "") + f.Finding.Principal.Replace("|", "\\|");
}
