using System.Text.Json.Nodes;
using AwsHarden.FakeAws;
using AwsHarden.FakeAws.State;
using AwsHarden.Tests.Cli;
using AwsHarden.Tests.Incident;

namespace AwsHarden.Tests.EndToEnd;

/// <summary><c>incident revert</c> run as a user would, on the IAM part of the example chain seeded into the
/// fake account, then run again and undone.</summary>
public sealed class IncidentRevertEndToEndTests : IDisposable
{
    private const string BackdoorKey = "AKIAI44QH8DHBEXAMPLE";
    private const string Admin = "arn:aws:iam::aws:policy/AdministratorAccess";
    private readonly string folder = Directory.CreateTempSubdirectory("awsharden-revert-e2e-").FullName;

    public IncidentRevertEndToEndTests()
    {
        // The IAM and STS records of the example trail only: the fake has no EC2 writes for the compute part.
        var records = ExampleTrail.Events().Select(e => JsonNode.Parse(e.Record)!)
            .Where(r => r["eventSource"]!.GetValue<string>() is "iam.amazonaws.com" or "sts.amazonaws.com"
                or "signin.amazonaws.com");
        Directory.CreateDirectory(Path.Combine(folder, "logs"));
        File.WriteAllText(Path.Combine(folder, "logs", "iam.json"),
            new JsonObject { ["Records"] = new JsonArray([.. records]) }.ToJsonString());
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>The account as the attacker left it, plus an MFA device the logs never show.</summary>
    private static FakeAccount ChainAccount()
    {
        var account = FakeAccounts.Healthy(accountId: ExampleTrail.Account);
        var created = DateTimeOffset.Parse("2024-08-01T09:03:00Z");
        var ci = account.AddUser("ci-deploy", created.AddDays(-300));
        ci.AccessKeys.Add(new FakeAccessKey
        {
            AccessKeyId = ExampleTrail.LeakedKey, CreateDate = created.AddDays(-300),
        });
        var backdoor = account.AddUser("backup-svc", created);
        backdoor.AccessKeys.Add(new FakeAccessKey { AccessKeyId = BackdoorKey, CreateDate = created.AddMinutes(1) });
        backdoor.LoginProfile = new FakeLoginProfile(created.AddMinutes(2));
        backdoor.AttachedPolicyArns.Add(Admin);
        backdoor.MfaDevices.Add(new FakeMfaDevice(account.IamArn("mfa/backup-svc"), true, created.AddMinutes(3)));
        var role = account.AddRole("ops-automation", "{\"Version\":\"2012-10-17\",\"Statement\":[]}");
        role.AttachedPolicyArns.Add(Admin);
        return account;
    }

    private Task<CliRunner.Result> RunAsync(FakeAwsServer server, params string[] args) =>
        CliRunner.RunAsync(args, server.ClientEnvironment(), folder, TimeSpan.FromMinutes(3));

    private string[] Revert(params string[] extra) =>
        ["incident", "revert", "--key", ExampleTrail.LeakedKey, "--logs", Path.Combine(folder, "logs"), .. extra];

    private static int Writes(FakeAwsServer server) => server.Calls.Snapshot().Count(c => c.ErrorCode is null
        && new[] { "Delete", "Detach", "Remove", "Deactivate", "Attach", "Create", "Add", "Put", "Update" }
            .Any(p => c.Operation.StartsWith(p, StringComparison.Ordinal)));

    [Fact]
    public async Task Revert_IamPartWithYes_UserRoleAndKeyGoneSecondRunNoWritesUndoLeavesThem()
    {
        await using var server = await FakeAwsServer.StartAsync(ChainAccount());

        var result = await RunAsync(server, Revert("--yes", "--journal", "revert.jsonl"));

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        lock (server.Account.Sync)
        {
            Assert.Null(server.Account.Iam.FindUser("backup-svc"));
            Assert.Null(server.Account.Iam.FindRole("ops-automation"));
            Assert.DoesNotContain(server.Account.Iam.Users.SelectMany(u => u.AccessKeys),
                k => k.AccessKeyId == BackdoorKey);
            Assert.Equal("Active", server.Account.Iam.FindUser("ci-deploy")!.AccessKeys[0].Status);
        }
        Assert.Contains("DeactivateMFADevice", result.Stdout);
        Assert.Contains("Summary: ", result.Stdout);
        Assert.Contains(" 0 failed, 0 not run.", result.Stdout);
        var writes = Writes(server);

        var again = await RunAsync(server, Revert("--yes", "--journal", "revert-again.jsonl"));

        Assert.True(again.ExitCode == 0, again.Stdout + again.Stderr);
        Assert.Equal(writes, Writes(server));
        Assert.Contains("no longer exists", again.Stdout);
        Assert.Contains("Nothing to revert", again.Stdout);

        var undo = await RunAsync(server, "fix", "undo", Path.Combine(folder, "revert.jsonl"), "--yes",
            "--undo-journal", "undo.jsonl");

        Assert.True(undo.ExitCode == 0, undo.Stdout + undo.Stderr);
        Assert.Contains("cannot be reversed", undo.Stdout);
        Assert.Equal(writes, Writes(server));
        lock (server.Account.Sync)
            Assert.Null(server.Account.Iam.FindUser("backup-svc"));
    }

    [Fact]
    public async Task Revert_UnattendedWithoutYes_ExitsTwoBeforeAnyCall()
    {
        await using var server = await FakeAwsServer.StartAsync(ChainAccount());

        var result = await RunAsync(server, Revert());

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--yes", result.Stderr);
        Assert.Contains("--dry-run", result.Stderr);
        Assert.Empty(server.Calls.Snapshot());
    }

    [Fact]
    public async Task Revert_JournalOfAnEarlierRun_ExitsTwoBeforeAnyCall()
    {
        await using var server = await FakeAwsServer.StartAsync(ChainAccount());
        File.WriteAllText(Path.Combine(folder, "old.jsonl"), "{}\n");

        var result = await RunAsync(server, Revert("--yes", "--journal", "old.jsonl"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("already records a run", result.Stderr);
        Assert.Empty(server.Calls.Snapshot());
    }

    [Fact]
    public async Task Revert_DryRunWithMfaListDenied_PlanNamesTheDeniedListAndChangesNothing()
    {
        await using var server = await FakeAwsServer.StartAsync(ChainAccount());
        server.Faults.Deny("iam:ListMFADevices");

        var result = await RunAsync(server, Revert("--dry-run", "-o", "plan.json"));

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.Contains("MFA devices (AccessDenied on iam:ListMFADevices)", result.Stdout);
        Assert.Contains("DeleteLoginProfile", result.Stdout);
        Assert.Equal(0, Writes(server));
        Assert.True(File.Exists(Path.Combine(folder, "plan.json")));
        lock (server.Account.Sync)
            Assert.NotNull(server.Account.Iam.FindUser("backup-svc"));
    }

    [Fact]
    public async Task Revert_DryRunPlanFile_AppliedByFixApplyOnItsAccountOnly()
    {
        await using var server = await FakeAwsServer.StartAsync(ChainAccount());
        var dry = await RunAsync(server, Revert("--dry-run", "-o", "plan.json"));
        Assert.True(dry.ExitCode == 0, dry.Stdout + dry.Stderr);
        Assert.Equal(0, Writes(server));

        var applied = await RunAsync(server, "fix", "apply", "plan.json", "--yes", "--journal", "apply.jsonl");

        Assert.True(applied.ExitCode is 0 or 1, applied.Stdout + applied.Stderr);
        Assert.DoesNotContain("does not declare", applied.Stderr);
        Assert.DoesNotContain("never calls", applied.Stderr);
        lock (server.Account.Sync)
        {
            Assert.Null(server.Account.Iam.FindUser("backup-svc"));
            Assert.Null(server.Account.Iam.FindRole("ops-automation"));
        }
    }
}
