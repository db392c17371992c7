namespace AwsHarden.Tests.Cli;

/// <summary>Failures a newcomer found in the commands that change an account: each is a user's mistake, caught
/// before any AWS call, with one line and exit code 2.</summary>
public sealed class NewCommandErrorTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("awsharden-newcmd-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static readonly Dictionary<string, string> Unreachable = new()
    {
        ["AWS_ACCESS_KEY_ID"] = "AKIAIOSFODNN7EXAMPLE",
        ["AWS_SECRET_ACCESS_KEY"] = "unused-because-nothing-listens-0000000000",
        ["AWS_REGION"] = "us-east-1",
        ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9",
    };

    private async Task<CliRunner.Result> RunAsync(params string[] args)
    {
        var result = await CliRunner.RunAsync(args, Unreachable, folder);
        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}: {result.Stderr}");
        Assert.Contains("error:", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
        return result;
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("no-such-folder/secret.txt")]
    public async Task KeysRotate_BadSecretFile_RefusedBeforeAnyCall(string secretFile)
    {
        var result = await RunAsync("keys", "rotate", "alice", "--yes", "--secret-file", secretFile);

        Assert.Contains("--secret-file", result.Stderr);
    }

    [Fact]
    public async Task KeysRotate_ExistingSecretFile_RefusedBeforeAnyCall()
    {
        await File.WriteAllTextAsync(Path.Combine(folder, "taken.txt"), "x");

        await RunAsync("keys", "rotate", "alice", "--yes", "--secret-file", "taken.txt");
    }

    [Theory]
    [InlineData("fix", "apply", "--yes", "--journal", ".")]
    [InlineData("fix", "apply", "--yes", "--journal", "")]
    [InlineData("fix", "apply", "--yes", "--journal", "no-such-folder/j.jsonl")]
    [InlineData("user", "offboard", "bob", "--yes", "--journal", ".")]
    public async Task Journal_BadPath_RefusedBeforeAnyCall(params string[] args)
    {
        var result = await RunAsync(args);

        Assert.Contains("--journal", result.Stderr);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("{\"schemaVersion\": 1, \"plan\": {\"title\": \"x\", \"steps\": null}}")]
    public async Task FixApply_DamagedPlan_NamesThePlanEvenWithoutYes(string content)
    {
        await File.WriteAllTextAsync(Path.Combine(folder, "plan.json"), content);

        var result = await RunAsync("fix", "apply", "plan.json");

        Assert.Contains("plan.json", result.Stderr);
    }

    [Fact]
    public async Task UserOffboard_AwsUnreachable_ExitsTwoSayingSo()
    {
        var result = await RunAsync("user", "offboard", "bob", "--yes");

        Assert.Contains("cannot reach AWS", result.Stderr);
    }

    [Fact]
    public async Task IncidentInvestigate_FolderWithoutCloudTrail_IsNotACleanResult()
    {
        var logs = Directory.CreateDirectory(Path.Combine(folder, "logs")).FullName;
        await File.WriteAllTextAsync(Path.Combine(logs, "other.json"), "{\"hello\": \"world\"}");

        var result = await RunAsync("incident", "investigate", "--key", "AKIAIOSFODNN7EXAMPLE", "--logs", logs);

        Assert.Contains("no CloudTrail record was read", result.Stderr);
    }

    [Theory]
    [InlineData("--bucket", "s3://b/p'q")]
    [InlineData("--bucket", "s3://Bad_Bucket!/x")]
    [InlineData("--regions", ",")]
    [InlineData("--first-day", "2999-01-01")]
    [InlineData("--accounts", "12345")]
    public async Task AthenaDdl_ValueThatWouldGoIntoSqlUnchecked_Refused(string option, string value)
    {
        string[] args = option == "--bucket"
            ? ["incident", "athena-ddl", option, value]
            : ["incident", "athena-ddl", "--bucket", "s3://trail-bucket/logs", option, value];

        var result = await RunAsync(args);

        Assert.Contains(option, result.Stderr);
    }

    [Theory]
    [InlineData("--user", "")]
    [InlineData("--user", "bad name!*")]
    [InlineData("--role", "notanarn")]
    public async Task IncidentInvestigate_BadPrincipal_Refused(string option, string value)
    {
        var result = await RunAsync("incident", "investigate", "--key", "AKIAIOSFODNN7EXAMPLE", option, value,
            "--logs", Path.Combine(RepoPaths.RequireRoot(), "examples", "incident"));

        Assert.Contains(option, result.Stderr);
    }

    [Fact]
    public async Task IamPolicyAll_CoversTheIncidentAndSecretsSources()
    {
        var result = await CliRunner.RunAsync(["iam-policy", "all"]);

        Assert.Equal(0, result.ExitCode);
        foreach (var action in new[] { "cloudtrail:LookupEvents", "s3:GetObject", "athena:StartQueryExecution",
                     "iam:GetAccessKeyLastUsed" })
        {
            Assert.Contains($"\"{action}\"", result.Stdout);
        }
    }
}
