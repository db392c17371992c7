using AwsHarden.Model;

namespace AwsHarden.Remediation;

/// <summary>One step's result in an apply run.</summary>
public sealed record StepResult(string StepId, string Title, StepOutcome Outcome, string? Message = null);

/// <summary>What an apply run did; <see cref="StopReason"/> is set when it stopped before the end.</summary>
public sealed record ApplyReport(IReadOnlyList<StepResult> Steps, string? StopReason)
{
    public bool Completed => StopReason is null;

    /// <summary>Steps whose calls ran in this run.</summary>
    public int AppliedCount => Steps.Count(s => s.Outcome == StepOutcome.Applied);
}

/// <summary>
/// Runs a plan's steps in order against an <see cref="IStepExecutor"/>, journalling each one. Before a step it
/// reads the live state: a step whose target already holds is skipped, a state that differs from the plan's
/// expectation stops the run (drift). A journal from an interrupted run makes the next run resume.
/// </summary>
public sealed class PlanApplier(IStepExecutor executor, IJournal journal, TimeProvider time)
{
    private (string Identity, string Title) current;

    /// <summary>Stamped on every record; records of another run must be of the same plan.</summary>
    public string RunId { get; init; } = Guid.NewGuid().ToString("N");

    /// <summary>Applies <paramref name="plan"/>. Cancellation between calls leaves the journal consistent: the
    /// step stays Started, and the next run finishes it.</summary>
    public async Task<ApplyReport> ApplyAsync(Plan plan, CancellationToken cancellationToken)
    {
        var history = journal.Read();
        var name = journal is FileJournal file ? file.Path : "the journal";
        JournalBinding.Check(history, plan, RunId, name);
        current = (JournalBinding.PlanIdentity(plan), plan.Title);
        var results = new List<StepResult>();
        foreach (var step in plan.Steps)
        {
            var result = await RunStepAsync(step, history, cancellationToken);
            results.Add(result);
            if (result.Outcome is StepOutcome.Drifted or StepOutcome.Failed)
                return new ApplyReport(results, $"Stopped at {step.Id} ({step.Title}): {result.Message}");
        }

        return new ApplyReport(results, null);
    }

    private async Task<StepResult> RunStepAsync(PlanStep step, IReadOnlyList<JournalRecord> history,
        CancellationToken ct)
    {
        var earlier = history.Where(r => r.StepId == step.Id).ToList();
        var finished = earlier.LastOrDefault(r => r.Event == JournalEvent.Finished);
        if (finished?.Outcome is StepOutcome.Applied or StepOutcome.AlreadyDone or StepOutcome.Manual)
            return Result(step, finished.Outcome.Value, "done in an earlier run");

        if (step.Kind == PlanStepKind.Manual)
            return await FinishAsync(step, StepOutcome.Manual, null, null, step.ConsoleUrl, ct);

        // A Started record without a successful end means calls may have gone out: finish from there.
        var startedAt = earlier.FindLastIndex(r => r.Event == JournalEvent.Started);
        return startedAt >= 0
            ? await ResumeAsync(step, earlier[startedAt], earlier.Skip(startedAt), ct)
            : await StartAsync(step, ct);
    }

    private async Task<StepResult> StartAsync(PlanStep step, CancellationToken ct)
    {
        var live = await ReadAsync(step, ct);
        if (live is not null && step.Target is not null && StateMatch.Matches(step.Target, live))
            return await FinishAsync(step, StepOutcome.AlreadyDone, null, live, "target state already holds", ct);

        if (live is not null && step.ExpectedPrior is not null)
        {
            var drift = StateMatch.Differences(step.ExpectedPrior, live);
            // Undoing a change to something deleted since (a key the revert removed after the containment)
            // has nothing left to restore, and harms nothing: say so and go on with the rest.
            if (drift.Count > 0 && PlanOrigin.IsUndo(current.Title) && step.ExpectedPrior.Exists && !live.Exists)
            {
                return await FinishAsync(step, StepOutcome.Manual, live, null,
                    $"Already gone: {step.ExpectedPrior.Key} no longer exists (removed after the run being undone); "
                    + "nothing to undo", ct);
            }
            if (drift.Count > 0)
            {
                var remake = PlanOrigin.Remake(current.Title);
                var message = "the account changed since the plan was made: " + string.Join("; ", drift)
                    + ". " + char.ToUpperInvariant(remake[0]) + remake[1..] + ".";
                return await FinishAsync(step, StepOutcome.Drifted, live, null, message, ct);
            }
        }

        await AppendAsync(new JournalRecord
        {
            StepId = step.Id, Event = JournalEvent.Started, At = time.GetUtcNow(), Step = step, Prior = live,
        }, ct);
        return await CallAsync(step, live, firstCall: 0, ct);
    }

    // The prior state recorded when the step first started is the one undo must restore, even when the
    // interrupted calls already changed the account.
    private async Task<StepResult> ResumeAsync(PlanStep step, JournalRecord started,
        IEnumerable<JournalRecord> sinceStart, CancellationToken ct)
    {
        var live = await ReadAsync(step, ct);
        if (live is not null && step.Target is not null && StateMatch.Matches(step.Target, live))
            return await FinishAsync(step, StepOutcome.Applied, started.Prior, live, "finished after a restart", ct);

        var done = sinceStart.Where(r => r.Event == JournalEvent.CallDone)
            .Select(r => r.CallIndex ?? -1).DefaultIfEmpty(-1).Max();
        if (done < 0)
            return await StartAsync(step, ct);
        return await CallAsync(step, started.Prior, done + 1, ct);
    }

    private async Task<StepResult> CallAsync(PlanStep step, ResourceState? prior, int firstCall, CancellationToken ct)
    {
        for (var i = firstCall; i < step.Calls.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                var call = await Placeholders.FillAsync(step.Calls[i], prior, null, executor, ct);
                await executor.ExecuteAsync(call, ct);
            }
            catch (StepFailedException e)
            {
                return await FinishAsync(step, StepOutcome.Failed, prior, null, e.Message, ct);
            }

            await AppendAsync(new JournalRecord
            {
                StepId = step.Id, Event = JournalEvent.CallDone, At = time.GetUtcNow(), CallIndex = i,
            }, ct);
        }

        var after = await ReadAsync(step, ct);
        if (after is not null && step.Target is not null && !StateMatch.Matches(step.Target, after))
        {
            var why = "the calls ran but " + string.Join("; ", StateMatch.Differences(step.Target, after));
            return await FinishAsync(step, StepOutcome.Failed, prior, after, why, ct);
        }

        return await FinishAsync(step, StepOutcome.Applied, prior, after, null, ct);
    }

    private async Task<ResourceState?> ReadAsync(PlanStep step, CancellationToken ct)
    {
        var key = step.Target?.Key ?? step.ExpectedPrior?.Key;
        return key is null ? null : await executor.ReadStateAsync(key, ct);
    }

    private async Task<StepResult> FinishAsync(PlanStep step, StepOutcome outcome, ResourceState? prior,
        ResourceState? after, string? message, CancellationToken ct)
    {
        await AppendAsync(new JournalRecord
        {
            StepId = step.Id, Event = JournalEvent.Finished, At = time.GetUtcNow(), Outcome = outcome,
            Prior = prior, After = after, Message = message,
        }, ct);
        return Result(step, outcome, message);
    }

    // Once a call has gone out, its record must be written even if Ctrl-C arrives meanwhile.
    private Task AppendAsync(JournalRecord record, CancellationToken ct) =>
        journal.AppendAsync(record with
        {
            RunId = RunId, PlanIdentity = current.Identity, PlanTitle = current.Title,
        }, CancellationToken.None);

    private static StepResult Result(PlanStep step, StepOutcome outcome, string? message) =>
        new(step.Id, step.Title, outcome, message);
}
