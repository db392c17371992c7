using System.Text.Json;
using AwsHarden.FakeAws;
using AwsHarden.FakeAws.Protocol;
using AwsHarden.FakeAws.State;
using AwsHarden.Incident;
using AwsHarden.Remediation;
using AwsHarden.Tests.Cli;
using AwsHarden.Tests.Incident;

namespace AwsHarden.Tests.EndToEnd;

/// <summary><c>incident contain</c> on the example chain against the fake endpoint holding the chain's IAM
/// state, then <c>fix undo</c> of its journal.</summary>
public sealed class IncidentContainEndToEndTests : IDisposable
{
    internal const string BackdoorKey = "AKIAI44QH8DHBEXAMPLE";
    /// <summary>A key of the attacker's user made before the logs' window: only the account shows it.</summary>
    internal const string UnloggedKey = "AKIAUNLOGGEDBACKDOOR";
    /// <summary>A second key of the leaked key's own user, perhaps a real one.</summary>
    internal const string OtherCiKey = "AKIACIDEPLOYSECOND01";
    private const string Role = "ops-automation";
    private readonly string folder = Directory.CreateTempSubdirectory("awsharden-contain-e2e-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>The account as the attacker left it: the leaked key's user, the created user with its key and
    /// console password, and the created role.</summary>
    internal static FakeAccount ChainAccount()
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
        account.AddRole(Role, "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:user/backup-svc\"},\"Action\":\"sts:AssumeRole\"}]}");
        return account;
    }

    private Task<CliRunner.Result> RunAsync(FakeAwsServer server, params string[] args) =>
        CliRunner.RunAsync(args, server.ClientEnvironment(), folder, TimeSpan.FromMinutes(3));

    private static string KeyStatus(FakeAwsServer server, string user, string key)
    {
        lock (server.Account.Sync)
            return server.Account.Iam.FindUser(user)!.AccessKeys.Single(k => k.AccessKeyId == key).Status;
    }

    private static Dictionary<string, string> RolePolicies(FakeAwsServer server)
    {
        lock (server.Account.Sync)
            return new(server.Account.Iam.Roles.Single(r => r.Name == Role).InlinePolicies);
    }

    private static DateTimeOffset TokenIssueTime(string document)
    {
        using var json = JsonDocument.Parse(document);
        var statement = json.RootElement.GetProperty("Statement")[0];
        Assert.Equal("Deny", statement.GetProperty("Effect").GetString());
        return DateTimeOffset.Parse(statement.GetProperty("Condition").GetProperty("DateLessThan")
            .GetProperty("aws:TokenIssueTime").GetString()!);
    }

    [Fact]
    public async Task Contain_ExampleChainWithYes_KeysInactiveRoleDeniedAndUndoRestores()
    {
        await using var server = await FakeAwsServer.StartAsync(ChainAccount());
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        var result = await RunAsync(server, "incident", "contain", "--key", ExampleTrail.LeakedKey,
            "--logs", ExampleTrail.Folder(), "--yes", "--journal", "contain.jsonl");

        var after = DateTimeOffset.UtcNow.AddSeconds(1);
        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.Equal("Inactive", KeyStatus(server, "ci-deploy", ExampleTrail.LeakedKey));
        Assert.Equal("Inactive", KeyStatus(server, "backup-svc", BackdoorKey));
        var deny = RolePolicies(server)[ContainmentPlanner.RevokePolicyName];
        Assert.InRange(TokenIssueTime(deny), before, after);
        // backup-svc was created by the attacker, who set its password: removed, so no new sign-in passes the deny.
        lock (server.Account.Sync)
            Assert.Null(server.Account.Iam.FindUser("backup-svc")!.LoginProfile);
        Assert.Single(server.Calls.For("iam:DeleteLoginProfile"), c => c.ErrorCode is null);

        var undo = await RunAsync(server, "fix", "undo", Path.Combine(folder, "contain.jsonl"), "--yes");

        Assert.True(undo.ExitCode == 0, undo.Stdout + undo.Stderr);
        Assert.Equal("Active", KeyStatus(server, "ci-deploy", ExampleTrail.LeakedKey));
        Assert.Equal("Active", KeyStatus(server, "backup-svc", BackdoorKey));
        Assert.DoesNotContain(ContainmentPlanner.RevokePolicyName, RolePolicies(server).Keys);
    }

    /// <summary>Case 007: the undo plan of a containment says, above its steps, that it turns the leaked key and
    /// the attacker's key back on and lifts the session denies.</summary>
    [Fact]
    public async Task Undo_OfContainJournal_PlanWarnsFirstThatItReenablesTheLeakedKeysAndLiftsTheDenies()
    {
        await using var server = await FakeAwsServer.StartAsync(ChainAccount());
        Assert.Equal(0, (await RunAsync(server, "incident", "contain", "--key", ExampleTrail.LeakedKey,
            "--logs", ExampleTrail.Folder(), "--yes", "--journal", "contain.jsonl")).ExitCode);

        var undo = await RunAsync(server, "fix", "undo", "contain.jsonl", "--yes", "--undo-journal", "undo.jsonl");

        Assert.True(undo.ExitCode == 0, undo.Stdout + undo.Stderr);
        var warning = undo.Stdout.IndexOf("**WARNING: this undo re-opens a contained incident:",
            StringComparison.Ordinal);
        Assert.InRange(warning, 0, undo.Stdout.IndexOf("## undo-01", StringComparison.Ordinal));
        var line = undo.Stdout[warning..undo.Stdout.IndexOf('\n', warning)];
        Assert.Contains($"{ExampleTrail.LeakedKey} of user ci-deploy (the leaked key)", line);
        Assert.Contains($"{BackdoorKey} of user backup-svc (derived from {ExampleTrail.LeakedKey})", line);
        Assert.Contains("user backup-svc, role ops-automation", line);
    }

    [Fact]
    public async Task Contain_InterruptedRunResumedWithItsJournal_FinishesWithoutRepeatingWrites()
    {
        await using var server = await FakeAwsServer.StartAsync(ChainAccount());
        string[] args = ["incident", "contain", "--key", ExampleTrail.LeakedKey, "--logs", ExampleTrail.Folder(),
            "--yes", "--journal", "contain.jsonl"];
        Assert.Equal(0, (await RunAsync(server, args)).ExitCode);
        var writes = server.Calls.For("iam:UpdateAccessKey").Count + server.Calls.For("iam:PutRolePolicy").Count;
        Interrupt(Path.Combine(folder, "contain.jsonl"));

        // The same journal: every finished step is skipped, so the deny keeps its first cut-off.
        var again = await RunAsync(server, args);

        Assert.True(again.ExitCode == 0, again.Stdout + again.Stderr);
        Assert.Equal(writes,
            server.Calls.For("iam:UpdateAccessKey").Count + server.Calls.For("iam:PutRolePolicy").Count);
    }

    [Fact]
    public async Task Contain_FinishedRunsJournalGivenAgainAfterAnUndo_RefusedSoTheKeyIsNotLeftActiveBehindADone()
    {
        await using var server = await FakeAwsServer.StartAsync(ChainAccount());
        string[] args = ["incident", "contain", "--key", ExampleTrail.LeakedKey, "--logs", ExampleTrail.Folder(),
            "--yes", "--journal", "contain.jsonl"];
        Assert.Equal(0, (await RunAsync(server, args)).ExitCode);
        Assert.Equal(0, (await RunAsync(server, "fix", "undo", Path.Combine(folder, "contain.jsonl"), "--yes"))
            .ExitCode);
        var writes = server.Calls.For("iam:UpdateAccessKey").Count;

        var again = await RunAsync(server, args);

        Assert.Equal(2, again.ExitCode);
        Assert.Contains("records a containment run that finished", again.Stderr);
        Assert.DoesNotContain("Done:", again.Stdout);
        Assert.Equal(writes, server.Calls.For("iam:UpdateAccessKey").Count);
        Assert.Equal("Active", KeyStatus(server, "ci-deploy", ExampleTrail.LeakedKey));
    }

    /// <summary>Makes a journal look like its run was cut off before its last step's end was written.</summary>
    private static void Interrupt(string journal)
    {
        var lines = File.ReadAllLines(journal).ToList();
        var records = lines.Select(l => PlanJson.ReadJournalLine(l, journal)).ToList();
        var last = records.FindLastIndex(r => r.Event == JournalEvent.Started);
        var stepId = records[last].StepId;
        lines.RemoveAt(records.FindLastIndex(r => r.Event == JournalEvent.Finished && r.StepId == stepId));
        File.WriteAllLines(journal, lines);
    }

    [Fact]
    public async Task Contain_SecondRunNewJournal_CutOffMovesAndUndoPutsTheFirstBack()
    {
        await using var server = await FakeAwsServer.StartAsync(ChainAccount());
        string[] contain = ["incident", "contain", "--key", ExampleTrail.LeakedKey, "--logs", ExampleTrail.Folder(),
            "--yes", "--journal"];
        Assert.Equal(0, (await RunAsync(server, [.. contain, "first.jsonl"])).ExitCode);
        var first = TokenIssueTime(RolePolicies(server)[ContainmentPlanner.RevokePolicyName]);
        await Task.Delay(TimeSpan.FromSeconds(1.1));

        var second = await RunAsync(server, [.. contain, "second.jsonl"]);

        Assert.True(second.ExitCode == 0, second.Stdout + second.Stderr);
        Assert.True(TokenIssueTime(RolePolicies(server)[ContainmentPlanner.RevokePolicyName]) > first);

        var undo = await RunAsync(server, "fix", "undo", Path.Combine(folder, "second.jsonl"), "--yes");

        Assert.True(undo.ExitCode == 0, undo.Stdout + undo.Stderr);
        Assert.Equal(first, TokenIssueTime(RolePolicies(server)[ContainmentPlanner.RevokePolicyName]));
    }

    [Fact]
    public async Task Contain_UnattendedWithoutYes_ExitsTwoBeforeAnyCall()
    {
        await using var server = await FakeAwsServer.StartAsync(ChainAccount());

        var result = await RunAsync(server, "incident", "contain", "--key", ExampleTrail.LeakedKey,
            "--logs", ExampleTrail.Folder());

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--yes", result.Stderr);
        Assert.Empty(server.Calls.Snapshot());
        Assert.Equal("Active", KeyStatus(server, "ci-deploy", ExampleTrail.LeakedKey));
    }

    [Fact]
    public async Task Contain_CredentialsOfAnotherAccount_ExitsTwoNamingBothAndChangesNothing()
    {
        var other = FakeAccounts.Healthy();
        other.AddUser("ci-deploy", DateTimeOffset.Parse("2024-01-01T00:00:00Z")).AccessKeys.Add(
            new FakeAccessKey { AccessKeyId = ExampleTrail.LeakedKey, CreateDate = DateTimeOffset.UnixEpoch });
        await using var server = await FakeAwsServer.StartAsync(other);

        var result = await RunAsync(server, "incident", "contain", "--key", ExampleTrail.LeakedKey,
            "--logs", ExampleTrail.Folder(), "--yes", "--journal", "contain.jsonl");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("the logs are of account 111122223333 but the credentials are for 123456789012",
            result.Stderr);
        Assert.Empty(server.Calls.For("iam:UpdateAccessKey"));
        Assert.Equal("Active", KeyStatus(server, "ci-deploy", ExampleTrail.LeakedKey));
        Assert.False(File.Exists(Path.Combine(folder, "contain.jsonl")));
        Assert.DoesNotContain("keep it", result.Stderr);
    }

    [Fact]
    public async Task Contain_AttackerUserAlreadyDeleted_StepNotedAndTheRestApplied()
    {
        var account = ChainAccount();
        account.Iam.Users.RemoveAll(u => u.Name == "backup-svc");
        await using var server = await FakeAwsServer.StartAsync(account);

        var result = await RunAsync(server, "incident", "contain", "--key", ExampleTrail.LeakedKey,
            "--logs", ExampleTrail.Folder(), "--yes", "--journal", "contain.jsonl");

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.Contains("Already gone", result.Stdout);
        // The password step of the deleted user too, not an API step expecting a password that cannot be there.
        Assert.Contains("Manual: Already gone: Remove the console password of backup-svc", result.Stdout);
        Assert.Equal("Inactive", KeyStatus(server, "ci-deploy", ExampleTrail.LeakedKey));
        Assert.Contains(ContainmentPlanner.RevokePolicyName, RolePolicies(server).Keys);
        Assert.Contains("keep it", result.Stderr);
    }

    [Fact]
    public async Task Contain_KeyOfCreatedUserNotInLogs_DeactivatedAndUndoRestores()
    {
        var account = ChainAccount();
        account.Iam.FindUser("backup-svc")!.AccessKeys.Add(new FakeAccessKey
        {
            AccessKeyId = UnloggedKey, CreateDate = DateTimeOffset.Parse("2024-07-20T00:00:00Z"),
        });
        await using var server = await FakeAwsServer.StartAsync(account);

        var result = await RunAsync(server, "incident", "contain", "--key", ExampleTrail.LeakedKey,
            "--logs", ExampleTrail.Folder(), "--yes", "--journal", "contain.jsonl");

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.Contains($"Deactivate access key {UnloggedKey} of user backup-svc", result.Stdout);
        Assert.Contains("found in the account, not in the logs", result.Stdout);
        Assert.Equal("Inactive", KeyStatus(server, "backup-svc", UnloggedKey));
        Assert.Equal("Inactive", KeyStatus(server, "backup-svc", BackdoorKey));
        Assert.DoesNotContain("The account was not read", result.Stdout);

        var undo = await RunAsync(server, "fix", "undo", Path.Combine(folder, "contain.jsonl"), "--yes");

        Assert.True(undo.ExitCode == 0, undo.Stdout + undo.Stderr);
        Assert.Equal("Active", KeyStatus(server, "backup-svc", UnloggedKey));
    }

    [Fact]
    public async Task Contain_UnloggedKeyDeactivatedThenSameJournal_SecondRunSeesTheSamePlanAndChangesNothing()
    {
        var account = ChainAccount();
        account.Iam.FindUser("backup-svc")!.AccessKeys.Add(new FakeAccessKey
        {
            AccessKeyId = UnloggedKey, CreateDate = DateTimeOffset.Parse("2024-07-20T00:00:00Z"),
        });
        await using var server = await FakeAwsServer.StartAsync(account);
        string[] args = ["incident", "contain", "--key", ExampleTrail.LeakedKey, "--logs", ExampleTrail.Folder(),
            "--yes", "--journal", "contain.jsonl"];
        Assert.Equal(0, (await RunAsync(server, args)).ExitCode);
        var writes = server.Calls.For("iam:UpdateAccessKey").Count;
        Interrupt(Path.Combine(folder, "contain.jsonl"));

        // The key is Inactive now, so only the journal says its step was in the plan.
        var again = await RunAsync(server, args);

        Assert.True(again.ExitCode == 0, again.Stdout + again.Stderr);
        Assert.Contains($"Deactivate access key {UnloggedKey} of user backup-svc", again.Stdout);
        Assert.Equal(writes, server.Calls.For("iam:UpdateAccessKey").Count);
        Assert.Equal("Inactive", KeyStatus(server, "backup-svc", UnloggedKey));
    }

    [Fact]
    public async Task Contain_SecondKeyOfTheLeakedKeysUser_ManualStepNamingItAndItStaysActive()
    {
        var account = ChainAccount();
        account.Iam.FindUser("ci-deploy")!.AccessKeys.Add(new FakeAccessKey
        {
            AccessKeyId = OtherCiKey, CreateDate = DateTimeOffset.Parse("2024-03-05T00:00:00Z"),
            LastUsedDate = DateTimeOffset.Parse("2024-07-30T06:15:00Z"), LastUsedService = "s3",
            LastUsedRegion = "eu-west-1",
        });
        await using var server = await FakeAwsServer.StartAsync(account);

        var result = await RunAsync(server, "incident", "contain", "--key", ExampleTrail.LeakedKey,
            "--logs", ExampleTrail.Folder(), "--yes", "--journal", "contain.jsonl");

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.Contains($"Check access key {OtherCiKey} of user ci-deploy, left Active", result.Stdout);
        Assert.Contains("made 2024-03-05, last used 2024-07-30 06:15Z (s3 in eu-west-1)", result.Stdout);
        Assert.Equal("Active", KeyStatus(server, "ci-deploy", OtherCiKey));
        Assert.Equal("Inactive", KeyStatus(server, "ci-deploy", ExampleTrail.LeakedKey));
        Assert.Single(server.Calls.For("iam:GetAccessKeyLastUsed"));
    }

    [Fact]
    public async Task Contain_ListAccessKeysDeniedWhileReading_LogsPlanAppliedAndTheDeniedReadNamed()
    {
        await using var server = await FakeAwsServer.StartAsync(ChainAccount());
        // Only the reads before the plan are refused; the state reads of apply, later, are allowed.
        var refused = 0;
        server.Faults.Hook("iam:ListAccessKeys", _ =>
        {
            if (Interlocked.Increment(ref refused) <= 2)
                throw new AwsErrorException("AccessDenied", "not authorized to perform: iam:ListAccessKeys",
                    System.Net.HttpStatusCode.Forbidden);
        });

        var result = await RunAsync(server, "incident", "contain", "--key", ExampleTrail.LeakedKey,
            "--logs", ExampleTrail.Folder(), "--yes", "--journal", "contain.jsonl");

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.Contains("Not read for user ci-deploy: access keys (AccessDenied on iam:ListAccessKeys)",
            result.Stdout);
        Assert.Contains("Not read for user backup-svc: access keys (AccessDenied on iam:ListAccessKeys)",
            result.Stdout);
        Assert.Contains("(4 IAM calls): console password of backup-svc; MFA devices of backup-svc.", result.Stdout);
        Assert.DoesNotContain("access keys of", result.Stdout);
        Assert.Equal("Inactive", KeyStatus(server, "ci-deploy", ExampleTrail.LeakedKey));
        Assert.Equal("Inactive", KeyStatus(server, "backup-svc", BackdoorKey));
        lock (server.Account.Sync)
            Assert.Null(server.Account.Iam.FindUser("backup-svc")!.LoginProfile);
    }
}
