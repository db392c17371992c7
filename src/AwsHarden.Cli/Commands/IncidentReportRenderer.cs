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

        foreach (var s in r.SecretsRead.DistinctBy(s => (s.Kind, s.Name)))
        {
            console.MarkupLine($"[red]rotate[/] {Markup.Escape(s.Kind)} {Markup.Escape(s.Name)}");
        }
        if (r.Context is { } context) RenderContext(console, context);
        console.Write(PlanTable(r.Containment));
        console.Write(PlanTable(r.Revert));
        console.MarkupLine($"[grey]{r.Read.FilesRead} files, {r.Read.EventsRead} events read; "
            + $"{r.Read.BrokenFiles.Count} broken; {r.Read.DigestFilesSkipped} digest, "
            + $"{r.Read.InsightsFilesSkipped} Insights files skipped[/]");
    }

    private static Tree LineageTree(InvestigationReport r)
    {
        var tree = new Tree("[bold]" + Markup.Escape(string.Join(", ", InvestigationMarkdownWriter.Seeds(r.Seeds)))
            + "[/]");
        void Walk(string? parent, IHasTreeNodes at)
        {
            foreach (var n in r.Lineage.Where(n => n.ParentId == parent))
            {
                Walk(n.Id, at.AddNode(Markup.Escape(InvestigationMarkdownWriter.Describe(n).Replace("`", ""))));
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
            table.AddRow(Markup.Escape(c.Credential), c.EventCount.ToString(), $"{c.FirstUse:u}", $"{c.LastUse:u}",
                Markup.Escape(string.Join("\n", c.SourceIpAddresses)), Markup.Escape(string.Join("\n", c.Regions)),
                Markup.Escape(string.Join("\n", c.UserAgents.Select(a => a.Length > 40 ? a[..40] + "…" : a))));
        }
        return table;
    }

    private static Table Timeline(IEnumerable<TimelineEntry> entries)
    {
        var table = new Table().AddColumns("time", "credential", "event", "region", "source IP", "target", "error");
        foreach (var t in entries)
        {
            table.AddRow($"{t.Time:u}", Markup.Escape(t.Credential),
                Markup.Escape($"{t.EventSource.Replace(".amazonaws.com", "")}:{t.EventName}"),
                Markup.Escape(t.Region ?? ""), Markup.Escape(t.SourceIpAddress ?? ""), Markup.Escape(t.Target ?? ""),
                Markup.Escape(t.ErrorCode ?? ""));
        }
        return table;
    }

    private static Table PlanTable(Plan plan)
    {
        var table = new Table().Title($"Plan: {Markup.Escape(plan.Title)}").AddColumns("step", "kind", "what", "calls");
        foreach (var s in plan.Steps)
        {
            var calls = string.Join("\n", s.Calls.Select(c => $"{c.IamAction} {(c.Region ?? "")}".Trim()));
            table.AddRow(s.Id, s.Kind.ToString(), Markup.Escape(s.Title + (s.Reason is null ? "" : "\n" + s.Reason)),
                Markup.Escape(calls));
        }
        return table;
    }

    private static void RenderContext(IAnsiConsole console, AccountContext c)
    {
        console.Write(new Rule("[bold]Account context[/]").LeftJustified());
        if (c.NotRead is { } why)
        {
            console.MarkupLine($"[grey]not read: {Markup.Escape(why)}[/]");
            return;
        }
        console.MarkupLine("[bold]Bill[/]");
        if (c.Cost?.Value is { } cost) console.Write(CostTable(cost));
        else console.MarkupLine($"[yellow]{Markup.Escape(AccountContextMarkdown.NotRead(c.Cost) ?? "")}[/]");

        console.MarkupLine("[bold]Alternate contacts[/]");
        if (c.Contacts?.Value is { } contacts)
        {
            foreach (var contact in contacts)
            {
                var colour = contact.ChangedBy is null ? "default" : "red";
                console.MarkupLine($"[{colour}]{Markup.Escape(AccountContextMarkdown.Contact(contact))}[/]");
            }
        }
        else console.MarkupLine($"[yellow]{Markup.Escape(AccountContextMarkdown.NotRead(c.Contacts) ?? "")}[/]");

        console.MarkupLine("[bold]Access Analyzer: active external access[/]");
        if (c.ExternalAccess?.Value is { } findings)
        {
            foreach (var note in c.ExternalAccess.Notes) console.MarkupLine($"[grey]{Markup.Escape(note)}[/]");
            if (findings.Count == 0) console.MarkupLine("no active findings");
            else console.Write(AccessTable(findings));
        }
        else console.MarkupLine($"[yellow]{Markup.Escape(AccountContextMarkdown.NotRead(c.ExternalAccess) ?? "")}[/]");
    }

    private static Table CostTable(CostComparison cost)
    {
        var table = new Table().Title(Markup.Escape(AccountContextMarkdown.CostHeading(cost)))
            .Caption(Markup.Escape(AccountContextMarkdown.Thresholds))
            .AddColumns("by", "name", "window", "per day", "per day before", "");
        foreach (var ch in cost.Changes.Where(c => c.WindowTotal > 0 || c.BaselinePerDay > 0))
        {
            table.AddRow(ch.Dimension.ToLowerInvariant(), Markup.Escape(ch.Name), Money(ch.WindowTotal),
                Money(ch.WindowPerDay), Money(ch.BaselinePerDay), ch.Jumped ? "[red]jumped[/]" : "");
        }
        return table;
    }

    private static Table AccessTable(IReadOnlyList<ExternalAccess> findings)
    {
        var table = new Table().AddColumns("region", "resource", "type", "principal", "created", "");
        foreach (var f in findings)
        {
            table.AddRow(f.Region, Markup.Escape(f.Finding.Resource), Markup.Escape(f.Finding.ResourceType ?? ""),
                Markup.Escape(AccountContextMarkdown.Principal(f)), $"{f.Finding.CreatedAt:u}",
                f.CreatedInWindow ? "[red]in window[/]" : "");
        }
        return table;
    }

    private static string Money(decimal amount) =>
        amount.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
}
