using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using AwsHarden.Cli.Commands;
using AwsHarden.Incident;
using AwsHarden.Model;
using Spectre.Console.Cli;

namespace AwsHarden.Tests.Incident;

/// <summary>Reports that could look cleaner than the account is: a late window, a broken file, the same event
/// read twice, and attacker-chosen text in the logs.</summary>
public class InvestigationHonestyTests
{
    private const string Leaked = ExampleTrail.LeakedKey;

    private static Task<int> RunAsync(params string[] args)
    {
        var app = new CommandApp();
        app.Configure(c =>
        {
            c.PropagateExceptions();
            c.AddBranch("incident", b => b.AddCommand<IncidentInvestigateCommand>("investigate"));
        });
        return app.RunAsync(["incident", "investigate", "--offline", .. args]);
    }

    private static JsonElement Json(string path) => JsonDocument.Parse(File.ReadAllText(path)).RootElement;

    private static IEnumerable<string> Steps(JsonElement report, string plan) => report.GetProperty(plan)
        .GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("title").GetString()!);

    [Fact]
    public async Task Run_SinceAfterLeakedKeysLastUse_FollowsWhatItDerivedBefore()
    {
        using var dir = new TempFolder();
        var output = Path.Combine(dir.Path, "r.json");

        var code = await RunAsync("--key", Leaked, "--logs", ExampleTrail.Folder(),
            "--since", "2024-08-01T09:10:00Z", "--format", "json", "--output", output);

        Assert.Equal(0, code);
        var report = Json(output);
        var ids = report.GetProperty("lineage").EnumerateArray().Select(n => n.GetProperty("id").GetString());
        Assert.Contains("AKIAI44QH8DHBEXAMPLE", ids);
        Assert.Contains("ASIAY34FZKBOKMUTVV7A", ids);
        Assert.Contains(Steps(report, "revert"), s => s.Contains("i-0ee55ff66aa77bb80", StringComparison.Ordinal));
        Assert.Contains(Steps(report, "containment"),
            s => s.Contains("AKIAI44QH8DHBEXAMPLE", StringComparison.Ordinal));
        var warnings = report.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()!).ToList();
        Assert.Contains(warnings, w => w.StartsWith(Leaked + " made no call", StringComparison.Ordinal));
        // Only the window's actions are listed: the 09:03 CreateUser is not in the timeline.
        Assert.DoesNotContain(report.GetProperty("timeline").EnumerateArray(),
            t => t.GetProperty("eventName").GetString() == "CreateUser");
    }

    [Theory]
    [InlineData("2024-08-01T23:00:00Z")]
    [InlineData("9999-12-31T23:59:59Z")]
    public async Task Run_WindowWithNoEventOfTheLineage_ExitsTwoAndSaysToWiden(string since)
    {
        using var dir = new TempFolder();
        var output = Path.Combine(dir.Path, "r.json");

        var error = await Assert.ThrowsAsync<UserErrorException>(() => RunAsync("--key", Leaked, "--logs",
            ExampleTrail.Folder(), "--since", since, "--format", "json", "--output", output));

        Assert.Contains("window", error.Message);
        Assert.Contains("widen --since", error.Hint);
        Assert.Contains(Json(output).GetProperty("warnings").EnumerateArray(),
            w => w.GetString()!.Contains("not a clean result", StringComparison.Ordinal));
    }

    /// <summary>Case 002: a key one character off the leaked one appears in no event. The report says so at the
    /// top and the run exits 2, instead of a clean-looking report with exit 0.</summary>
    [Theory]
    [InlineData("AKIAIOSFODNN7EXAMPLF")]
    [InlineData("AKIAZZZZZZZZZZZZZZZZ")]
    public async Task Run_KeyInNoEvent_WarnsItWasNotSeenAndExitsTwo(string key)
    {
        using var dir = new TempFolder();
        var output = Path.Combine(dir.Path, "r.json");

        var error = await Assert.ThrowsAsync<UserErrorException>(() => RunAsync("--key", key, "--logs",
            ExampleTrail.Folder(), "--format", "json", "--output", output));

        Assert.Contains("not a clean result", error.Message);
        Assert.Contains("check the key id", error.Hint);
        var report = Json(output);
        Assert.StartsWith($"Key {key} was not seen in the 78 events read in 14 files of logs",
            report.GetProperty("warnings")[0].GetString());
    }

    /// <summary>The example trail with its eu-west-1 file (the attacker's two instances there) cut short.</summary>
    private static string TruncatedCopy(TempFolder dir)
    {
        var copy = Path.Combine(dir.Path, "mix");
        foreach (var file in Directory.EnumerateFiles(ExampleTrail.Folder(), "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(copy, Path.GetRelativePath(ExampleTrail.Folder(), file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            var bytes = File.ReadAllBytes(file);
            if (file.Contains("eu-west-1_20240801T0915Z", StringComparison.Ordinal)) bytes = bytes[..^30];
            File.WriteAllBytes(to, bytes);
        }
        return copy;
    }

    [Theory]
    [InlineData("json")]
    [InlineData("markdown")]
    [InlineData("table")]
    public async Task Run_TruncatedFile_SaysIncompleteAtTheTopAndExitsTwo(string format)
    {
        using var dir = new TempFolder();
        var output = Path.Combine(dir.Path, "report");

        var error = await Assert.ThrowsAsync<UserErrorException>(() => RunAsync("--key", Leaked, "--logs",
            TruncatedCopy(dir), "--format", format, "--output", output));

        Assert.Contains("incomplete", error.Message);
        var text = await File.ReadAllTextAsync(output);
        if (format == "json")
        {
            Assert.False(Json(output).GetProperty("complete").GetBoolean());
            Assert.StartsWith("INCOMPLETE", Json(output).GetProperty("warnings")[0].GetString());
        }
        else
        {
            var warning = text.IndexOf("INCOMPLETE", StringComparison.Ordinal);
            Assert.InRange(warning, 0, text.IndexOf("Credential lineage", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Run_CompleteRead_IsMarkedComplete()
    {
        using var dir = new TempFolder();
        var output = Path.Combine(dir.Path, "r.json");

        await RunAsync("--key", Leaked, "--logs", ExampleTrail.Folder(), "--format", "json", "--output", output);

        Assert.True(Json(output).GetProperty("complete").GetBoolean());
        Assert.Equal(0, Json(output).GetProperty("warnings").GetArrayLength());
    }

    /// <summary>The example's events again, as <c>aws cloudtrail lookup-events</c> writes them.</summary>
    private static string LookupExport(TempFolder dir)
    {
        var events = new JsonArray();
        foreach (var file in Directory.EnumerateFiles(ExampleTrail.Folder(), "*.json.gz", SearchOption.AllDirectories))
        {
            using var gz = new GZipStream(File.OpenRead(file), CompressionMode.Decompress);
            if (JsonNode.Parse(gz)?["Records"] is not JsonArray records) continue;
            foreach (var r in records)
            {
                events.Add(new JsonObject
                {
                    ["EventId"] = r!["eventID"]?.GetValue<string>(), ["EventName"] = r["eventName"]!.GetValue<string>(),
                    ["CloudTrailEvent"] = r.ToJsonString(),
                });
            }
        }
        return dir.Write("lookup.json", new JsonObject { ["Events"] = events }.ToJsonString());
    }

    [Fact]
    public async Task Run_SameEventsFromTwoSources_CountsAndRevertsEachOnce()
    {
        using var dir = new TempFolder();
        var (once, twice) = (Path.Combine(dir.Path, "once.json"), Path.Combine(dir.Path, "twice.json"));
        await RunAsync("--key", Leaked, "--logs", ExampleTrail.Folder(), "--format", "json", "--output", once);

        await RunAsync("--key", Leaked, "--logs", ExampleTrail.Folder(), "--logs", LookupExport(dir),
            "--format", "json", "--output", twice);

        var (a, b) = (Json(once), Json(twice));
        Assert.Equal(Steps(a, "revert"), Steps(b, "revert"));
        Assert.Equal(a.GetProperty("timeline").GetArrayLength(), b.GetProperty("timeline").GetArrayLength());
        Assert.Equal(a.GetProperty("credentials")[0].GetProperty("eventCount").GetInt64(),
            b.GetProperty("credentials")[0].GetProperty("eventCount").GetInt64());
        Assert.True(b.GetProperty("read").GetProperty("duplicateEventsIgnored").GetInt64() > 0);
    }

    [Fact]
    public async Task Run_FolderAndItsSubfolder_ReadsEachFileOnce()
    {
        using var dir = new TempFolder();
        var output = Path.Combine(dir.Path, "r.json");

        await RunAsync("--key", Leaked, "--logs", ExampleTrail.Folder(), "--logs",
            Path.Combine(ExampleTrail.Folder(), "AWSLogs"), "--format", "json", "--output", output);

        var files = Directory.EnumerateFiles(ExampleTrail.Folder(), "*", SearchOption.AllDirectories).Count();
        var read = Json(output).GetProperty("read");
        Assert.True(read.GetProperty("filesRead").GetInt32() + read.GetProperty("digestFilesSkipped").GetInt32()
            + read.GetProperty("otherFilesSkipped").GetInt32() <= files);
    }

    [Fact]
    public void Report_SameEventWithoutIdTwice_CountsItOnce()
    {
        var e = new CloudTrailEvent
        {
            EventTime = DateTimeOffset.Parse("2024-08-01T09:00:00Z"), EventName = "ListUsers",
            EventSource = "iam.amazonaws.com", UserIdentity = new UserIdentity { AccessKeyId = Leaked },
        };
        var seeds = new LineageSeeds { AccessKeyIds = [Leaked] };
        var lineage = LineageBuilder.Build(seeds, []);

        using var report = new IncidentInvestigator(TimeProvider.System).Report(new InvestigationRequest
        {
            Seeds = seeds,
        }, lineage, [e, e with { }, e with { EventTime = e.EventTime.AddSeconds(1) }], new ReadSummary());

        Assert.Equal(2, report.Credentials[0].EventCount);
        Assert.Equal(1, report.Read.DuplicateEventsIgnored);
    }

    /// <summary>Four events of a leaked key whose user agent and a planted user name carry terminal escape
    /// sequences and Markdown.</summary>
    private static string PlantedTrail(TempFolder dir)
    {
        var who = TrailFixtures.User("ci", Leaked);
        var evil = "bob | [click](http://evil.example) `x`\n# Injected <b>";
        var create = TrailFixtures.Event("2024-08-01T09:11:00Z", "iam", "CreateUser", who,
            new JsonObject { ["userName"] = evil },
            new JsonObject { ["user"] = new JsonObject { ["userName"] = evil } });
        var list = TrailFixtures.Event("2024-08-01T09:12:00Z", "iam", "ListUsers", who);
        list["userAgent"] = "\u001b]0;PWNED-TITLE\u0007\u001b[2J\u001b[31mRED\u009b";
        return dir.Write("trail.json", TrailFixtures.Records(create, list));
    }

    [Fact]
    public async Task Run_EscapeSequencesInLogs_NeverReachTheTable()
    {
        using var dir = new TempFolder();
        var output = Path.Combine(dir.Path, "r.txt");

        await RunAsync("--key", Leaked, "--logs", PlantedTrail(dir), "--output", output);

        var text = await File.ReadAllTextAsync(output);
        Assert.DoesNotContain(text, c => c == '\u001b' || c == '\u0007' || c == '\u009b');
        Assert.Contains("\\x1b]0;PWNED", text);
        Assert.DoesNotContain(text.Split('\n'), l => l.StartsWith("# Injected", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_MarkdownInLogs_CannotAddHeadingsLinksOrCells()
    {
        using var dir = new TempFolder();
        var output = Path.Combine(dir.Path, "r.md");

        await RunAsync("--key", Leaked, "--logs", PlantedTrail(dir), "--format", "markdown", "--output", output);

        var lines = (await File.ReadAllTextAsync(output)).Split('\n');
        Assert.DoesNotContain(lines,
            l => l.Contains('\u001b') || l.StartsWith("# Injected", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("<b>", StringComparison.Ordinal) && !l.Contains('`'));
        // Every table row keeps its seven cells: a planted pipe is escaped.
        var rows = lines.Where(l => l.StartsWith('|') && l.Contains("bob", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Equal(8, r.Replace("\\|", "").Count(c => c == '|')));
    }

    [Theory]
    [InlineData("a`b", "``a`b``")]
    [InlineData("`x", "`` `x ``")]
    [InlineData("a``b`c", "```a``b`c```")]
    [InlineData("l1\nl2\u001b", "`l1\\nl2\\x1b`")]
    public void Code_AnyText_StaysOneSpan(string text, string expected) =>
        Assert.Equal(expected, LogText.Code(text));

    [Fact]
    public void Markdown_LinkAndHtml_AreEscaped() =>
        Assert.Equal("\\[a\\](http://x) \\<b\\> a\\|b \\`c\\`", LogText.Markdown("[a](http://x) <b> a|b `c`"));
}
