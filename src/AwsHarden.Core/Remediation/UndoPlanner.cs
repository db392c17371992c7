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
        var undone = new List<PlanStep>();
        foreach (var (step, finished) in Applied(records).Reverse())
        {
            var undo = UndoStep(step, finished, steps.Count + 1);
            if (undo is not null)
            {
                steps.Add(undo);
                undone.Add(step);
            }
            else if (step.Undo is not null)
                notes.Add($"{step.Id} ({step.Title}): {step.Undo}");
        }
        if (ReopensIncident(undone) is { } warning)
            notes.Insert(0, warning);

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

    /// <summary>The start of the warning an undo of a containment journal carries first among its assumptions
    /// (and <c>PlanText</c> shows above the steps).</summary>
    public const string ReopensMarker = "WARNING: this undo re-opens a contained incident:";

    // Undoing `incident contain` is right after a false alarm, but it hands the account back to whoever held
    // the leaked key: the plan says so in words before the steps, naming the keys and the denies.
    private static string? ReopensIncident(IReadOnlyList<PlanStep> undone)
    {
        var contained = undone.Where(s => s.Id.StartsWith("contain-", StringComparison.Ordinal))
            .OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
        if (contained.Count == 0)
            return null;
        var parts = new List<string>();
        var keys = contained.SelectMany(s => s.Calls.Where(c => c.Operation == "UpdateAccessKey").Select(c =>
                $"{c.Parameters.GetValueOrDefault("AccessKeyId")} of user {c.Parameters.GetValueOrDefault("UserName")}"
                + (s.Reason is { Length: > 0 } why ? $" ({why})" : "")))
            .ToList();
        if (keys.Count > 0)
            parts.Add($"it turns back ON the access keys contain deactivated, the LEAKED key and the keys derived "
                + $"from it: {string.Join("; ", keys)}");
        var denies = contained.SelectMany(s => s.Calls.Where(c => c.Operation is "PutUserPolicy" or "PutRolePolicy"
                && c.Parameters.GetValueOrDefault("PolicyName") == Incident.ContainmentPlanner.RevokePolicyName)
            .Select(c => c.Parameters.TryGetValue("UserName", out var user) ? $"user {user}"
                : $"role {c.Parameters.GetValueOrDefault("RoleName")}"))
            .ToList();
        if (denies.Count > 0)
            parts.Add($"it lifts the deny on sessions issued before the containment "
                + $"({Incident.ContainmentPlanner.RevokePolicyName}) of {string.Join(", ", denies)}, so the "
                + "attacker's temporary credentials work again");
        var other = contained.Where(s => !s.Calls.Any(c => c.Operation is "UpdateAccessKey" or "PutUserPolicy"
            or "PutRolePolicy")).Select(s => s.Title).ToList();
        if (other.Count > 0)
            parts.Add($"it reverses {string.Join("; ", other)}");
        return $"{ReopensMarker} {string.Join(". Also ", parts)}. Undo a containment only after a false alarm, "
            + "or once the keys are rotated and the attacker's principals are removed (incident revert).";
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
