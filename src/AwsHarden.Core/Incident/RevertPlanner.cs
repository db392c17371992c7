using AwsHarden.Model;
using AwsHarden.Remediation;

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
            var step = rule?.Build(e) ?? NoInverse(e);
            steps.Add(rule?.Phase == RevertPhase.Detection ? ContainmentPlanner.Executable(step) : step);
        }
        steps.AddRange(RotateSecrets(lineageEvents));

        return new Plan
        {
            Title = PlanOrigin.RevertTitle,
            Steps = [.. steps.Select((s, i) => s with { Id = $"revert-{i + 1:00}" })],
            CreatedAt = time.GetUtcNow(),
            Assumptions =
            [
                // Replaced by RevertDependencies.EnrichAsync when the account is read (incident revert).
                RevertDependencies.LogsOnlyAssumption,
                "Steps run newest first within a phase, so a later change is undone before an earlier one.",
            ],
        };
    }

    /// <summary>What <c>incident revert</c> needs, for <c>awsharden iam-policy revert</c>: the investigation's
    /// reads, the live dependency and state reads, and every write. Not in the standing policy (<c>all</c>).
    /// </summary>
    public static IReadOnlyList<string> RevertActions =>
    [
        .. IncidentActions.Required, .. ContainmentPlanner.DeclaredActions, .. WriteActions,
        "ec2:DescribeKeyPairs", "ec2:DescribeSecurityGroupRules", "sts:GetCallerIdentity",
    ];

    /// <summary>Every write the revert rules and the dependency steps may make, with their inverses. Not part
    /// of the standing policy: <c>iam-policy revert</c> prints them to grant for the time of a revert (the dry
    /// run lists each step's actions).</summary>
    public static IReadOnlyList<string> WriteActions { get; } =
    [
        "iam:DeleteUser", "iam:DeleteRole", "iam:DeleteGroup", "iam:DeletePolicy", "iam:DeletePolicyVersion",
        "iam:DeleteLoginProfile", "iam:DeleteAccessKey", "iam:DeactivateMFADevice", "iam:DeleteVirtualMFADevice",
        "iam:DeleteSigningCertificate", "iam:DeleteSSHPublicKey", "iam:DeleteServiceSpecificCredential",
        "iam:DetachUserPolicy", "iam:DetachRolePolicy", "iam:DetachGroupPolicy", "iam:DeleteUserPolicy",
        "iam:DeleteRolePolicy", "iam:DeleteGroupPolicy", "iam:RemoveUserFromGroup",
        "iam:RemoveRoleFromInstanceProfile", "iam:DeleteInstanceProfile", "iam:DeleteSAMLProvider",
        "iam:DeleteOpenIDConnectProvider", "iam:AttachUserPolicy", "iam:AttachRolePolicy", "iam:AttachGroupPolicy",
        "iam:AddUserToGroup", "iam:AddRoleToInstanceProfile", "ec2:TerminateInstances",
        "ec2:CancelSpotInstanceRequests", "ec2:CancelSpotFleetRequests", "ec2:DeleteFleets",
        "ec2:DeleteLaunchTemplate", "ec2:ModifyImageAttribute", "ec2:ModifySnapshotAttribute",
        "ec2:DeregisterImage", "ec2:DeleteSnapshot", "ec2:DeleteVolume", "ec2:DeleteKeyPair",
        "ec2:RevokeSecurityGroupIngress", "ec2:RevokeSecurityGroupEgress", "ec2:DeleteSecurityGroup",
        "autoscaling:DeleteAutoScalingGroup", "lambda:DeleteFunction", "lambda:RemovePermission",
        "rds:ModifyDBSnapshotAttribute", "s3:PutBucketPublicAccessBlock", "rolesanywhere:DeleteTrustAnchor",
        "rolesanywhere:DeleteProfile",
    ];

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
        SecretGroups.Of(events.SelectMany(EventClassifier.SecretsOf)).Select(g => new PlanStep
        {
            Id = "", Kind = PlanStepKind.Manual, Title = g.Title, Reason = SecretGroups.Advice(g),
            EventIds = g.EventIds,
        });
}
