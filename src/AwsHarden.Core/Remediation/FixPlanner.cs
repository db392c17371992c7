using AwsHarden.Model;

namespace AwsHarden.Remediation;

/// <summary>Turns findings into a plan: the steps of every fix whose checks fail, ordered by phase (logging and
/// detection first, guardrail SCPs after the changes they would block, guided steps last). Makes no AWS call.
/// </summary>
public static class FixPlanner
{
    /// <param name="only">Check ids to limit the plan to; null or empty for every fixable check.</param>
    /// <exception cref="UserErrorException">An id in <paramref name="only"/> has no fix.</exception>
    public static Plan Plan(AccountSnapshot snapshot, IReadOnlyList<Finding> findings, FixConfig config,
        string[]? only, TimeProvider? time = null)
    {
        var wanted = Only(only);
        var kept = findings.Where(f => wanted is null || wanted.Contains(f.CheckId)).ToList();
        var context = new FixContext(snapshot, kept, config);

        var steps = FixCatalog.All
            .Where(fix => wanted is null || fix.CheckIds.Any(wanted.Contains))
            .SelectMany(fix => fix.Build(context).Select(step => (Phase: PhaseOf(step, fix), Step: step)))
            .OrderBy(s => s.Phase) // OrderBy is stable: a fix's own order is kept within a phase.
            .Select((s, i) => s.Step with { Id = $"fix-{i + 1:00}" })
            .ToList();

        return new Plan
        {
            Title = $"Fix plan for account {snapshot.AccountId}",
            Steps = steps,
            Assumptions = Assumptions(snapshot, kept),
            CreatedAt = (time ?? TimeProvider.System).GetUtcNow(),
            AccountId = snapshot.AccountId,
        };
    }

    private static HashSet<string>? Only(string[]? only)
    {
        if (only is { Length: > 0 } && only.All(string.IsNullOrWhiteSpace))
            throw new UserErrorException("--only needs check ids", "for example: --only iam.password-policy");

        var ids = (only ?? []).SelectMany(o => o.Split(',', StringSplitOptions.TrimEntries))
            .Where(o => o.Length > 0).ToHashSet(StringComparer.Ordinal);
        if (ids.Count == 0)
            return null;

        var unknown = ids.Where(id => !FixCatalog.FixableCheckIds.Contains(id)).ToList();
        if (unknown.Count > 0)
        {
            throw new UserErrorException($"--only names check(s) without a fix: {string.Join(", ", unknown)}",
                "fixable checks: " + string.Join(", ", FixCatalog.FixableCheckIds.Order(StringComparer.Ordinal)));
        }

        return ids;
    }

    private static FixPhase PhaseOf(PlanStep step, IFix fix) =>
        step.Calls.Any(c => c.IamAction == "organizations:AttachPolicy") ? FixPhase.Guardrails : fix.Phase;

    private static List<string> Assumptions(AccountSnapshot snapshot, IReadOnlyList<Finding> findings)
    {
        var result = new List<string>
        {
            $"Built from the snapshot of account {snapshot.AccountId} collected at {snapshot.CollectedAt:u}; "
            + "apply re-reads each resource before changing it and stops if it differs.",
        };
        result.AddRange(findings
            .Where(f => f.Status == Status.Unknown && FixCatalog.FixableCheckIds.Contains(f.CheckId))
            .Select(f => $"{f.CheckId} could not be read ({f.Message}); no step is planned for it."));
        return result;
    }
}
