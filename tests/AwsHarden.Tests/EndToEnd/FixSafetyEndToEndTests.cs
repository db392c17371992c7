using System.Text.Json.Nodes;
using AwsHarden.FakeAws;
using AwsHarden.Tests.Cli;
using AwsHarden.Tests.Remediation;

namespace AwsHarden.Tests.EndToEnd;

/// <summary>What 'fix apply', its journal and key rotation refuse before changing anything: a plan of another
/// account or an edited plan, a journal of another run, the key the tool itself runs with.</summary>
public sealed class FixSafetyEndToEndTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("awsharden-fix-safety-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private Task<CliRunner.Result> RunAsync(FakeAwsServer server, params string[] args) =>
        CliRunner.RunAsync(args, server.ClientEnvironment(), folder, TimeSpan.FromMinutes(3));

    private static List<string> Writes(FakeAwsServer server) =>
        server.Calls.Snapshot().Where(c => !FakeFixHarness.IsRead(c.Operation)).Select(c => c.IamAction).ToList();

    private async Task<string> PlanAsync(FakeAwsServer server, Func<JsonNode, JsonNode>? snapshotEdit = null)
    {
        var collected = await RunAsync(server, "collect", "-o", "snap.json", "--regions", "us-east-1");
        Assert.True(collected.ExitCode == 0, collected.Stderr);
        var snapshot = Path.Combine(folder, "snap.json");
        if (snapshotEdit is not null)
            File.WriteAllText(snapshot, snapshotEdit(JsonNode.Parse(File.ReadAllText(snapshot))!).ToJsonString());
        var planned = await RunAsync(server, "fix", "plan", "--snapshot", "snap.json", "-o", "plan.json");
        Assert.True(planned.ExitCode == 0, planned.Stderr);
        server.Calls.Clear();
        return Path.Combine(folder, "plan.json");
    }

    private static List<(string Id, string Status)> Keys(FakeAwsServer server, string user)
    {
        lock (server.Account.Sync)
        {
            return server.Account.Iam.FindUser(user)!.AccessKeys.Select(k => (k.AccessKeyId, k.Status)).ToList();
        }
    }

    [Fact]
    public async Task FixApply_DemoPlan_ExitsTwoBeforeAnyChange()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Misconfigured());
        Assert.Equal(0, (await RunAsync(server, "fix", "plan", "--demo", "-o", "demo.json")).ExitCode);

        var result = await RunAsync(server, "fix", "apply", "demo.json", "--yes", "--regions", "us-east-1");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("example account", result.Stderr);
        Assert.Empty(Writes(server));
    }

    [Fact]
    public async Task FixApply_PlanOfAnotherAccount_ExitsTwoNamingBothAccounts()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Misconfigured());
        await PlanAsync(server, snapshot =>
        {
            snapshot["accountId"] = "999988887777";
            return snapshot;
        });

        var result = await RunAsync(server, "fix", "apply", "plan.json", "--yes", "--regions", "us-east-1");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is for account 999988887777 but the credentials are for 123456789012", result.Stderr);
        Assert.Empty(Writes(server));
    }

    [Theory]
    [InlineData("calls", "cloudtrail", "StopLogging", "cloudtrail:StopLogging")]
    [InlineData("undoCalls", "cloudtrail", "DeleteTrail", "cloudtrail:DeleteTrail")]
    public async Task FixApply_StepCallsWhatItDoesNotDeclare_ExitsTwoBeforeAnyChange(string list, string service,
        string operation, string action)
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Misconfigured());
        var path = await PlanAsync(server);
        var plan = JsonNode.Parse(File.ReadAllText(path))!;
        var step = plan["plan"]!["steps"]!.AsArray().First(s => (string?)s!["kind"] == "Api")!;
        var call = step[list]?.AsArray().FirstOrDefault() ?? step["calls"]!.AsArray()[0]!;
        step[list] = new JsonArray(new JsonObject
        {
            ["service"] = service, ["operation"] = operation, ["region"] = call["region"]?.DeepClone(),
            ["parameters"] = call["parameters"]!.DeepClone(),
        });
        File.WriteAllText(path, plan.ToJsonString());

        var result = await RunAsync(server, "fix", "apply", "plan.json", "--yes", "--regions", "us-east-1");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{(string?)step["id"]} ", result.Stderr);
        Assert.Contains(action, result.Stderr);
        Assert.Empty(Writes(server));
    }

    [Fact]
    public async Task FixApply_PlanParameterEdited_ExitsTwoSayingItChanged()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Misconfigured());
        var path = await PlanAsync(server);
        var plan = JsonNode.Parse(File.ReadAllText(path))!;
        var step = plan["plan"]!["steps"]!.AsArray().First(s => (string?)s!["kind"] == "Api")!;
        var parameters = step["calls"]![0]!["parameters"]!.AsObject();
        parameters[parameters.First().Key] = "someone-elses-resource";
        File.WriteAllText(path, plan.ToJsonString());

        var result = await RunAsync(server, "fix", "apply", "plan.json", "--yes", "--regions", "us-east-1");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("was changed after it was written", result.Stderr);
        Assert.Empty(Writes(server));
    }

    [Fact]
    public async Task FixApply_JournalOfAFinishedRotation_ExitsTwoAndLeavesTheJournalAlone()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Misconfigured());
        await PlanAsync(server);
        var rotated = await RunAsync(server, "keys", "rotate", "deploy", "--secret-file", "deploy.ini", "--yes",
            "--journal", "ops.jsonl");
        Assert.True(rotated.ExitCode == 0, rotated.Stderr);
        var journal = File.ReadAllText(Path.Combine(folder, "ops.jsonl"));
        server.Calls.Clear();

        var result = await RunAsync(server, "fix", "apply", "plan.json", "--yes", "--journal", "ops.jsonl",
            "--regions", "us-east-1");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("ops.jsonl is the journal of an earlier run ('Rotate the access key of deploy')",
            result.Stderr);
        Assert.Equal(journal, File.ReadAllText(Path.Combine(folder, "ops.jsonl")));
        Assert.Empty(Writes(server));
    }

    [Fact]
    public async Task KeysRotate_OwnKey_KeepsItActiveThenDeactivateOldWithTheNewKeyRetiresIt()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Misconfigured());
        var ownKey = server.Account.Caller.AccessKeyId;

        var rotated = await RunAsync(server, "keys", "rotate", "auditor", "--secret-file", "auditor.ini", "--yes");

        Assert.True(rotated.ExitCode == 0, rotated.Stdout + rotated.Stderr);
        Assert.Contains("--deactivate-old", rotated.Stderr);
        Assert.Contains((ownKey, "Active"), Keys(server, "auditor"));
        Assert.Equal(2, Keys(server, "auditor").Count(k => k.Status == "Active"));

        var refused = await RunAsync(server, "keys", "rotate", "auditor", "--deactivate-old", "--yes");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains((ownKey, "Active"), Keys(server, "auditor"));

        var lines = File.ReadAllLines(Path.Combine(folder, "auditor.ini")).Select(l => l.Split(" = "))
            .Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        var environment = new Dictionary<string, string>(server.ClientEnvironment())
        {
            ["AWS_ACCESS_KEY_ID"] = lines["aws_access_key_id"],
            ["AWS_SECRET_ACCESS_KEY"] = lines["aws_secret_access_key"],
        };
        var retired = await CliRunner.RunAsync(["keys", "rotate", "auditor", "--deactivate-old", "--yes"],
            environment, folder);

        Assert.True(retired.ExitCode == 0, retired.Stdout + retired.Stderr);
        Assert.Contains((ownKey, "Inactive"), Keys(server, "auditor"));
        Assert.Contains((lines["aws_access_key_id"], "Active"), Keys(server, "auditor"));
    }

    [Fact]
    public async Task UserOffboard_OwnKey_ExitsTwoBeforeAnyChange()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Misconfigured());

        var result = await RunAsync(server, "user", "offboard", "auditor", "--yes");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is the key awsharden is running with", result.Stderr);
        Assert.Empty(Writes(server));
    }
}
