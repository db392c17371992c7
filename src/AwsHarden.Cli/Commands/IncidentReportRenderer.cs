using AwsHarden.Incident;
using AwsHarden.Model;
using Spectre.Console;

namespace AwsHarden.Cli.Commands;

/// <summary>Renders an investigation report for the terminal: lineage tree, per-credential use, grouped
/// actions, secrets to rotate, and both plans.</summary>
internal static class IncidentReportRenderer
{
    private const int TerminalRows = 500;

    public static void Render(IAnsiConsole console, InvestigationReport r)
    {
        // Above everything: a report built from part of the input, or from an empty window, must say so first.
        foreach (var w in r.Warnings) console.MarkupLine($"[bold yellow]warning:[/] {Safe(w)}");
        if (r.Warnings.Count > 0) console.WriteLine();
        console.Write(new Rule("[bold]Credential lineage[/]").LeftJustified());
        console.Write(LineageTree(r));
        console.WriteLine();

        console.Write(Credentials(r));
        var counts = r.Timeline.CountBy(t => t.Category).ToDictionary();
        foreach (var category in Enum.GetValues<ActionCategory>().Where(c => c != ActionCategory.Read))
        {
            var count = counts.GetValueOrDefault(category);
            if (count == 0) continue;
            console.Write(new Rule($"[bold]{InvestigationMarkdownWriter.Title(category)}[/] ({count})")
                .LeftJustified());
            // A table is held whole until drawn; the complete list streams with --format json or markdown.
            console.Write(Timeline(r.Actions(category).Take(TerminalRows)));
            if (count > TerminalRows)
            {
                console.MarkupLine($"[grey]… {count - TerminalRows} more (see --format json or markdown)[/]");
            }
        }
        console.MarkupLine($"[grey]{counts.GetValueOrDefault(ActionCategory.Read)} reads not listed "
            + "(see --format json)[/]");

        var secrets = SecretGroups.Of(r.SecretsRead);
        if (secrets.Count > 0) console.Write(new Rule($"[bold]Secrets to rotate[/] ({secrets.Count})").LeftJustified());
        foreach (var g in secrets)
        {
            console.MarkupLine(g.IsBucket
                ? $"[red]assess[/] {g.Count} objects read from {Safe(g.Name)}"
                    + (g.CommonPrefix is { Length: > 0 } p ? $" under {Safe(p)}" : "")
                    + $", {g.First:u} to {g.Last:u}"
                : $"[red]rotate[/] {Safe(g.Kind)} {Safe(g.Name)}");
        }
        if (r.Context is { } context) RenderContext(console, context);
        console.Write(PlanTable(r.Containment));
        console.Write(PlanTable(r.Revert));
        console.MarkupLine($"[grey]{r.Read.FilesRead} files, {r.Read.EventsRead} events read; "
            + $"{r.Read.BrokenFiles.Count} broken; {r.Read.DigestFilesSkipped} digest, "
            + $"{r.Read.InsightsFilesSkipped} Insights, {r.Read.OtherFilesSkipped} other (not CloudTrail) files "
            + $"skipped; {r.Read.DuplicateEventsIgnored} duplicate "
            + "events ignored[/]");
        if (!r.Complete)
        {
            console.MarkupLine($"[bold yellow]incomplete:[/] {r.Read.BrokenFiles.Count} broken files (listed on "
                + "standard error); the plans may miss what is in them");
        }
    }

    /// <summary>Log-derived text for a Spectre markup string: printable (no escape sequences reach the
    /// terminal) and with markup escaped.</summary>
    private static string Safe(string? text) => Markup.Escape(LogText.Printable(text ?? ""));

    private static Tree LineageTree(InvestigationReport r)
    {
        var tree = new Tree("[bold]" + Safe(string.Join(", ", InvestigationMarkdownWriter.Seeds(r.Seeds)))
            + "[/]");
        void Walk(string? parent, IHasTreeNodes at)
        {
            foreach (var n in r.Lineage.Where(n => n.ParentId == parent))
            {
                Walk(n.Id, at.AddNode(Markup.Escape(InvestigationMarkdownWriter.Describe(n, LogText.Printable))));
            }
        }
        Walk(null, tree);
        return tree;
    }

    private static Table Credentials(InvestigationReport r)
    {
        var table = new Table().Title("Use per credential")
            .AddColumns("credential", "events", "first use", "last use", "source IPs", "regions", "user agents");
        foreach (var c in r.Credentials)
        {
            table.AddRow(Safe(c.Credential), c.EventCount.ToString(), $"{c.FirstUse:u}", $"{c.LastUse:u}",
                Lines(c.SourceIpAddresses), Lines(c.Regions),
                Lines(c.UserAgents.Select(LogText.Printable).Select(a => a.Length > 40 ? a[..40] + "…" : a)));
        }
        return table;
    }

    private static Table Timeline(IEnumerable<TimelineEntry> entries)
    {
        var table = new Table().AddColumns("time", "credential", "event", "region", "source IP", "target", "error");
        foreach (var t in entries)
        {
            table.AddRow($"{t.Time:u}", Safe(t.Credential),
                Safe($"{t.EventSource.Replace(".amazonaws.com", "")}:{t.EventName}"),
                Safe(t.Region), Safe(t.SourceIpAddress), Safe(t.Target), Safe(t.ErrorCode));
        }
        return table;
    }

    /// <summary>Values one per line, each made safe on its own so a planted newline cannot fake a row.</summary>
    private static string Lines(IEnumerable<string> values) => string.Join("\n", values.Select(v => Safe(v)));

    private static Table PlanTable(Plan plan)
    {
        var table = new Table().Title($"Plan: {Markup.Escape(plan.Title)}").AddColumns("step", "kind", "what", "calls");
        foreach (var s in plan.Steps)
        {
            table.AddRow(Safe(s.Id), s.Kind.ToString(), Safe(s.Title) + (s.Reason is null ? "" : "\n" + Safe(s.Reason)),
                Lines(s.Calls.Select(c => $"{c.IamAction} {(c.Region ?? "")}".Trim())));
        }
        return table;
    }

    private static void RenderContext(IAnsiConsole console, AccountContext c)
    {
        console.Write(new Rule("[bold]Account context[/]").LeftJustified());
        if (c.NotRead is { } why)
        {
            console.MarkupLine($"[grey]not read: {Safe(why)}[/]");
            return;
        }
        console.MarkupLine("[bold]Bill[/]");
        if (c.Cost?.Value is { } cost) console.Write(CostTable(cost));
        else console.MarkupLine($"[yellow]{Safe(AccountContextMarkdown.NotRead(c.Cost) ?? "")}[/]");

        console.MarkupLine("[bold]Alternate contacts[/]");
        if (c.Contacts?.Value is { } contacts)
        {
            foreach (var contact in contacts)
            {
                var colour = contact.ChangedBy is null ? "default" : "red";
                console.MarkupLine($"[{colour}]{Safe(AccountContextMarkdown.Contact(contact))}[/]");
            }
        }
        else console.MarkupLine($"[yellow]{Safe(AccountContextMarkdown.NotRead(c.Contacts) ?? "")}[/]");

        console.MarkupLine("[bold]Access Analyzer: active external access[/]");
        if (c.ExternalAccess?.Value is { } findings)
        {
            foreach (var note in c.ExternalAccess.Notes) console.MarkupLine($"[grey]{Safe(note)}[/]");
            if (findings.Count == 0) console.MarkupLine("no active findings");
            else console.Write(AccessTable(findings));
        }
        else console.MarkupLine($"[yellow]{Safe(AccountContextMarkdown.NotRead(c.ExternalAccess) ?? "")}[/]");
    }

    private static Table CostTable(CostComparison cost)
    {
        var table = new Table().Title(Safe(AccountContextMarkdown.CostHeading(cost)))
            .Caption(Safe(AccountContextMarkdown.Thresholds))
            .AddColumns("by", "name", "window", "per day", "per day before", "");
        foreach (var ch in cost.Changes.Where(c => c.WindowTotal > 0 || c.BaselinePerDay > 0))
        {
            table.AddRow(ch.Dimension.ToLowerInvariant(), Safe(ch.Name), Money(ch.WindowTotal),
                Money(ch.WindowPerDay), Money(ch.BaselinePerDay), ch.Jumped ? "[red]jumped[/]" : "");
        }
        return table;
    }

    private static Table AccessTable(IReadOnlyList<ExternalAccess> findings)
    {
        var table = new Table().AddColumns("region", "resource", "type", "principal", "created", "");
        foreach (var f in findings)
        {
            table.AddRow(f.Region, Safe(f.Finding.Resource), Safe(f.Finding.ResourceType ?? ""),
                Safe(AccountContextMarkdown.Principal(f)), $"{f.Finding.CreatedAt:u}",
                f.CreatedInWindow ? "[red]in window[/]" : "");
        }
        return table;
    }

    private static string Money(decimal amount) =>
        amount.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
}
