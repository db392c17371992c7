using AwsHarden.Model;

namespace AwsHarden.Incident;

/// <summary>The order revert steps run in: detection back first, persistence after what it protects.</summary>
public enum RevertPhase { Detection, ComputeAndBilling, IamPersistence, Configuration, Unknown }

/// <summary>
/// Builds the plan that undoes every write of the lineage, action by action, in a safe order: logging and
/// detection, then compute and billing abuse, then IAM persistence (dependencies before the principal), then
/// changed configuration. A write with no known inverse becomes a Manual step quoting the event; secrets
/// that were read become steps to rotate them.
/// </summary>
public sealed class RevertPlanner(TimeProvider time)
{
    private sealed record Rule(RevertPhase Phase, int Rank, Func<CloudTrailEvent, PlanStep?> Build);

    private static readonly Dictionary<string, Rule> Rules = RevertRules.All()
        .ToDictionary(r => r.Name, r => new Rule(r.Phase, r.Rank, r.Build));

    public Plan Plan(IReadOnlyList<CloudTrailEvent> lineageEvents)
    {
        var writes = lineageEvents.Where(e => !e.Failed && EventClassifier.Categorize(e) == ActionCategory.Write)
            .Where(e => e.EventName is not ("ConsoleLogin" or "AssumeRole" or "GetSessionToken"
                or "GetFederationToken" or "AssumeRoleWithSAML" or "AssumeRoleWithWebIdentity"));
        var ordered = writes
            .Select(e => (Event: e, Rule: Rules.GetValueOrDefault(e.EventName)))
            .OrderBy(x => x.Rule?.Phase ?? RevertPhase.Unknown)
            .ThenBy(x => x.Rule?.Rank ?? 0)
            .ThenByDescending(x => x.Event.EventTime);

        var steps = new List<PlanStep>();
        foreach (var (e, rule) in ordered)
        {
            steps.Add(rule?.Build(e) ?? NoInverse(e));
        }
        steps.AddRange(RotateSecrets(lineageEvents));

        return new Plan
        {
            Title = "Revert what the leaked credentials did",
            Steps = [.. steps.Select((s, i) => s with { Id = $"revert-{i + 1:00}" })],
            CreatedAt = time.GetUtcNow(),
            Assumptions =
            [
                // TODO(incident): enumerate each user's and role's live dependencies when the plan is made.
                "Dependencies of users and roles (keys, MFA devices, policies, groups) are those the logs show; "
                + "ones created outside the logs' window will make DeleteUser/DeleteRole fail until removed.",
                "Steps run newest first within a phase, so a later change is undone before an earlier one.",
            ],
        };
    }

    /// <summary>The Detection-phase steps alone, which containment runs first too.</summary>
    public static IEnumerable<PlanStep> DetectionSteps(IEnumerable<CloudTrailEvent> lineageEvents) =>
        lineageEvents.Where(e => !e.Failed)
            .Select(e => Rules.GetValueOrDefault(e.EventName) is { Phase: RevertPhase.Detection } r ? r.Build(e) : null)
            .OfType<PlanStep>();

    /// <summary>The phase a write's inverse runs in; Unknown when the tool knows no inverse.</summary>
    public static RevertPhase PhaseOf(string eventName) =>
        Rules.GetValueOrDefault(eventName)?.Phase ?? RevertPhase.Unknown;

    private static PlanStep NoInverse(CloudTrailEvent e) => new()
    {
        Id = "", Kind = PlanStepKind.Manual,
        Title = $"Review {e.EventSource.Replace(".amazonaws.com", "")}:{e.EventName} at {e.EventTime:u}",
        Reason = "No known inverse; undo by hand. The event: " + RevertRules.Quote(e),
        EventIds = e.EventId is { } id ? [id] : [],
    };

    private static IEnumerable<PlanStep> RotateSecrets(IEnumerable<CloudTrailEvent> events) =>
        events.SelectMany(EventClassifier.SecretsOf)
            .DistinctBy(s => (s.Kind, s.Name))
            .Select(s => new PlanStep
            {
                Id = "", Kind = PlanStepKind.Manual, Title = $"Rotate {s.Kind} {s.Name}",
                Reason = $"read with the leaked credentials at {s.Time:u}"
                    + (s.Region is null ? "" : $" in {s.Region}"),
                EventIds = s.EventId is { } id ? [id] : [],
            });
}
