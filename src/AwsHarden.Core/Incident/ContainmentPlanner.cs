using AwsHarden.Model;

namespace AwsHarden.Incident;

/// <summary>
/// Builds the plan that stops the attacker: restore logging and detection if they were stopped, deactivate
/// long-term keys, deny sessions issued before now, remove console passwords the attacker set, then the
/// root-user steps only a person can do.
/// </summary>
public sealed class ContainmentPlanner(TimeProvider time)
{
    /// <summary>The inline policy name used for the session-revoking deny; re-running replaces it.</summary>
    public const string RevokePolicyName = "AwsHardenRevokeOlderSessions";

    public Plan Plan(LineageGraph lineage, IReadOnlyList<CloudTrailEvent> lineageEvents)
    {
        var now = time.GetUtcNow();
        var steps = new List<PlanStep>();
        steps.AddRange(RevertPlanner.DetectionSteps(lineageEvents));
        steps.AddRange(DeactivateKeys(lineage, lineageEvents));
        steps.AddRange(DenyOlderSessions(lineage, now));
        steps.AddRange(RemovePasswords(lineage));
        steps.AddRange(RootSteps());

        return new Plan
        {
            Title = "Contain the leaked credentials",
            Steps = [.. steps.Select((s, i) => s with { Id = $"contain-{i + 1:00}" })],
            CreatedAt = now,
            Assumptions =
            [
                "Only what the CloudTrail events show is covered; users, keys and sessions the logs did not "
                + "reach are not in this plan.",
                // TODO(incident): enumerate live keys, passwords and MFA devices before planning.
                "The account was not read: every step's expected prior state comes from the logs.",
            ],
        };
    }

    private static IEnumerable<PlanStep> DeactivateKeys(LineageGraph lineage, IReadOnlyList<CloudTrailEvent> events)
    {
        foreach (var node in lineage.Nodes.Where(n => n.Kind == LineageNodeKind.AccessKey))
        {
            var identity = events.FirstOrDefault(e => e.UserIdentity?.AccessKeyId == node.Id)?.UserIdentity;
            if (identity?.Type == "Root")
            {
                yield return Manual($"Delete the root user's access key {node.Id}",
                    "Root keys can only be managed signed in as root: Security credentials > Access keys > Delete.",
                    node);
                continue;
            }
            var user = node.Owner ?? identity?.UserName;
            var parameters = new Dictionary<string, string> { ["AccessKeyId"] = node.Id, ["Status"] = "Inactive" };
            if (user is not null) parameters["UserName"] = user;
            yield return new PlanStep
            {
                Id = "", Kind = PlanStepKind.Api,
                Title = $"Deactivate access key {node.Id}" + (user is null ? "" : $" of user {user}"),
                Calls = [new ApiCall { Service = "iam", Operation = "UpdateAccessKey", Parameters = parameters }],
                IamActions = ["iam:UpdateAccessKey"],
                ExpectedPriorState = "the key exists and is Active",
                Undo = "UpdateAccessKey with Status=Active",
                Reason = node.IsSeed ? "the leaked key" : $"derived from {node.ParentId}",
                EventIds = Ids(node),
            };
        }
    }

    /// <summary>
    /// Temporary credentials cannot be revoked; a deny on tokens issued before now, on the principal that
    /// issued them, ends them (IAM's "revoke active sessions").
    /// </summary>
    private static IEnumerable<PlanStep> DenyOlderSessions(LineageGraph lineage, DateTimeOffset now)
    {
        var issued = lineage.Nodes.Where(n => n.Kind == LineageNodeKind.TemporaryCredentials).ToList();
        foreach (var group in issued.GroupBy(IssuingPrincipal).Where(g => g.Key is not null))
        {
            var (kind, name) = group.Key!.Value;
            if (kind == "root")
            {
                yield return Manual("Restrict sessions issued by the root user",
                    "Temporary credentials issued by root cannot be denied with an IAM policy; only a service control "
                    + "policy from the organization's management account denying aws:TokenIssueTime before "
                    + $"{now:O} can. Keys: {string.Join(", ", group.Select(n => n.Id))}.", group.First());
                continue;
            }
            yield return DenyStep(kind, name, now, group.ToList());
        }
    }

    private static PlanStep DenyStep(string kind, string name, DateTimeOffset now, List<LineageNode> keys)
    {
        var operation = kind == "role" ? "PutRolePolicy" : "PutUserPolicy";
        var policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"*\","
            + "\"Resource\":\"*\",\"Condition\":{\"DateLessThan\":{\"aws:TokenIssueTime\":\""
            + now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ") + "\"}}}]}";
        return new PlanStep
        {
            Id = "", Kind = PlanStepKind.Api,
            Title = $"Deny sessions of {kind} {name} issued before {now:yyyy-MM-dd HH:mm}Z",
            Calls =
            [
                new ApiCall
                {
                    Service = "iam", Operation = operation,
                    Parameters = new Dictionary<string, string>
                    {
                        [kind == "role" ? "RoleName" : "UserName"] = name,
                        ["PolicyName"] = RevokePolicyName, ["PolicyDocument"] = policy,
                    },
                },
            ],
            IamActions = [$"iam:{operation}"],
            ExpectedPriorState = $"no inline policy named {RevokePolicyName}",
            Undo = $"{(kind == "role" ? "DeleteRolePolicy" : "DeleteUserPolicy")} {RevokePolicyName}",
            Reason = "temporary credentials cannot be revoked; issued: " + string.Join(", ", keys.Select(k => k.Id)),
            EventIds = [.. keys.SelectMany(Ids)],
        };
    }

    /// <summary>The user or role whose policies bind these credentials; root when root issued them.</summary>
    private static (string Kind, string Name)? IssuingPrincipal(LineageNode temp)
    {
        if (temp.IssuedByRoot) return ("root", "root");

        var e = temp.DerivedBy;
        if (e?.EventName is "GetSessionToken" or "GetFederationToken")
        {
            return e.UserIdentity?.UserName is { } user ? ("user", user) : null;
        }
        if (e?.RequestString("roleArn") is { } roleArn) return ("role", LineageGraph.RoleName(roleArn));
        if (temp.Owner is { } owner && owner.Contains(":assumed-role/", StringComparison.Ordinal))
        {
            return ("role", owner.Split('/')[1]);
        }
        return temp.Owner is { } o && o.Contains(":user/", StringComparison.Ordinal)
            ? ("user", o.Split('/')[^1]) : null;
    }

    private static IEnumerable<PlanStep> RemovePasswords(LineageGraph lineage)
    {
        foreach (var node in lineage.Nodes.Where(n => n.Kind == LineageNodeKind.ConsolePassword))
        {
            yield return new PlanStep
            {
                Id = "", Kind = PlanStepKind.Api, Title = $"Remove the console password of {node.Owner}",
                Calls =
                [
                    new ApiCall
                    {
                        Service = "iam", Operation = "DeleteLoginProfile",
                        Parameters = new Dictionary<string, string> { ["UserName"] = node.Owner! },
                    },
                ],
                IamActions = ["iam:DeleteLoginProfile"],
                ExpectedPriorState = "the user has a login profile",
                Undo = "none: the password is gone; a legitimate owner gets a new one with CreateLoginProfile",
                Reason = $"password set by the attacker with {node.DerivedBy?.EventName}",
                EventIds = Ids(node),
            };
        }
    }

    private static IEnumerable<PlanStep> RootSteps() =>
    [
        Manual("Change the root user's password and check its MFA",
            "Sign in as root; change the password; make sure MFA is on and the device is yours. Check the account "
            + "email and alternate contacts were not changed.", null),
        Manual("Delete any root access keys",
            "Signed in as root: Security credentials > Access keys. Root should have none.", null),
    ];

    private static PlanStep Manual(string title, string reason, LineageNode? node) => new()
    {
        Id = "", Kind = PlanStepKind.Manual, Title = title, Reason = reason, EventIds = node is null ? [] : Ids(node),
    };

    private static IReadOnlyList<string> Ids(LineageNode node) =>
        node.DerivedBy?.EventId is { } id ? [id] : [];
}
