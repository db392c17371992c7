using AwsHarden.Incident;
using AwsHarden.Model;
using AwsHarden.Remediation;
using Microsoft.Extensions.Time.Testing;

namespace AwsHarden.Tests.Incident;

/// <summary>The revert plan completed from listed dependencies: order, no duplicates, gone principals,
/// denied lists.</summary>
public class RevertDependenciesTests
{
    private const string Admin = "arn:aws:iam::aws:policy/AdministratorAccess";
    private const string Mfa = "arn:aws:iam::123456789012:mfa/backup-svc";
    private static readonly FakeTimeProvider Clock = new(DateTimeOffset.Parse("2025-02-01T08:00:00Z"));

    private sealed class ListedSource(params PrincipalDependencies[] listings) : IRevertDependencySource
    {
        public List<RevertPrincipal> Asked { get; } = [];

        public Task<PrincipalDependencies> ListAsync(RevertPrincipal principal, CancellationToken ct)
        {
            Asked.Add(principal);
            return Task.FromResult(listings.Single(l => l.Principal == principal));
        }
    }

    // Shaped as RevertRules shapes a step: one IAM call and the state it leaves.
    private static PlanStep Step(string operation, params (string, string)[] parameters)
    {
        var call = new ApiCall
        {
            Service = "iam", Operation = operation, Parameters = parameters.ToDictionary(p => p.Item1, p => p.Item2),
        };
        return new PlanStep
        {
            Id = "", Kind = PlanStepKind.Api, Title = operation, Calls = [call], Target = RevertTargets.Of(call),
        };
    }

    // What the logs of the example chain give: the key and the admin policy of backup-svc, the role, the user.
    private static Plan LogsPlan() => new()
    {
        Title = "revert",
        Steps =
        [
            Step("DeleteAccessKey", ("UserName", "backup-svc"), ("AccessKeyId", "AKIAI44QH8DHBEXAMPLE")),
            Step("DetachRolePolicy", ("RoleName", "ops-automation"), ("PolicyArn", Admin)),
            Step("DetachUserPolicy", ("UserName", "backup-svc"), ("PolicyArn", Admin)),
            Step("DeleteRole", ("RoleName", "ops-automation")),
            Step("DeleteUser", ("UserName", "backup-svc")),
        ],
        Assumptions = [RevertDependencies.LogsOnlyAssumption],
    };

    private static readonly RevertPrincipal User = new(PrincipalKind.User, "backup-svc");
    private static readonly RevertPrincipal Role = new(PrincipalKind.Role, "ops-automation");

    private static List<string> Operations(Plan plan) =>
        [.. plan.Steps.Select(s => s.Calls[0].Operation + " " + string.Join(" ", s.Calls[0].Parameters.Values))];

    [Fact]
    public async Task EnrichAsync_LiveDependencies_RemovedBeforeDeletionWithoutDuplicates()
    {
        var source = new ListedSource(
            new PrincipalDependencies(User)
            {
                LoginProfile = true, AccessKeyIds = ["AKIAI44QH8DHBEXAMPLE", "AKIAOLDERKEY00000001"],
                MfaSerials = [Mfa], AttachedPolicyArns = [Admin], InlinePolicyNames = ["extra"], Groups = ["ops"],
                SshPublicKeyIds = ["APKAEXAMPLE"],
            },
            new PrincipalDependencies(Role) { InstanceProfiles = ["ops-profile"], AttachedPolicyArns = [Admin] });

        var plan = await RevertDependencies.EnrichAsync(LogsPlan(), source, Clock, CancellationToken.None);

        var ops = Operations(plan);
        Assert.Equal([Role, User], source.Asked);
        Assert.Single(ops, o => o == "DeleteAccessKey backup-svc AKIAI44QH8DHBEXAMPLE");
        Assert.Single(ops, o => o == $"DetachUserPolicy backup-svc {Admin}");
        Assert.Single(ops, o => o == $"DetachRolePolicy ops-automation {Admin}");
        var deleteUser = ops.IndexOf("DeleteUser backup-svc");
        string[] userDependencies =
        [
            "DeleteLoginProfile backup-svc", "DeleteAccessKey backup-svc AKIAOLDERKEY00000001",
            $"DeactivateMFADevice backup-svc {Mfa}", $"DeleteVirtualMFADevice {Mfa}",
            "DeleteSSHPublicKey backup-svc APKAEXAMPLE", "DeleteUserPolicy backup-svc extra",
            "RemoveUserFromGroup backup-svc ops",
        ];
        Assert.All(userDependencies, d => Assert.InRange(ops.IndexOf(d), 0, deleteUser - 1));
        Assert.True(ops.IndexOf($"DeactivateMFADevice backup-svc {Mfa}")
            < ops.IndexOf($"DeleteVirtualMFADevice {Mfa}"));
        Assert.InRange(ops.IndexOf("RemoveRoleFromInstanceProfile ops-profile ops-automation"), 0,
            ops.IndexOf("DeleteRole ops-automation") - 1);
        Assert.Equal(Enumerable.Range(1, ops.Count).Select(i => $"revert-{i:00}"), plan.Steps.Select(s => s.Id));
        Assert.DoesNotContain(RevertDependencies.LogsOnlyAssumption, plan.Assumptions);
    }

    [Fact]
    public void Enrich_PrincipalGone_ItsStepsLeftOutWithNote()
    {
        var plan = RevertDependencies.Enrich(LogsPlan(),
            [new PrincipalDependencies(User) { Exists = false }, new PrincipalDependencies(Role)], Clock);

        Assert.DoesNotContain(plan.Steps, s => s.Calls[0].Parameters.GetValueOrDefault("UserName") == "backup-svc");
        Assert.Contains(plan.Steps, s => s.Calls[0].Operation == "DeleteRole");
        Assert.Contains(plan.Assumptions, a => a.StartsWith("User backup-svc no longer exists: its 3 steps",
            StringComparison.Ordinal));
    }

    [Fact]
    public void Enrich_DeniedList_NamedInAssumptionsAndOnTheDeletion()
    {
        var denied = "MFA devices (AccessDenied on iam:ListMFADevices)";
        var plan = RevertDependencies.Enrich(LogsPlan(),
            [new PrincipalDependencies(User) { Unlisted = [denied] }, new PrincipalDependencies(Role)], Clock);

        Assert.Contains(plan.Assumptions, a => a.Contains(denied, StringComparison.Ordinal)
            && a.Contains("user backup-svc", StringComparison.Ordinal));
        var deleteUser = plan.Steps.Single(s => s.Calls[0].Operation == "DeleteUser");
        Assert.Contains(denied, deleteUser.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Enrich_DetachFromKeptRoleAndDeletedUser_OnlyTheKeptOneHasUndo()
    {
        var logs = LogsPlan() with { Steps = [.. LogsPlan().Steps.Where(s => s.Calls[0].Operation != "DeleteRole")] };

        var plan = RevertDependencies.Enrich(logs, [new PrincipalDependencies(User)], Clock);

        var kept = plan.Steps.Single(s => s.Calls[0].Operation == "DetachRolePolicy");
        Assert.Equal("AttachRolePolicy", Assert.Single(kept.UndoCalls).Operation);
        Assert.Contains("iam:AttachRolePolicy", kept.IamActions);
        Assert.Empty(plan.Steps.Single(s => s.Calls[0].Operation == "DetachUserPolicy").UndoCalls);
    }

    [Fact]
    public void Enrich_ManagedPolicy_DetachedEverywhereAndVersionsDeletedFirst()
    {
        const string Arn = "arn:aws:iam::123456789012:policy/backdoor";
        var plan = new Plan { Title = "revert", Steps = [Step("DeletePolicy", ("PolicyArn", Arn))] };
        var listing = new PrincipalDependencies(new RevertPrincipal(PrincipalKind.Policy, Arn))
        {
            NonDefaultVersions = ["v1"], Entities = new PolicyEntitiesByName(["alice"], ["ops"], ["admins"]),
        };

        var ops = Operations(RevertDependencies.Enrich(plan, [listing], Clock));

        Assert.Equal([$"DetachUserPolicy alice {Arn}", $"DetachRolePolicy ops {Arn}",
            $"DetachGroupPolicy admins {Arn}", $"DeletePolicyVersion {Arn} v1", $"DeletePolicy {Arn}"], ops);
    }

    [Fact]
    public void Targets_IamRemovals_ReadAsAbsentResources()
    {
        var plan = RevertDependencies.Enrich(LogsPlan(), [new PrincipalDependencies(User) { LoginProfile = true },
            new PrincipalDependencies(Role)], Clock);

        var byOperation = plan.Steps.ToDictionary(s => s.Calls[0].Operation, s => s.Target);
        Assert.Equal(new ResourceKey(ResourceTypes.User, "backup-svc"), byOperation["DeleteUser"]!.Key);
        Assert.Equal(new ResourceKey(ResourceTypes.LoginProfile, "backup-svc"), byOperation["DeleteLoginProfile"]!.Key);
        Assert.Equal(new ResourceKey(ResourceTypes.AttachedPolicy, $"role|ops-automation|{Admin}"),
            byOperation["DetachRolePolicy"]!.Key);
        Assert.All(byOperation.Values, t => Assert.False(t!.Exists));
    }
}
