using AwsHarden.Model;
using AwsHarden.Remediation;

namespace AwsHarden.Incident;

/// <summary>The kinds of IAM principal a revert plan deletes and whose dependencies must go first.</summary>
public enum PrincipalKind { User, Role, Group, Policy }

/// <summary>A principal a revert plan deletes: a user, role or group by name, a managed policy by ARN.</summary>
public sealed record RevertPrincipal(PrincipalKind Kind, string Name)
{
    public override string ToString() => $"{Kind.ToString().ToLowerInvariant()} {Name}";
}

/// <summary>
/// What must be removed before a principal can be deleted, as listed from the live account. Lists that do not
/// apply to the principal's kind stay empty. <see cref="Unlisted"/> names the lists that could not be read.
/// </summary>
public sealed record PrincipalDependencies(RevertPrincipal Principal)
{
    public bool Exists { get; init; } = true;
    public bool LoginProfile { get; init; }
    public IReadOnlyList<string> AccessKeyIds { get; init; } = [];
    /// <summary>Serial numbers; a virtual device's is its ARN (<c>arn:aws:iam::…:mfa/NAME</c>).</summary>
    public IReadOnlyList<string> MfaSerials { get; init; } = [];
    public IReadOnlyList<string> SigningCertificateIds { get; init; } = [];
    public IReadOnlyList<string> SshPublicKeyIds { get; init; } = [];
    public IReadOnlyList<string> ServiceSpecificCredentialIds { get; init; } = [];
    public IReadOnlyList<string> AttachedPolicyArns { get; init; } = [];
    public IReadOnlyList<string> InlinePolicyNames { get; init; } = [];
    /// <summary>For a user, its groups; for a group, its members.</summary>
    public IReadOnlyList<string> Groups { get; init; } = [];
    public IReadOnlyList<string> Members { get; init; } = [];
    public IReadOnlyList<string> InstanceProfiles { get; init; } = [];
    public IReadOnlyList<string> NonDefaultVersions { get; init; } = [];
    public PolicyEntitiesByName? Entities { get; init; }
    /// <summary>One line per list that could not be read, e.g. <c>MFA devices (AccessDenied on
    /// iam:ListMFADevices)</c>.</summary>
    public IReadOnlyList<string> Unlisted { get; init; } = [];
}

/// <summary>The users, roles and groups a managed policy is attached to.</summary>
public sealed record PolicyEntitiesByName(IReadOnlyList<string> Users, IReadOnlyList<string> Roles,
    IReadOnlyList<string> Groups);

/// <summary>Lists a principal's dependencies from the account; the seam that keeps the planning testable.
/// </summary>
public interface IRevertDependencySource
{
    Task<PrincipalDependencies> ListAsync(RevertPrincipal principal, CancellationToken cancellationToken);
}

/// <summary>
/// Completes a revert plan from the live account: before each deletion of a user, role, group or managed
/// policy it puts the removal of every dependency the account shows (the logs may not show them all), without
/// repeating a step the logs already produced. A principal already gone loses its steps, with a note; a list
/// that could not be read is named in the plan's assumptions, never taken as empty.
/// </summary>
public static class RevertDependencies
{
    /// <summary>The assumption of a plan made from the logs alone, replaced once the account was read.</summary>
    public const string LogsOnlyAssumption = "Dependencies of users and roles (keys, MFA devices, policies, "
        + "groups) are those the logs show; ones created outside the logs' window will make DeleteUser/DeleteRole "
        + "fail until removed.";

    /// <summary>The IAM reads the enumeration makes, for the tool's own policy.</summary>
    public static IReadOnlyList<string> DeclaredActions { get; } =
    [
        "iam:GetUser", "iam:GetRole", "iam:GetGroup", "iam:GetPolicy", "iam:GetLoginProfile", "iam:ListAccessKeys",
        "iam:ListMFADevices", "iam:ListSigningCertificates", "iam:ListSSHPublicKeys",
        "iam:ListServiceSpecificCredentials", "iam:ListAttachedUserPolicies", "iam:ListUserPolicies",
        "iam:ListGroupsForUser", "iam:ListAttachedRolePolicies", "iam:ListRolePolicies",
        "iam:ListInstanceProfilesForRole", "iam:ListAttachedGroupPolicies", "iam:ListGroupPolicies",
        "iam:ListPolicyVersions", "iam:ListEntitiesForPolicy", "iam:ListVirtualMFADevices",
        "ec2:DescribeInstances", "ec2:DescribeKeyPairs", "ec2:DescribeSecurityGroupRules",
    ];

    /// <summary>The principals whose deletion <paramref name="plan"/> holds, in plan order.</summary>
    public static IReadOnlyList<RevertPrincipal> Deleted(Plan plan) =>
        [.. plan.Steps.SelectMany(s => s.Calls).Select(DeletedBy).OfType<RevertPrincipal>().Distinct()];

    /// <summary>The plan with each deleted principal's live dependencies removed first.</summary>
    public static async Task<Plan> EnrichAsync(Plan plan, IRevertDependencySource source, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var listings = new List<PrincipalDependencies>();
        foreach (var principal in Deleted(plan))
            listings.Add(await source.ListAsync(principal, cancellationToken).ConfigureAwait(false));
        return Enrich(plan, listings, time);
    }

    /// <summary>The pure part of <see cref="EnrichAsync"/>: the plan completed from given listings.</summary>
    public static Plan Enrich(Plan plan, IReadOnlyList<PrincipalDependencies> listings, TimeProvider time)
    {
        var notes = new List<string>();
        var steps = plan.Steps.ToList();
        foreach (var gone in listings.Where(l => !l.Exists))
        {
            var dropped = steps.Where(s => s.Calls.Any(c => Names(c, gone.Principal))).ToList();
            steps.RemoveAll(dropped.Contains);
            notes.Add($"{Capital(gone.Principal)} no longer exists: its {dropped.Count} steps are left out ("
                + string.Join(", ", dropped.Select(s => s.Calls[0].Operation).Distinct()) + ").");
        }

        foreach (var listing in listings.Where(l => l.Exists))
        {
            var at = steps.FindIndex(s => s.Calls.Any(c => DeletedBy(c) == listing.Principal));
            if (at < 0)
                continue;
            var known = steps.SelectMany(s => s.Calls).Select(Identity).ToHashSet(StringComparer.Ordinal);
            var added = DependencySteps(listing).Where(s => known.Add(Identity(s.Calls[0]))).ToList();
            steps.InsertRange(at, added);
            if (listing.Unlisted.Count > 0)
            {
                var why = $"could not list {string.Join("; ", listing.Unlisted)} of {listing.Principal}";
                notes.Add($"Not checked: {why}; its deletion fails while any remain. Grant the list actions "
                    + "('awsharden iam-policy fix') and plan again.");
                steps[at + added.Count] = steps[at + added.Count] with
                {
                    Reason = $"{steps[at + added.Count].Reason}; {why}",
                };
            }
        }

        var deleted = listings.Where(l => l.Exists).Select(l => l.Principal).ToHashSet();
        return plan with
        {
            Steps = [.. steps.Select(s => WithUndo(s, deleted)).Select((s, i) => s with { Id = $"revert-{i + 1:00}" })],
            CreatedAt = time.GetUtcNow(),
            Assumptions =
            [
                $"Dependencies of {listings.Count} deleted users, roles, groups and policies were listed from the "
                + $"account at {time.GetUtcNow():u}.",
                .. notes,
                .. plan.Assumptions.Where(a => a != LogsOnlyAssumption),
            ],
        };
    }

    /// <summary>The principal a call deletes, or null.</summary>
    public static RevertPrincipal? DeletedBy(ApiCall call) => call.Service != "iam" ? null : call.Operation switch
    {
        "DeleteUser" => Principal(PrincipalKind.User, call, "UserName"),
        "DeleteRole" => Principal(PrincipalKind.Role, call, "RoleName"),
        "DeleteGroup" => Principal(PrincipalKind.Group, call, "GroupName"),
        "DeletePolicy" => Principal(PrincipalKind.Policy, call, "PolicyArn"),
        _ => null,
    };

    private static RevertPrincipal? Principal(PrincipalKind kind, ApiCall call, string parameter) =>
        call.Parameters.GetValueOrDefault(parameter) is { } name ? new RevertPrincipal(kind, name) : null;

    private static bool Names(ApiCall call, RevertPrincipal principal)
    {
        var parameter = principal.Kind switch
        {
            PrincipalKind.User => "UserName",
            PrincipalKind.Role => "RoleName",
            PrincipalKind.Group => "GroupName",
            _ => "PolicyArn",
        };
        return call.Service == "iam" && call.Parameters.GetValueOrDefault(parameter) == principal.Name;
    }

    // Two calls are the same step when they make the same operation on the same parameters.
    private static string Identity(ApiCall call) =>
        $"{call.Service}:{call.Operation}?" + string.Join("&", call.Parameters
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => $"{p.Key}={p.Value}"));

    private static IEnumerable<PlanStep> DependencySteps(PrincipalDependencies d)
    {
        var name = d.Principal.Name;
        return d.Principal.Kind switch
        {
            PrincipalKind.User => UserSteps(d, name),
            PrincipalKind.Role => [
                .. d.InstanceProfiles.Select(p => Step("RemoveRoleFromInstanceProfile", d,
                    ("InstanceProfileName", p), ("RoleName", name))),
                .. d.AttachedPolicyArns.Select(a => Step("DetachRolePolicy", d, ("RoleName", name), ("PolicyArn", a))),
                .. d.InlinePolicyNames.Select(p => Step("DeleteRolePolicy", d, ("RoleName", name), ("PolicyName", p))),
            ],
            PrincipalKind.Group => [
                .. d.Members.Select(u => Step("RemoveUserFromGroup", d, ("UserName", u), ("GroupName", name))),
                .. d.AttachedPolicyArns.Select(a => Step("DetachGroupPolicy", d, ("GroupName", name),
                    ("PolicyArn", a))),
                .. d.InlinePolicyNames.Select(p => Step("DeleteGroupPolicy", d, ("GroupName", name),
                    ("PolicyName", p))),
            ],
            _ => PolicySteps(d, name),
        };
    }

    private static IEnumerable<PlanStep> UserSteps(PrincipalDependencies d, string user)
    {
        if (d.LoginProfile)
            yield return Step("DeleteLoginProfile", d, ("UserName", user));
        foreach (var key in d.AccessKeyIds)
            yield return Step("DeleteAccessKey", d, ("UserName", user), ("AccessKeyId", key));
        foreach (var serial in d.MfaSerials)
        {
            yield return Step("DeactivateMFADevice", d, ("UserName", user), ("SerialNumber", serial));
            if (serial.StartsWith("arn:", StringComparison.Ordinal))
                yield return Step("DeleteVirtualMFADevice", d, ("SerialNumber", serial));
        }
        foreach (var id in d.SigningCertificateIds)
            yield return Step("DeleteSigningCertificate", d, ("UserName", user), ("CertificateId", id));
        foreach (var id in d.SshPublicKeyIds)
            yield return Step("DeleteSSHPublicKey", d, ("UserName", user), ("SSHPublicKeyId", id));
        foreach (var id in d.ServiceSpecificCredentialIds)
            yield return Step("DeleteServiceSpecificCredential", d, ("UserName", user),
                ("ServiceSpecificCredentialId", id));
        foreach (var arn in d.AttachedPolicyArns)
            yield return Step("DetachUserPolicy", d, ("UserName", user), ("PolicyArn", arn));
        foreach (var policy in d.InlinePolicyNames)
            yield return Step("DeleteUserPolicy", d, ("UserName", user), ("PolicyName", policy));
        foreach (var group in d.Groups)
            yield return Step("RemoveUserFromGroup", d, ("UserName", user), ("GroupName", group));
    }

    private static IEnumerable<PlanStep> PolicySteps(PrincipalDependencies d, string arn)
    {
        var entities = d.Entities ?? new PolicyEntitiesByName([], [], []);
        return
        [
            .. entities.Users.Select(u => Step("DetachUserPolicy", d, ("UserName", u), ("PolicyArn", arn))),
            .. entities.Roles.Select(r => Step("DetachRolePolicy", d, ("RoleName", r), ("PolicyArn", arn))),
            .. entities.Groups.Select(g => Step("DetachGroupPolicy", d, ("GroupName", g), ("PolicyArn", arn))),
            .. d.NonDefaultVersions.Select(v => Step("DeletePolicyVersion", d, ("PolicyArn", arn), ("VersionId", v))),
        ];
    }

    private static PlanStep Step(string operation, PrincipalDependencies d, params (string Name, string Value)[] p)
    {
        var call = new ApiCall
        {
            Service = "iam", Operation = operation,
            Parameters = p.ToDictionary(x => x.Name, x => x.Value, StringComparer.Ordinal),
        };
        return new PlanStep
        {
            Id = "", Kind = PlanStepKind.Api, Calls = [call], IamActions = [call.IamAction],
            Title = $"{operation} {string.Join(" ", p.Select(x => x.Value))} (before deleting {d.Principal})",
            Reason = $"{d.Principal} cannot be deleted while it has this; listed from the account",
            Target = RevertTargets.Of(call), Undo = RevertTargets.UndoText(call),
        };
    }

    // A removal from a principal that stays (say an existing role the attacker gave a policy) can be undone;
    // one from a principal the plan deletes cannot, since undo would find the principal gone.
    private static PlanStep WithUndo(PlanStep step, HashSet<RevertPrincipal> deleted)
    {
        if (step.Calls is not [{ } call] || step.Kind != PlanStepKind.Api)
            return step;
        if (RevertTargets.Inverse(call) is not { } inverse)
            return step.Undo is null or "none" ? step with { Undo = RevertTargets.UndoText(call) } : step;
        var owners = deleted.Where(p => Names(call, p)).ToList();
        return owners.Count > 0
            ? step with { UndoCalls = [], Undo = $"none: {owners[0]} is deleted by this plan" }
            : step with
            {
                UndoCalls = [inverse], Undo = $"{inverse.Operation} again",
                IamActions = [.. step.IamActions.Append(inverse.IamAction).Distinct()],
            };
    }

    private static string Capital(RevertPrincipal p) => char.ToUpperInvariant(p.ToString()[0]) + p.ToString()[1..];
}
