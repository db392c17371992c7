using System.Text.Json;
using AwsHarden.Cli.Commands;
using AwsHarden.Model;
using Spectre.Console.Cli;

namespace AwsHarden.Tests.Incident;

public class IncidentInvestigateCommandTests
{
    private static string Examples() => Path.Combine(TrailFixtures.RepoRoot(), "examples", "incident");

    private static Task<int> RunAsync(params string[] args)
    {
        var app = new CommandApp();
        app.Configure(c =>
        {
            c.PropagateExceptions();
            c.AddBranch("incident", b => b.AddCommand<IncidentInvestigateCommand>("investigate"));
        });
        // In process, the machine's own credentials would be found: the account context stays unread.
        return app.RunAsync(["incident", "investigate", "--offline", .. args]);
    }

    [Fact]
    public async Task Run_ExampleLogsAsJson_ShowsWholeChainAndBothPlans()
    {
        using var dir = new TempFolder();
        var output = Path.Combine(dir.Path, "report.json");

        var code = await RunAsync("--key", "AKIAIOSFODNN7EXAMPLE", "--logs", Examples(), "--format", "json",
            "--output", output);

        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(output));
        var ids = doc.RootElement.GetProperty("lineage").EnumerateArray().Select(n => n.GetProperty("id").GetString());
        Assert.Equal(["AKIAIOSFODNN7EXAMPLE", "user/backup-svc", "AKIAI44QH8DHBEXAMPLE", "console/backup-svc",
            "arn:aws:iam::111122223333:role/ops-automation", "ASIAY34FZKBOKMUTVV7A"], ids);
        var regions = doc.RootElement.GetProperty("timeline").EnumerateArray()
            .Where(t => t.GetProperty("eventName").GetString() == "RunInstances")
            .Where(t => !t.TryGetProperty("errorCode", out _))
            .Select(t => t.GetProperty("region").GetString());
        Assert.Equal(["us-east-1", "eu-west-1"], regions);
        Assert.True(doc.RootElement.GetProperty("containment").GetProperty("steps").GetArrayLength() > 3);
        Assert.True(doc.RootElement.GetProperty("revert").GetProperty("steps").GetArrayLength() > 5);
        Assert.Equal(1, doc.RootElement.GetProperty("read").GetProperty("digestFilesSkipped").GetInt32());
        Assert.DoesNotContain("FwoGZXIvYXdzEXAMPLETOKEN", await File.ReadAllTextAsync(output));
    }

    [Fact]
    public async Task Run_ExampleLogsAsMarkdown_HasSectionsForSupportCase()
    {
        using var dir = new TempFolder();
        var output = Path.Combine(dir.Path, "report.md");

        await RunAsync("--key", "AKIAIOSFODNN7EXAMPLE", "--logs", Examples(), "--format", "markdown",
            "--output", output);

        var md = await File.ReadAllTextAsync(output);
        Assert.Contains("## Credential lineage", md);
        // Every file is accounted for: 14 read + 1 digest + 1 other (make-examples.py) = the 16 found.
        Assert.Contains("Read: 14 files, 78 events, 0 broken, 1 digest, 0 Insights and 1 other (not CloudTrail) "
            + "files skipped", md);
        Assert.Contains("| ec2:ImportKeyPair |", md);
        Assert.Contains("maint (key-0a1b2c3d4e5f67890)", md);
        Assert.Contains("## Console sign-ins (1)", md);
        Assert.Contains("secretsmanager:GetSecretValue", md);
        Assert.Contains("Rotate Secrets Manager secret prod/db/master", md);
    }

    [Fact]
    public async Task Run_ExampleLogsAsTable_RendersWithoutError()
    {
        using var dir = new TempFolder();
        var output = Path.Combine(dir.Path, "report.txt");

        var code = await RunAsync("--key", "AKIAIOSFODNN7EXAMPLE", "--logs", Examples(), "--output", output);

        Assert.Equal(0, code);
        var text = await File.ReadAllTextAsync(output);
        Assert.Contains("ASIAY34FZKBOKMUTVV7A", text);
        Assert.Contains("TerminateInstances", text);
    }

    [Theory]
    [InlineData("--key", "not-a-key", "--logs", ".")]
    [InlineData("--key", "AKIAIOSFODNN7EXAMPLE")]
    [InlineData("--key", "AKIAIOSFODNN7EXAMPLE", "--logs", ".", "--format", "xml")]
    [InlineData("--key", "AKIAIOSFODNN7EXAMPLE", "--logs", ".", "--since", "soon")]
    [InlineData("--key", "AKIAIOSFODNN7EXAMPLE", "--logs", "/no/such/folder")]
    public async Task Run_UserMistake_ThrowsUserError(params string[] args)
    {
        await Assert.ThrowsAsync<UserErrorException>(() => RunAsync(args));
    }

    /// <summary>One file of <paramref name="count"/> PutObject calls made with the leaked key.</summary>
    private static string BusyKeyLogs(TempFolder dir, int count)
    {
        var records = new System.Text.StringBuilder("{\"Records\":[");
        for (var i = 0; i < count; i++)
        {
            if (i > 0) records.Append(',');
            records.Append($"{{\"eventTime\":\"2024-08-01T{i / 3600 % 24:00}:{i / 60 % 60:00}:{i % 60:00}Z\",")
                .Append("\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"PutObject\",\"readOnly\":false,")
                .Append("\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"203.0.113.9\",\"eventID\":")
                .Append($"\"busy-{i:000000}\",\"userIdentity\":{{\"type\":\"IAMUser\",\"userName\":\"ci\",")
                .Append("\"accessKeyId\":\"AKIAIOSFODNN7EXAMPLE\"},\"requestParameters\":")
                .Append($"{{\"bucketName\":\"b\",\"key\":\"k{i}\"}}}}");
        }
        dir.Write("busy.json", records.Append("]}").ToString());
        return dir.Path;
    }

    [Fact]
    public async Task Run_KeyWithMoreCallsThanOneRun_WritesTheWholeTimelineAndAShortTable()
    {
        using var logs = new TempFolder();
        using var dir = new TempFolder();
        var busy = BusyKeyLogs(logs, 33_000);
        var (json, table) = (Path.Combine(dir.Path, "report.json"), Path.Combine(dir.Path, "report.txt"));

        await RunAsync("--key", "AKIAIOSFODNN7EXAMPLE", "--logs", busy, "--format", "json", "--output", json);
        await RunAsync("--key", "AKIAIOSFODNN7EXAMPLE", "--logs", busy, "--output", table);

        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var timeline = doc.RootElement.GetProperty("timeline").EnumerateArray().ToList();
        Assert.Equal(33_000, timeline.Count);
        Assert.Equal("busy-000000", timeline[0].GetProperty("eventId").GetString());
        Assert.Equal("busy-032999", timeline[^1].GetProperty("eventId").GetString());
        Assert.Contains("32500 more (see --format json or markdown)", await File.ReadAllTextAsync(table));
    }
}
