using AwsHarden.Model;
using AwsHarden.Reports;
using Spectre.Console;
using Status = AwsHarden.Model.Status;

namespace AwsHarden.Cli.Rendering;

/// <summary>
/// Renders the audit report for a person: one block per check, worst first, listing what failed and how to fix
/// it; passing resources are counted, not listed. The JSON format keeps every result.
/// </summary>
public static class AuditTable
{
    private const int MaxListed = 12;

    public static void Render(AuditReport report, IAnsiConsole console)
    {
        console.MarkupLine($"[bold]AwsHarden audit[/] of account [bold]{report.AccountId}[/] " +
                           $"({Markup.Escape(report.Partition)}), collected {report.CollectedAt:u}");
        console.MarkupLine($"Regions: {Markup.Escape(string.Join(", ", report.Regions))}");

        var checks = report.Findings.GroupBy(f => f.CheckId)
            .Select(g => new CheckBlock(g.Key, g.ToList()))
            .OrderBy(b => Rank(b.Status)).ThenByDescending(b => b.Severity).ToList();
        foreach (var block in checks)
        {
            console.WriteLine();
            RenderBlock(block, console);
        }

        RenderFailures(report, console);
        RenderSummary(report, console);
    }

    private sealed record CheckBlock(string Id, List<ReportFinding> Findings)
    {
        public List<ReportFinding> Active { get; } = Findings.Where(f => f.SuppressedBecause is null).ToList();

        public Status Status => Active.Count == 0 ? Status.NotApplicable : Active.MinBy(f => Rank(f.Status))!.Status;

        public Severity Severity => Findings.Max(f => f.Severity);
    }

    private static int Rank(Status s) => s switch
    {
        Status.Fail => 0,
        Status.Unknown => 1,
        Status.Manual => 2,
        Status.Pass => 3,
        _ => 4,
    };

    private static void RenderBlock(CheckBlock block, IAnsiConsole console)
    {
        var first = block.Findings[0];
        console.MarkupLine($"{Badge(block.Status)} [bold]{Markup.Escape(block.Id)}[/] " +
                           $"[grey]({block.Severity})[/] {Markup.Escape(first.Title)}");

        var notPassing = block.Active.Where(f => f.Status != Status.Pass).ToList();
        foreach (var f in notPassing.Take(MaxListed))
        {
            console.MarkupLine($"    {Markup.Escape(Where(f))}: {Markup.Escape(f.Message)}");
        }

        if (notPassing.Count > MaxListed)
        {
            console.MarkupLine($"    … and {notPassing.Count - MaxListed} more (see --format json)");
        }

        var passes = block.Active.Count(f => f.Status == Status.Pass);
        if (passes > 0)
        {
            var what = passes == 1 && notPassing.Count == 0
                ? block.Active.First(f => f.Status == Status.Pass).Message
                : $"{passes} passing";
            console.MarkupLine($"    [green]{Markup.Escape(what)}[/]");
        }

        foreach (var f in block.Findings.Where(f => f.SuppressedBecause is not null))
        {
            var why = Markup.Escape(f.SuppressedBecause!);
            console.MarkupLine($"    [grey]suppressed {Markup.Escape(Where(f))}: {why}[/]");
        }

        var fix = notPassing.FirstOrDefault(f => f.Status is Status.Fail or Status.Manual);
        if (fix?.Remediation is not null)
        {
            console.MarkupLine($"    [blue]Fix:[/] {Markup.Escape(fix.Remediation)}");
            if (fix.RemediationUrl is not null)
            {
                console.MarkupLine($"    [blue]See:[/] [link]{Markup.Escape(fix.RemediationUrl)}[/]");
            }
        }
    }

    private static string Where(ReportFinding f) => f.Region is null || f.Resource == f.Region
        ? f.Resource
        : $"{f.Resource} ({f.Region})";

    private static string Badge(Status status) => status switch
    {
        Status.Fail => "[white on red] FAIL [/]",
        Status.Unknown => "[black on yellow] UNKNOWN [/]",
        Status.Manual => "[white on blue] MANUAL [/]",
        Status.Pass => "[black on green] PASS [/]",
        _ => "[black on grey] N/A [/]",
    };

    private static void RenderFailures(AuditReport report, IAnsiConsole console)
    {
        if (report.Failures.Count == 0)
        {
            return;
        }

        console.WriteLine();
        console.MarkupLine($"[yellow bold]Could not read ({report.Failures.Count} calls)[/]; " +
                           "the checks that need this data are Unknown:");
        foreach (var e in report.Failures.Take(30))
        {
            console.MarkupLine($"    {Markup.Escape(e.Reason)}: {Markup.Escape(e.Message)}");
        }

        if (report.Failures.Count > 30)
        {
            console.MarkupLine($"    … and {report.Failures.Count - 30} more (see --format json)");
        }
    }

    private static void RenderSummary(AuditReport report, IAnsiConsole console)
    {
        var s = report.Summary;
        console.WriteLine();
        console.MarkupLine($"[bold]{s.Fail} failed[/], {s.Pass} passed, {s.Unknown} unknown, {s.Manual} manual, " +
                           $"{s.NotApplicable} not applicable, {s.Suppressed} suppressed (results per resource).");
        var verdict = s.FailsThreshold
            ? $"[red]A check at or above {report.FailOn} severity failed or could not be read: exit code 1.[/]"
            : $"[green]No failure at or above {report.FailOn} severity.[/]";
        console.MarkupLine(verdict);
    }
}
