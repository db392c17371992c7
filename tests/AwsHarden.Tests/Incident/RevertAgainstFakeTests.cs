using AwsHarden.Aws.Clients;
using AwsHarden.FakeAws;
using AwsHarden.FakeAws.State;
using AwsHarden.Incident;
using AwsHarden.Model;
using AwsHarden.Remediation;
using AwsHarden.Tests.Remediation;
using Microsoft.Extensions.Time.Testing;

namespace AwsHarden.Tests.Incident;

/// <summary>Dependencies listed from the fake IAM and the revert applied through the AWS executor. The fake
/// answers DeleteConflict while a user or role still has anything, so a wrong order fails here.</summary>
public class RevertAgainstFakeTests
{
    private const string Admin = "arn:aws:iam::aws:policy/AdministratorAccess";
    private static readonly FakeTimeProvider Clock = new(DateTimeOffset.Parse("2025-02-01T08:00:00Z"));

    private static FakeAccount Account()
    {
        var account = FakeAccounts.Healthy();
        var user = account.AddUser("backup-svc");
        account.AddAccessKey(user, DateTimeOffset.Parse("2024-08-01T09:04:00Z"));
        user.LoginProfile = new FakeLoginProfile(DateTimeOffset.Parse("2024-08-01T09:05:00Z"));
        user.AttachedPolicyArns.Add(Admin);
        user.InlinePolicies["extra"] = "{\"Version\":\"2012-10-17\",\"Statement\":[]}";
        user.MfaDevices.Add(new FakeMfaDevice(account.IamArn("mfa/backup-svc"), true, DateTimeOffset.UnixEpoch));
        user.SshPublicKeyIds.Add("APKAEXAMPLE00000001");
        account.AddGroup("ops-team", "backup-svc");
        var role = account.AddRole("ops-automation", "{}");
        role.AttachedPolicyArns.Add(Admin);
        role.InstanceProfiles.Add("ops-profile");
        return account;
    }

    // Only the user's and role's deletion, as if the logs had shown nothing else.
    private static Plan Deletions() => new()
    {
        Title = "revert",
        Steps =
        [
            new PlanStep { Id = "", Title = "DeleteRole", Kind = PlanStepKind.Api,
                Calls = [new ApiCall { Service = "iam", Operation = "DeleteRole",
                    Parameters = new Dictionary<string, string> { ["RoleName"] = "ops-automation" } }] },
            new PlanStep { Id = "", Title = "DeleteUser", Kind = PlanStepKind.Api,
                Calls = [new ApiCall { Service = "iam", Operation = "DeleteUser",
                    Parameters = new Dictionary<string, string> { ["UserName"] = "backup-svc" } }] },
        ],
    };

    [Fact]
    public async Task Apply_EnrichedFromLiveAccount_UserAndRoleDeletedSecondRunNoWrites()
    {
        await using var harness = await FakeFixHarness.StartAsync(await FakeAwsServer.StartAsync(Account()));
        var source = new LiveRevertDependencies(new IamClient(harness.Session));
        var plan = await RevertDependencies.EnrichAsync(Deletions(), source, Clock, CancellationToken.None);
        plan = plan with { Steps = [.. plan.Steps.Select(s => s with { Target = RevertTargets.Of(s.Calls[0]) })] };

        var applied = await harness.ApplyAsync(plan, new MemoryJournal());

        Assert.True(applied.Completed, applied.StopReason);
        var account = harness.Server.Account;
        lock (account.Sync)
        {
            Assert.Null(account.Iam.FindUser("backup-svc"));
            Assert.Null(account.Iam.FindRole("ops-automation"));
            Assert.Empty(account.Iam.UnassignedVirtualMfaSerials);
        }
        Assert.DoesNotContain(harness.Server.Calls.Snapshot(), c => c.ErrorCode == "DeleteConflict");

        harness.Server.Calls.Clear();
        var again = await harness.ApplyAsync(plan, new MemoryJournal());
        var replanned = await RevertDependencies.EnrichAsync(Deletions(), source, Clock, CancellationToken.None);

        Assert.True(again.Completed, again.StopReason);
        Assert.Contains(again.Steps, s => s.Outcome == StepOutcome.AlreadyDone);
        Assert.DoesNotContain(harness.Server.Calls.Snapshot(), c => c.ErrorCode is null && IsWrite(c.Operation));
        Assert.Empty(replanned.Steps);
        Assert.Contains(replanned.Assumptions, a => a.StartsWith("User backup-svc no longer exists",
            StringComparison.Ordinal));
    }

    private static bool IsWrite(string operation) =>
        new[] { "Delete", "Detach", "Remove", "Deactivate" }
            .Any(p => operation.StartsWith(p, StringComparison.Ordinal));

    [Fact]
    public async Task Apply_WithoutEnrichment_DeleteUserFailsWithDeleteConflict()
    {
        await using var harness = await FakeFixHarness.StartAsync(await FakeAwsServer.StartAsync(Account()));

        var applied = await harness.ApplyAsync(Deletions() with
        {
            Steps = [.. Deletions().Steps.Select((s, i) => s with { Id = $"s{i}" })],
        }, new MemoryJournal());

        Assert.False(applied.Completed);
        Assert.Contains("DeleteConflict", applied.StopReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAsync_DeniedMfaList_NamedAndOtherListsStillRead()
    {
        await using var harness = await FakeFixHarness.StartAsync(await FakeAwsServer.StartAsync(Account()));
        harness.Server.Faults.Deny("iam:ListMFADevices");
        var source = new LiveRevertDependencies(new IamClient(harness.Session));

        var listed = await source.ListAsync(new RevertPrincipal(PrincipalKind.User, "backup-svc"), default);

        Assert.Equal("MFA devices (AccessDenied on iam:ListMFADevices)", Assert.Single(listed.Unlisted));
        Assert.Empty(listed.MfaSerials);
        Assert.Single(listed.AccessKeyIds);
        Assert.True(listed.LoginProfile);
        Assert.Equal(["ops-team"], listed.Groups);
    }

    [Fact]
    public async Task ListAsync_UserGone_ReportedAsNotExisting()
    {
        await using var harness = await FakeFixHarness.StartAsync(await FakeAwsServer.StartAsync(Account()));
        var source = new LiveRevertDependencies(new IamClient(harness.Session));

        var listed = await source.ListAsync(new RevertPrincipal(PrincipalKind.User, "nobody"), default);

        Assert.False(listed.Exists);
    }
}
