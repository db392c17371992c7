using AwsHarden.Model;

namespace AwsHarden.Remediation;

/// <summary>Collects the account and audits it: the live side of <c>fix apply</c>, before and after.</summary>
public delegate Task<(AccountSnapshot Snapshot, IReadOnlyList<Finding> Findings)> LiveAudit(
    CancellationToken cancellationToken);

/// <summary>How a confirmation is asked: the question, answered yes or no. Null means <c>--yes</c>.</summary>
public delegate bool Confirm(string question);

/// <summary>What <c>fix apply</c> and <c>fix undo</c> need besides the plan: where to call, where to journal,
/// how to ask, where to write.</summary>
public sealed record FixApplyContext
{
    public required IStepExecutor Executor { get; init; }
    public required string JournalPath { get; init; }
    /// <summary>Null when no audit follows (key rotation, offboarding).</summary>
    public LiveAudit? Audit { get; init; }
    /// <summary>Null when the user passed <c>--yes</c>.</summary>
    public Confirm? Confirm { get; init; }
    public required TextWriter Output { get; init; }
    /// <summary>Progress and notes, kept off stdout so the plan and results can be piped.</summary>
    public required TextWriter Notes { get; init; }
    public TimeProvider Time { get; init; } = TimeProvider.System;
    /// <summary>One run's id; copies made with <c>with</c> keep it, so plans of one run share a journal.
    /// </summary>
    public string RunId { get; init; } = Guid.NewGuid().ToString("N");
}

/// <summary>
/// Runs <c>fix apply</c> and <c>fix undo</c>: shows the plan, asks, applies it through the journal, then
/// audits again and says which of the plan's checks now pass. Kept out of the CLI so tests reach it directly.
/// </summary>
public static class FixApplyRunner
{
    /// <summary>The journal file used when none is given, in UTC:
    /// <c>awsharden-journal-20261203-193157.jsonl</c> (other prefixes: awsharden-undo, awsharden-contain), in
    /// the current folder. See <see cref="ReserveJournal"/>: the file is this run's alone.</summary>
    public static string DefaultJournalPath(TimeProvider time, string prefix = "awsharden-journal") =>
        ReserveJournal(Directory.GetCurrentDirectory(), $"{prefix}-{time.GetUtcNow().UtcDateTime:yyyyMMdd-HHmmss}");

    private static readonly HashSet<string> Reserved = [];

    /// <summary>Creates <c>STEM.jsonl</c> in <paramref name="folder"/> exclusively (empty), or STEM-2.jsonl,
    /// STEM-3.jsonl… when another run took it (two runs started in the same second), and returns its path. A
    /// reserved file still empty when the process exits is deleted: a run that changed nothing leaves none.
    /// </summary>
    public static string ReserveJournal(string folder, string stem)
    {
        for (var n = 1; n <= 1000; n++)
        {
            var path = Path.Combine(folder, n == 1 ? $"{stem}.jsonl" : $"{stem}-{n}.jsonl");
            try
            {
                new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite).Dispose();
            }
            catch (IOException) when (File.Exists(path))
            {
                continue;
            }

            lock (Reserved)
            {
                if (Reserved.Count == 0)
                    AppDomain.CurrentDomain.ProcessExit += (_, _) => DropEmptyReserved();
                Reserved.Add(path);
            }

            return path;
        }

        throw new UserErrorException($"no free journal name {stem}*.jsonl in {folder}",
            "give --journal a new file");
    }

    private static void DropEmptyReserved()
    {
        lock (Reserved)
        {
            foreach (var path in Reserved)
            {
                try
                {
                    if (File.Exists(path) && new FileInfo(path).Length == 0)
                        File.Delete(path);
                }
                catch (IOException)
                {
                    // Left behind: an empty file, which no undo reads as a run.
                }
            }
        }
    }

    /// <summary>Applies <paramref name="plan"/> and audits again; null when the user said no.</summary>
    public static async Task<ApplyReport?> ApplyAsync(Plan plan, FixApplyContext context, CancellationToken ct)
    {
        var report = await RunAsync(plan, context, ct);
        if (report is { Steps.Count: > 0 })
            await ShowChecksAsync(plan, context, ct);
        return report;
    }

    /// <summary>Shows, asks and applies <paramref name="plan"/> without the audit afterwards (for plans that no
    /// check covers, such as a key rotation); null when the user said no.</summary>
    public static async Task<ApplyReport?> RunAsync(Plan plan, FixApplyContext context, CancellationToken ct)
    {
        JournalBinding.Check(new FileJournal(context.JournalPath).Read(), plan, context.RunId, context.JournalPath);
        await context.Output.WriteAsync(PlanText.Render(plan));
        var apiSteps = plan.Steps.Count(s => s.Kind == PlanStepKind.Api);
        if (apiSteps == 0)
        {
            await context.Output.WriteLineAsync(plan.Steps.Count == 0
                ? "No step to apply."
                : "No API step to apply; the Manual steps above are for a person.");
            return new ApplyReport([], null);
        }

        if (context.Confirm is { } confirm && !confirm($"Apply {apiSteps} API steps to this account?"))
        {
            await context.Notes.WriteLineAsync("Nothing applied.");
            return null;
        }

        // A journal reserved empty for this run (the default name) is new, not one being resumed.
        var existed = File.Exists(context.JournalPath) && new FileInfo(context.JournalPath).Length > 0;
        var journal = new FileJournal(context.JournalPath);
        try
        {
            var report = await new PlanApplier(context.Executor, journal, context.Time) { RunId = context.RunId }
                .ApplyAsync(plan, ct);
            await WriteReportAsync(report, context.Output);
            return report;
        }
        finally
        {
            // Named only once written: a run stopped before its first change leaves no journal to keep, and a new
            // journal of a run that changed nothing (every step already done, say) is removed rather than kept.
            if (!existed && File.Exists(context.JournalPath) && !Changed(journal))
                File.Delete(context.JournalPath);
            if (File.Exists(context.JournalPath) && (existed || new FileInfo(context.JournalPath).Length > 0))
            {
                await context.Notes.WriteLineAsync($"Journal: {context.JournalPath} (keep it: 'awsharden fix "
                    + $"undo {context.JournalPath}' reverts this run)");
            }
            else
            {
                await context.Notes.WriteLineAsync("No journal was written: nothing was changed.");
            }
        }
    }

    // A call went out (even from a step that then failed) or a step finished Applied: there is something to undo.
    // A journal that cannot be read back is kept, whatever it holds.
    private static bool Changed(FileJournal journal)
    {
        try
        {
            return journal.Read().Any(r => r.Event == JournalEvent.CallDone || r.Outcome == StepOutcome.Applied);
        }
        catch (UserErrorException)
        {
            return true;
        }
    }

    /// <summary>Builds the undo plan of <paramref name="journalPath"/> and applies it like any plan.</summary>
    public static Task<ApplyReport?> UndoAsync(string journalPath, FixApplyContext context, CancellationToken ct)
    {
        if (!File.Exists(journalPath))
        {
            throw new UserErrorException($"journal '{journalPath}' does not exist",
                "pass the journal file 'fix apply' printed (awsharden-journal-*.jsonl)");
        }

        if (Path.GetFullPath(journalPath) == Path.GetFullPath(context.JournalPath))
            throw new UserErrorException("the undo run needs its own journal", "give --journal another file");

        var plan = UndoPlanner.Undo(new FileJournal(journalPath), context.Time);
        return ApplyAsync(plan, context, ct);
    }

    private static async Task WriteReportAsync(ApplyReport report, TextWriter output)
    {
        await output.WriteLineAsync();
        await output.WriteLineAsync("## Result");
        await output.WriteLineAsync();
        foreach (var step in report.Steps)
        {
            var note = step.Message is null ? "" : $": {step.Message}";
            await output.WriteLineAsync($"- {step.StepId} {step.Outcome}: {step.Title}{note}");
        }

        await output.WriteLineAsync();
        await output.WriteLineAsync(report.Completed
            ? $"Done: {report.AppliedCount} step{(report.AppliedCount == 1 ? "" : "s")} applied."
            : $"Stopped. {report.StopReason}");
    }

    // The credential report behind iam.unused-credentials is regenerated at most every four hours, so that
    // check may lag behind a key just deactivated.
    private static async Task ShowChecksAsync(Plan plan, FixApplyContext context, CancellationToken ct)
    {
        var checks = plan.Steps.Where(s => s.Kind == PlanStepKind.Api).SelectMany(s => s.CheckIds)
            .ToHashSet(StringComparer.Ordinal);
        if (checks.Count == 0 || context.Audit is null)
            return;

        await context.Notes.WriteLineAsync("Collecting the account again to audit it…");
        var (_, findings) = await context.Audit(ct);
        await context.Output.WriteLineAsync();
        await context.Output.WriteLineAsync("## Checks after apply");
        await context.Output.WriteLineAsync();
        foreach (var group in findings.Where(f => checks.Contains(f.CheckId)).GroupBy(f => f.CheckId)
                     .OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var failing = group.Count(f => f.Status != Status.Pass);
            var status = failing == 0 ? "Pass" : $"{failing} not passing";
            await context.Output.WriteLineAsync($"- {group.Key}: {status}");
        }

        if (checks.Contains("iam.unused-credentials"))
        {
            await context.Output.WriteLineAsync("  (iam.unused-credentials reads the credential report, which IAM "
                + "refreshes at most every four hours)");
        }
    }
}
