using AwsHarden.FakeAws;
using AwsHarden.FakeAws.State;
using AwsHarden.Tests.Cli;
using AwsHarden.Tests.Incident;

namespace AwsHarden.Tests.EndToEnd;

/// <summary>The end-to-end test: <c>incident contain</c> then <c>incident revert</c> applied with the real
/// CLI to the whole example chain (IAM and compute) seeded into the fake endpoint, then the account checked.
/// </summary>
public sealed class IncidentChainEndToEndTests : IDisposable
{
    private const string BackdoorKey = FakeExamples.BackdoorKey;
    private readonly string folder = Directory.CreateTempSubdirectory("awsharden-chain-e2e-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private Task<CliRunner.Result> RunAsync(FakeAwsServer server, string command, string journal) =>
        CliRunner.RunAsync(["incident", command, "--key", ExampleTrail.LeakedKey, "--logs", ExampleTrail.Folder(),
            "--yes", "--journal", journal], server.ClientEnvironment(), folder, TimeSpan.FromMinutes(4));

    private static int Writes(FakeAwsServer server) => server.Calls.Snapshot().Count(c => c.ErrorCode is null
        && new[] { "Delete", "Detach", "Remove", "Deactivate", "Attach", "Create", "Put", "Update", "Terminate",
            "Revoke", "Authorize", "Run", "Import" }.Any(p => c.Operation.StartsWith(p, StringComparison.Ordinal)));

    [Fact]
    public async Task ContainThenRevert_WholeExampleChain_AccountCleanAndSecondRevertMakesNoWritesNorJournal()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeExamples.IncidentAccount());

        var contain = await RunAsync(server, "contain", "contain.jsonl");
        Assert.True(contain.ExitCode == 0, contain.Stdout + contain.Stderr);
        var revert = await RunAsync(server, "revert", "revert.jsonl");
        Assert.True(revert.ExitCode == 0, revert.Stdout + revert.Stderr);

        lock (server.Account.Sync)
        {
            var iam = server.Account.Iam;
            Assert.Equal("Inactive", iam.FindUser("ci-deploy")!.AccessKeys.Single().Status);
            Assert.Null(iam.FindUser("backup-svc"));
            Assert.Null(iam.FindRole("ops-automation"));
            Assert.DoesNotContain(iam.Users.SelectMany(u => u.AccessKeys), k => k.AccessKeyId == BackdoorKey);
            Assert.Equal(6, server.Account.Instances.Count(i => i.InstanceType == "p3.16xlarge"));
            Assert.All(server.Account.Instances.Where(i => i.InstanceType == "p3.16xlarge"),
                i => Assert.Equal("terminated", i.State));
            Assert.Contains(server.Account.Instances, i => i.Region == "eu-west-1");
            // Their root volumes went with them, as EC2 does for volumes made at launch.
            Assert.DoesNotContain(server.Account.Volumes, v => v.DeleteOnTermination);
            Assert.DoesNotContain(server.Account.SecurityGroups.SelectMany(g => g.Rules),
                r => r.SecurityGroupRuleId == "sgr-0fedcba9876543210");
            Assert.DoesNotContain(server.Account.KeyPairs, k => k.KeyName == "maint");
        }
        // The session deny went on the role while it existed; the revert then deleted the role with it.
        Assert.Contains(server.Calls.For("iam:PutRolePolicy"), c => c.ErrorCode is null);
        Assert.Contains(" 0 failed, 0 not run.", revert.Stdout);
        var writes = Writes(server);
        var before = server.Calls.Snapshot().Count;

        var again = await RunAsync(server, "revert", "revert-again.jsonl");

        Assert.True(again.ExitCode == 0, again.Stdout + again.Stderr);
        // Every step reads its resource first (EC2 instances, key pair and rule too) and skips what is done.
        Assert.Equal(writes, Writes(server));
        Assert.Contains(server.Calls.Snapshot().Skip(before), c => c.Operation == "DescribeKeyPairs");
        // Case 009: every step was already done, so no journal is left or offered to keep.
        Assert.Contains("already done (skipped)", again.Stdout);
        Assert.Contains("No journal was written: nothing was changed.", again.Stderr);
        Assert.DoesNotContain("keep it", again.Stderr);
        Assert.False(File.Exists(Path.Combine(folder, "revert-again.jsonl")));
        Assert.True(File.Exists(Path.Combine(folder, "revert.jsonl")));
        lock (server.Account.Sync)
            Assert.All(server.Account.Instances.Where(i => i.InstanceType == "p3.16xlarge"),
                i => Assert.Equal("terminated", i.State));
    }

    [Fact]
    public async Task UndoOfContainAfterRevert_GoneKeyNotedAndTheRestUndone()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeExamples.IncidentAccount());
        Assert.Equal(0, (await RunAsync(server, "contain", "contain.jsonl")).ExitCode);
        Assert.Equal(0, (await RunAsync(server, "revert", "revert.jsonl")).ExitCode);

        var undo = await CliRunner.RunAsync(["fix", "undo", Path.Combine(folder, "contain.jsonl"), "--yes"],
            server.ClientEnvironment(), folder, TimeSpan.FromMinutes(3));

        // The revert deleted the attacker's key: nothing to turn back on, and no reason to stop there.
        Assert.True(undo.ExitCode == 0, undo.Stdout + undo.Stderr);
        Assert.Contains($"Already gone: iam:access-key-id backup-svc|{BackdoorKey} no longer exists", undo.Stdout);
        Assert.DoesNotContain("fix plan", undo.Stdout + undo.Stderr);
        Assert.Contains("Done: 1 step applied.", undo.Stdout);

        // Every write of the revert was a deletion: nothing to call, and the output says why, not "no change".
        var undoRevert = await CliRunner.RunAsync(["fix", "undo", Path.Combine(folder, "revert.jsonl"), "--yes"],
            server.ClientEnvironment(), folder, TimeSpan.FromMinutes(3));
        Assert.True(undoRevert.ExitCode == 0, undoRevert.Stdout + undoRevert.Stderr);
        Assert.Contains("Nothing awsharden can undo: the changes this journal records cannot be reversed by API",
            undoRevert.Stdout);
        Assert.Contains("No step to apply.", undoRevert.Stdout);
        Assert.DoesNotContain("Manual steps above", undoRevert.Stdout);
        lock (server.Account.Sync)
            Assert.Equal("Active", server.Account.Iam.FindUser("ci-deploy")!.AccessKeys.Single().Status);
    }
}
