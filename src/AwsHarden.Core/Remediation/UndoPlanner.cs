using AwsHarden.Model;

namespace AwsHarden.Remediation;

/// <summary>Builds the plan that reverses a journal: the applied steps' undo calls, newest first, filled with
/// the prior state each step recorded. The undo plan is applied like any other, with its own journal.</summary>
public static class UndoPlanner
{
    public static Plan Undo(IJournal journal, TimeProvider time) => Undo(journal.Read(), time);

    public static Plan Undo(IReadOnlyList<JournalRecord> records, TimeProvider time)
    {
        CheckOneRun(records);
        var steps = new List<PlanStep>();
        var notes = new List<string>();
        foreach (var (step, finished) in Applied(records).Reverse())
        {
            var undo = UndoStep(step, finished, steps.Count + 1);
            if (undo is not null)
                steps.Add(undo);
            else if (step.Undo is not null)
                notes.Add($"{step.Id} ({step.Title}): {step.Undo}");
        }

        return new Plan
        {
            Title = PlanOrigin.UndoTitle,
            Steps = steps,
            Assumptions = notes,
            CreatedAt = time.GetUtcNow(),
        };
    }

    // Runs share a journal only when they apply the same plan (JournalBinding: a resumed run). Records of two
    // runs of different plans (e.g. two runs that took one file) would be matched by step id, and undo would
    // check one plan's step against the other's state: refused instead.
    private static void CheckOneRun(IReadOnlyList<JournalRecord> records)
    {
        var runs = records.Select(r => r.RunId).OfType<string>().Distinct(StringComparer.Ordinal).Count();
        var plans = records.Select(r => r.PlanIdentity).OfType<string>().Distinct(StringComparer.Ordinal).Count();
        if (runs > 1 && plans > 1)
        {
            throw new UserErrorException($"the journal mixes {runs} runs of {plans} different plans, so its steps "
                + "cannot be matched to one run", "undo each run from its own journal; revert this account by hand "
                + "with the journal lines as a guide");
        }
    }

    // A step counts when it finished Applied, or when it stopped after some of its calls went out: those
    // calls changed the account too, and the prior state recorded at its start is what undo restores.
    private static IEnumerable<(PlanStep Step, JournalRecord Finished)> Applied(IReadOnlyList<JournalRecord> records)
    {
        var steps = new Dictionary<string, PlanStep>(StringComparer.Ordinal);
        var started = new Dictionary<string, JournalRecord>(StringComparer.Ordinal);
        var last = new Dictionary<string, (int Position, JournalRecord? Finished, bool CallsMade)>(
            StringComparer.Ordinal);
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            if (record is { Event: JournalEvent.Started, Step: not null })
            {
                steps[record.StepId] = record.Step;
                started[record.StepId] = record;
            }

            var (_, finished, calls) = last.GetValueOrDefault(record.StepId);
            last[record.StepId] = (i, record.Event == JournalEvent.Finished ? record : finished,
                calls || record.Event == JournalEvent.CallDone);
        }

        foreach (var (id, (_, finished, calls)) in last.OrderBy(p => p.Value.Position))
        {
            if (!steps.TryGetValue(id, out var step))
                continue;
            if (finished?.Outcome == StepOutcome.Applied)
                yield return (step, finished);
            else if (calls)
                yield return (Partial(step), started[id] with { Event = JournalEvent.Finished, After = null });
        }
    }

    // The state after an interrupted step was never recorded: its undo reads the live resource instead.
    private static PlanStep Partial(PlanStep step) => step.Target is null ? step : step with
    {
        UndoCalls = step.UndoCalls.Select(c => c with
        {
            Parameters = c.Parameters.ToDictionary(p => p.Key, p => AfterAsLive(p.Value, step.Target.Key),
                StringComparer.Ordinal),
        }).ToList(),
    };

    private static string AfterAsLive(string value, ResourceKey key) =>
        System.Text.RegularExpressions.Regex.Replace(value, @"\{\{after\.(?<name>[A-Za-z0-9]+)\}\}",
            m => Placeholders.Ref(key, m.Groups["name"].Value));

    // Undo expects the state the step left and restores, of the attributes the step set, the recorded prior.
    private static PlanStep? UndoStep(PlanStep step, JournalRecord finished, int number)
    {
        if (step.UndoCalls.Count == 0)
            return null;

        var prior = finished.Prior;
        var after = finished.After;
        return new PlanStep
        {
            Id = $"undo-{number:00}",
            Title = $"Undo {step.Id}: {step.Title}",
            Kind = PlanStepKind.Api,
            Calls = step.UndoCalls.Select(c => Placeholders.FillRecorded(c, prior, after)).ToList(),
            IamActions = step.UndoCalls.Select(c => c.IamAction).Concat(ReadActions(step)).Distinct().ToList(),
            ExpectedPrior = Restrict(after, step.Target),
            Target = Restrict(prior, step.Target),
            CheckIds = step.CheckIds,
            Reason = $"Reverses {step.Id}, applied at {finished.At:u}.",
            Undo = $"Apply the original plan step {step.Id} again.",
        };
    }

    private static IEnumerable<string> ReadActions(PlanStep step) =>
        step.IamActions.Where(a => a.Contains(":Get", StringComparison.Ordinal)
            || a.Contains(":List", StringComparison.Ordinal) || a.Contains(":Describe", StringComparison.Ordinal));

    private static ResourceState? Restrict(ResourceState? state, ResourceState? shape)
    {
        if (state is null || shape is null)
            return state;

        var names = shape.Attributes.Keys.ToHashSet(StringComparer.Ordinal);
        var attributes = state.Attributes.Where(a => names.Contains(a.Key))
            .ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
        return state with { Attributes = attributes };
    }
}
