using AwsHarden.Model;

namespace AwsHarden.Remediation;

/// <summary>Builds the plan that reverses a journal: the applied steps' undo calls, newest first, filled with
/// the prior state each step recorded. The undo plan is applied like any other, with its own journal.</summary>
public static class UndoPlanner
{
    public static Plan Undo(IJournal journal, TimeProvider time) => Undo(journal.Read(), time);

    public static Plan Undo(IReadOnlyList<JournalRecord> records, TimeProvider time)
    {
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
            Title = "Undo of a fix journal",
            Steps = steps,
            Assumptions = notes,
            CreatedAt = time.GetUtcNow(),
        };
    }

    private static IEnumerable<(PlanStep Step, JournalRecord Finished)> Applied(IReadOnlyList<JournalRecord> records)
    {
        var steps = new Dictionary<string, PlanStep>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            if (record is { Event: JournalEvent.Started, Step: not null })
                steps[record.StepId] = record.Step;
            else if (record is { Event: JournalEvent.Finished, Outcome: StepOutcome.Applied }
                     && steps.TryGetValue(record.StepId, out var step))
                yield return (step, record);
        }
    }

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
