using AwsHarden.Model;
using AwsHarden.Remediation;

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
        steps.AddRange(RevertPlanner.DetectionSteps(lineageEvents).Select(Executable));
        steps.AddRange(DeactivateKeys(lineage, lineageEvents));
        steps.AddRange(DenyOlderSessions(lineage, lineageEvents, now));
        steps.AddRange(RemovePasswords(lineage));
        steps.AddRange(ConsoleSignIns(lineage, lineageEvents));
        steps.AddRange(RootSteps());

        return new Plan
        {
            Title = PlanOrigin.ContainTitle,
            Steps = [.. steps.Select((s, i) => s with { Id = $"contain-{i + 1:00}" })],
            CreatedAt = now,
            Assumptions =
            [
                "Only the principals the CloudTrail events reach are covered: users, roles and sessions the logs "
                + "did not reach are not in this plan.",
                LogsOnlyAssumption,
            ],
        };
    }

    /// <summary>The assumption of a plan made from the logs alone; <see cref="ContainmentLive.Complete"/>
    /// replaces it with what was read from the account.</summary>
    public const string LogsOnlyAssumption = "The account was not read: keys, console passwords and MFA devices "
        + "of the lineage's users that the logs do not show are not in this plan ('incident contain' reads them "
        + "before applying), and every step's expected prior state comes from the logs.";

    /// <summary>Every IAM action the containment plan and its undo may need, and the reads of the revert, for
    /// <c>iam-policy fix</c>. The revert's deletions are left out on purpose: the standing policy never
    /// deletes principals (see <see cref="RevertPlanner.WriteActions"/>).</summary>
    public static IReadOnlyList<string> DeclaredActions { get; } =
    [
        .. RevertDependencies.DeclaredActions,
        "guardduty:CreateDetector", "guardduty:UpdateDetector", "guardduty:DeleteDetector",
        "guardduty:ListDetectors", "guardduty:GetDetector", "config:StartConfigurationRecorder",
        "config:StopConfigurationRecorder", "config:DescribeConfigurationRecorderStatus",
        "iam:ListAccessKeys", "iam:UpdateAccessKey", "iam:DeleteLoginProfile", "iam:GetAccessKeyLastUsed",
        "iam:PutUserPolicy", "iam:GetUserPolicy",
        "iam:DeleteUserPolicy", "iam:PutRolePolicy", "iam:GetRolePolicy", "iam:DeleteRolePolicy",
        "cloudtrail:StartLogging", "cloudtrail:StopLogging", "cloudtrail:DescribeTrails",
        "cloudtrail:GetTrailStatus", "cloudtrail:GetEventSelectors", "cloudtrail:GetInsightSelectors",
    ];

    /// <summary>Gives a detection step what apply needs (the trail it reads, the state it expects and leaves,
    /// its undo); a step the engine cannot check becomes Manual.</summary>
    internal static PlanStep Executable(PlanStep step)
    {
        var call = step.Calls.FirstOrDefault();
        if (call is { Operation: "StartLogging" } && call.Parameters.GetValueOrDefault("Name") is { } name)
        {
            // A trail named by ARN lives in the ARN's region: arn:aws:cloudtrail:REGION:ACCOUNT:trail/NAME.
            var arn = name.StartsWith("arn:", StringComparison.Ordinal) ? name.Split(':') : null;
            var region = arn is { Length: >= 6 } ? arn[3] : call.Region;
            var trail = new ResourceKey(ResourceTypes.Trail, arn is null ? name : arn[5].Split('/')[^1], region);
            var start = call with { Region = region };
            return step with
            {
                Calls = [start], ExpectedPrior = Steps.Present(trail, ("IsLogging", "false")),
                Target = Steps.Present(trail, ("IsLogging", "true")),
                UndoCalls = [start with { Operation = "StopLogging" }], Undo = "StopLogging on the same trail",
                IamActions = ["cloudtrail:StartLogging", "cloudtrail:StopLogging", "cloudtrail:DescribeTrails",
                    "cloudtrail:GetTrailStatus", "cloudtrail:GetEventSelectors", "cloudtrail:GetInsightSelectors"],
            };
        }
        if (step.Kind == PlanStepKind.Manual || call is null)
            return step;
        if (Restart(step, call) is { } restart)
            return restart;
        return step with
        {
            Kind = PlanStepKind.Manual, Calls = [],
            Reason = $"{step.Reason}; do it by hand: {call.IamAction} "
                + string.Join(" ", call.Parameters.Select(p => $"{p.Key}={p.Value}"))
                + (call.Region is null ? "" : $" in {call.Region}"),
        };
    }

    // GuardDuty and the Config recorder back on, each with the state read that lets apply skip it when done.
    private static PlanStep? Restart(PlanStep step, ApiCall call)
    {
        var region = call.Region ?? "us-east-1";
        var detector = new ResourceKey(ResourceTypes.Detector, region, region);
        var enabled = Steps.Present(detector, ("Status", "ENABLED"));
        string[] detectorReads = ["guardduty:ListDetectors", "guardduty:GetDetector"];
        switch (call.Operation)
        {
            case "CreateDetector":
                return step with
                {
                    Target = enabled, ExpectedPrior = Steps.Absent(detector),
                    UndoCalls = [Steps.Call("guardduty", "DeleteDetector", region,
                        ("DetectorId", Placeholders.After("DetectorId")))],
                    Undo = "DeleteDetector of the detector made", IamActions = [.. detectorReads,
                        "guardduty:CreateDetector", "guardduty:DeleteDetector"],
                };
            case "UpdateDetector":
                // The detector the attacker disabled, by its id when the event names it.
                var named = call.Parameters.GetValueOrDefault("DetectorId") is { Length: > 0 } detectorId
                    && !detectorId.StartsWith('{')
                    ? new ResourceKey(ResourceTypes.Detector, detectorId, region)
                    : detector;
                return step with
                {
                    Target = Steps.Present(named, ("Status", "ENABLED")),
                    ExpectedPrior = Steps.Present(named, ("Status", "DISABLED")),
                    UndoCalls = [call with { Parameters = WithValue(call.Parameters, "Enable", "false") }],
                    Undo = "UpdateDetector Enable=false", IamActions = [.. detectorReads, "guardduty:UpdateDetector"],
                };
            case "StartConfigurationRecorder":
                var name = call.Parameters.GetValueOrDefault("ConfigurationRecorderName") ?? "default";
                var recorder = new ResourceKey(ResourceTypes.ConfigRecorder, name, region);
                return step with
                {
                    Target = Steps.Present(recorder, ("Recording", "true")),
                    ExpectedPrior = Steps.Present(recorder, ("Recording", "false")),
                    UndoCalls = [call with { Operation = "StopConfigurationRecorder" }],
                    Undo = "StopConfigurationRecorder on the same recorder",
                    IamActions = ["config:StartConfigurationRecorder", "config:StopConfigurationRecorder",
                        "config:DescribeConfigurationRecorderStatus"],
                };
            default:
                return null;
        }
    }

    private static Dictionary<string, string> WithValue(IReadOnlyDictionary<string, string> parameters,
        string name, string value) =>
        new(parameters, StringComparer.Ordinal) { [name] = value };

    /// <summary>
    /// Reads the live deny policies the plan puts: one left by an earlier <c>contain</c> is expected (not
    /// drift), its cut-off moves to now, and undo puts the earlier cut-off back instead of deleting it.
    /// </summary>
    public static async Task<Plan> RefreshAsync(Plan plan, IStepExecutor executor, CancellationToken ct)
    {
        var steps = new List<PlanStep>();
        foreach (var step in plan.Steps)
        {
            if (await GoneAsync(step, executor, ct).ConfigureAwait(false) is { } gone)
            {
                steps.Add(gone);
                continue;
            }
            if (step.Target?.Key is not { Type: ResourceTypes.InlinePolicy } key
                || !key.Id.EndsWith("|" + RevokePolicyName, StringComparison.Ordinal))
            {
                steps.Add(step);
                continue;
            }

            var live = await executor.ReadStateAsync(key, ct).ConfigureAwait(false);
            var earlier = live.Exists ? live.Attributes.GetValueOrDefault("TokenIssueTime") : null;
            steps.Add(earlier is null || step.Calls is not [{ } put] ? step : step with
            {
                ExpectedPrior = Steps.Present(key, ("TokenIssueTime", earlier)),
                ExpectedPriorState = $"the deny of an earlier run, cut-off {earlier}",
                UndoCalls = [put with { Parameters = WithValue(put.Parameters, "PolicyDocument",
                    InlinePolicies.DenyTokensIssuedBefore(DateTimeOffset.Parse(earlier,
                        System.Globalization.CultureInfo.InvariantCulture))) }],
                Undo = $"{put.Operation} with the earlier cut-off {earlier}",
            });
        }

        return plan with { Steps = steps };
    }

    /// <summary>A step on a user, role or key that no longer exists (an attacker's user already deleted) has
    /// nothing left to contain: it becomes a note instead of stopping the rest of the plan.</summary>
    private static async Task<PlanStep?> GoneAsync(PlanStep step, IStepExecutor executor, CancellationToken ct)
    {
        if (step.Kind != PlanStepKind.Api || step.Target?.Key is not { } key) return null;
        var parts = key.Id.Split('|');
        var (principal, what) = key.Type switch
        {
            ResourceTypes.AccessKeyById => (new ResourceKey(ResourceTypes.AccessKeyById, key.Id),
                $"access key {parts[^1]} of user {parts[0]}"),
            ResourceTypes.InlinePolicy when parts[0] is "user" => (new ResourceKey(ResourceTypes.User, parts[1]),
                $"user {parts[1]}"),
            ResourceTypes.InlinePolicy when parts[0] is "role" => (new ResourceKey(ResourceTypes.Role, parts[1]),
                $"role {parts[1]}"),
            ResourceTypes.LoginProfile => (new ResourceKey(ResourceTypes.User, key.Id), $"user {key.Id}"),
            _ => ((ResourceKey?)null, ""),
        };
        if (principal is null || (await executor.ReadStateAsync(principal, ct).ConfigureAwait(false)).Exists)
            return null;
        return step with
        {
            Kind = PlanStepKind.Manual, Calls = [], UndoCalls = [], Target = null, ExpectedPrior = null,
            Title = $"Already gone: {step.Title}",
            Reason = $"The {what} no longer exists in this account, so there is nothing to contain; check that "
                + "its deletion was yours.",
        };
    }

    private static IEnumerable<PlanStep> DeactivateKeys(LineageGraph lineage, IReadOnlyList<CloudTrailEvent> events)
    {
        foreach (var node in lineage.Nodes.Where(n => n.Kind == LineageNodeKind.AccessKey))
        {
            var identity = events.FirstOrDefault(e => e.UserIdentity?.AccessKeyId == node.Id)?.UserIdentity;
            if (identity?.Type == "Root")
            {
                yield return Manual(RootKeyTitle(node.Id),
                    "Root keys can only be managed signed in as root: Security credentials > Access keys > Delete.",
                    node) with { ConsoleUrl = "https://console.aws.amazon.com/iam/home#/security_credentials" };
                continue;
            }
            var user = node.Owner ?? identity?.UserName;
            if (user is null)
            {
                // Without the user name, UpdateAccessKey would act on the caller's own keys.
                yield return Manual($"Deactivate access key {node.Id}",
                    "The logs do not say whose key it is: find it with 'aws iam get-access-key-last-used "
                    + $"--access-key-id {node.Id}', then deactivate it.", node);
                continue;
            }
            yield return DeactivateKey(user, node.Id, node.IsSeed ? "the leaked key" : $"derived from {node.ParentId}")
                with { EventIds = Ids(node) };
        }
    }

    /// <summary>UpdateAccessKey Status=Inactive on one key of a user, undone by setting it Active again.</summary>
    internal static PlanStep DeactivateKey(string user, string keyId, string reason)
    {
        var key = new ResourceKey(ResourceTypes.AccessKeyById, $"{user}|{keyId}");
        (string, string)[] names = [("UserName", user), ("AccessKeyId", keyId)];
        return Steps.Api($"Deactivate access key {keyId} of user {user}", [],
            [Steps.Call("iam", "UpdateAccessKey", null, [.. names, ("Status", "Inactive")])],
            Steps.Present(key, ("Status", "Active")), Steps.Present(key, ("Status", "Inactive")),
            [Steps.Call("iam", "UpdateAccessKey", null, [.. names, ("Status", "Active")])],
            "UpdateAccessKey Status=Active on the same key.", reason, ["iam:ListAccessKeys"])
            with { ExpectedPriorState = "the key exists and is Active" };
    }

    /// <summary>
    /// Temporary credentials cannot be revoked; a deny on tokens issued before now, on the principal that
    /// issued them, ends them (IAM's "revoke active sessions"). A user seen signing in to the console gets it
    /// too: its console sessions are temporary credentials of that user.
    /// </summary>
    private static IEnumerable<PlanStep> DenyOlderSessions(LineageGraph lineage,
        IReadOnlyList<CloudTrailEvent> events, DateTimeOffset now)
    {
        var issuers = new List<(LineageNode Node, (string Kind, string Name)? Principal)>();
        foreach (var node in lineage.Nodes)
        {
            if (node.Kind == LineageNodeKind.TemporaryCredentials)
                issuers.Add((node, IssuingPrincipal(node, events)));
            else if (node is { Kind: LineageNodeKind.Role, IsSeed: true })
                issuers.Add((node, ("role", LineageGraph.RoleName(node.Id))));
            else if (node.Kind is LineageNodeKind.User or LineageNodeKind.ConsolePassword
                && node.Owner is { } user && SignedIn(events, user) is not null)
                issuers.Add((node, ("user", user)));
        }

        foreach (var (node, _) in issuers.Where(i => i.Principal is null))
        {
            yield return Manual($"Temporary credentials {node.Id} are NOT contained by this plan",
                "The logs do not say which role or user issued them, so no deny can be put on it. Find the "
                + "issuer (its role session or user in the events), then revoke its active sessions on the IAM "
                + "console (role > Revoke sessions) or deny aws:TokenIssueTime before now on the user.", node);
        }
        foreach (var group in issuers.Where(i => i.Principal is not null).GroupBy(i => i.Principal!.Value))
        {
            var (kind, name) = group.Key;
            var nodes = group.Select(i => i.Node).DistinctBy(n => n.Id).ToList();
            if (kind == "root")
            {
                yield return Manual("Restrict sessions issued by the root user",
                    "Temporary credentials issued by root cannot be denied with an IAM policy; only a service control "
                    + "policy from the organization's management account denying aws:TokenIssueTime before "
                    + $"{now:O} can. Keys: {string.Join(", ", nodes.Select(n => n.Id))}.", nodes[0]);
                continue;
            }
            yield return DenyStep(kind, name, now, nodes);
        }
        foreach (var instance in InstanceSessions(lineage, events))
        {
            yield return Manual($"Stop instance {instance} from handing out fresh credentials",
                "The leaked session is an EC2 instance role's: whoever stole it (often through SSRF) can fetch "
                + "new ones. Require IMDSv2 on the instance (HttpTokens=required), fix or isolate it, and "
                + "check what else runs with that role.", null);
        }
    }

    private static CloudTrailEvent? SignedIn(IReadOnlyList<CloudTrailEvent> events, string user) =>
        events.FirstOrDefault(e => e is { EventName: "ConsoleLogin", Failed: false }
            && e.UserIdentity is { Type: "IAMUser" } who && who.UserName == user);

    /// <summary>Instances whose role sessions are in the lineage: the session name of an instance role is the
    /// instance id (assumed-role/ROLE/i-…).</summary>
    private static IEnumerable<string> InstanceSessions(LineageGraph lineage, IReadOnlyList<CloudTrailEvent> events)
    {
        var keys = lineage.Nodes.Where(n => n.Kind == LineageNodeKind.TemporaryCredentials)
            .Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
        return events.Select(e => e.UserIdentity)
            .Where(u => u?.AccessKeyId is { } k && keys.Contains(k) && u.Type == "AssumedRole")
            .Select(u => u!.Arn?.Split('/')[^1])
            .Where(s => s is not null && s.StartsWith("i-", StringComparison.Ordinal))
            .Select(s => s!).Distinct(StringComparer.Ordinal);
    }

    private static PlanStep DenyStep(string kind, string name, DateTimeOffset now, List<LineageNode> keys)
    {
        var role = kind == "role";
        var owner = (role ? "RoleName" : "UserName", name);
        var policy = new ResourceKey(ResourceTypes.InlinePolicy, $"{kind}|{name}|{RevokePolicyName}");
        var undo = role ? "DeleteRolePolicy" : "DeleteUserPolicy";
        return Steps.Api($"Deny sessions of {kind} {name} issued before {now:yyyy-MM-dd HH:mm}Z", [],
            [
                Steps.Call("iam", role ? "PutRolePolicy" : "PutUserPolicy", null, owner,
                    ("PolicyName", RevokePolicyName), ("PolicyDocument", InlinePolicies.DenyTokensIssuedBefore(now))),
            ],
            Steps.Absent(policy), Steps.Present(policy, ("TokenIssueTime", InlinePolicies.Format(now))),
            [Steps.Call("iam", undo, null, owner, ("PolicyName", RevokePolicyName))],
            $"{undo} {RevokePolicyName}",
            "temporary credentials cannot be revoked; sessions of: " + string.Join(", ", keys.Select(k => k.Id)),
            [role ? "iam:GetRolePolicy" : "iam:GetUserPolicy"])
            with
            {
                ExpectedPriorState = $"no inline policy named {RevokePolicyName}",
                EventIds = [.. keys.SelectMany(Ids)],
            };
    }

    /// <summary>The user or role whose policies bind these credentials; root when root issued them. A key
    /// the logs saw only in use (a leaked starting point) is known by the session issuer of its events.</summary>
    private static (string Kind, string Name)? IssuingPrincipal(LineageNode temp,
        IReadOnlyList<CloudTrailEvent> events)
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
        if (temp.Owner is { } o && o.Contains(":user/", StringComparison.Ordinal)) return ("user", o.Split('/')[^1]);
        return IssuerFromUse(temp.Id, events);
    }

    private static (string Kind, string Name)? IssuerFromUse(string key, IReadOnlyList<CloudTrailEvent> events)
    {
        foreach (var who in events.Select(e => e.UserIdentity).Where(u => u?.AccessKeyId == key))
        {
            var issuer = who!.SessionIssuer;
            if (who.Type == "Root" || issuer?.Type == "Root") return ("root", "root");
            if (issuer is { Type: "Role", Arn: { } arn }) return ("role", LineageGraph.RoleName(arn));
            if (issuer is { Type: "IAMUser" } && (issuer.UserName ?? issuer.Arn?.Split('/')[^1]) is { } user)
                return ("user", user);
            if (who.Type == "IAMUser" && who.UserName is { } name) return ("user", name);
            if (who.Type == "AssumedRole" && who.Arn?.Split('/') is { Length: >= 3 } parts) return ("role", parts[1]);
        }
        return null;
    }

    /// <summary>A lineage user seen signing in to the console keeps a password the attacker knows; a person
    /// removes it (see <see cref="RemovePasswords"/> for why it is not an API step).</summary>
    private static IEnumerable<PlanStep> ConsoleSignIns(LineageGraph lineage, IReadOnlyList<CloudTrailEvent> events)
    {
        var set = lineage.Nodes.Where(n => n.Kind == LineageNodeKind.ConsolePassword)
            .Select(n => n.Owner).ToHashSet(StringComparer.Ordinal);
        foreach (var node in lineage.Nodes.Where(n => n.Kind == LineageNodeKind.User && n.Owner is not null))
        {
            if (set.Contains(node.Owner) || SignedIn(events, node.Owner!) is not { } login) continue;
            yield return Manual(PasswordTitle(node.Owner!),
                $"It signed in to the console at {login.EventTime:yyyy-MM-dd HH:mm}Z from {login.SourceIpAddress}. "
                + "On the user's Security credentials tab: Console sign-in > Manage console access > Disable access "
                + "(DeleteLoginProfile), or reset the password if the user is a real person's. The deny on its "
                + "sessions ends the console sessions already open.", node)
                with { ConsoleUrl = ConsoleUrl(node.Owner!), EventIds = login.EventId is { } id ? [id] : [] };
        }
    }

    // A password on a user the attacker created is removed by API: nobody else holds it, and the revert
    // deletes that user anyway. On a user that existed before, IAM keeps no copy of the password, so no
    // journal could restore one deleted by mistake (say the attacker changed a real person's password): a
    // person removes or resets it, on the page linked.
    private static IEnumerable<PlanStep> RemovePasswords(LineageGraph lineage)
    {
        var created = lineage.Nodes.Where(n => n.Kind == LineageNodeKind.User && n.DerivedBy?.EventName == "CreateUser")
            .Select(n => n.Owner).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var node in lineage.Nodes.Where(n => n.Kind == LineageNodeKind.ConsolePassword && n.Owner is not null))
        {
            if (created.Contains(node.Owner!))
            {
                yield return RemoveCreatedUsersPassword(node.Owner!, $"set the password with "
                    + node.DerivedBy?.EventName) with { EventIds = Ids(node) };
                continue;
            }

            yield return Manual(PasswordTitle(node.Owner!),
                $"Set by the attacker with {node.DerivedBy?.EventName} on a user that existed before. On the user's "
                + "Security credentials tab: Console sign-in > Manage console access > Disable access "
                + "(DeleteLoginProfile), or reset the password if the user is a real person's. Left to a person "
                + "because IAM keeps no copy of a password, so undo could not restore it.", node)
                with { ConsoleUrl = ConsoleUrl(node.Owner!) };
        }
    }

    /// <summary>DeleteLoginProfile on a user the attacker created; <paramref name="how"/> ends the sentence
    /// "the attacker created this user and …".</summary>
    internal static PlanStep RemoveCreatedUsersPassword(string user, string how)
    {
        var key = new ResourceKey(ResourceTypes.LoginProfile, user);
        return Steps.Api(PasswordTitle(user), [],
            [Steps.Call("iam", "DeleteLoginProfile", null, ("UserName", user))],
            Steps.Present(key), Steps.Absent(key), [],
            $"Cannot be undone, and need not be: the attacker created this user and {how}; nobody else holds it.",
            "A new console sign-in would be issued after the session deny's cut-off and pass it; without a "
            + "password none is possible.", ["iam:GetLoginProfile"])
            with { ExpectedPriorState = "the user has a console password" };
    }

    /// <summary>The title of the Manual step that deletes a root access key.</summary>
    internal static string RootKeyTitle(string keyId) => $"Delete the root user's access key {keyId}";

    /// <summary>The title of every step that removes a user's console password, by API or by hand.</summary>
    internal static string PasswordTitle(string user) => $"Remove the console password of {user}";

    /// <summary>The IAM console page of a user's credentials.</summary>
    public static string ConsoleUrl(string user) =>
        $"https://console.aws.amazon.com/iam/home#/users/details/{Uri.EscapeDataString(user)}"
        + "?section=security_credentials";

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
