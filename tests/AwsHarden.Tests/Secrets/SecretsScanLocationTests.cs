using System.Text.Json;
using System.Text.Json.Nodes;
using AwsHarden.Cli.Commands;
using AwsHarden.Model;
using AwsHarden.Reports;
using AwsHarden.Secrets;
using Spectre.Console.Cli;

namespace AwsHarden.Tests.Secrets;

/// <summary>Session 2 cases 010, 011 and 020: where a key is reported, and what each location holds.</summary>
public sealed class SecretsScanLocationTests
{
    private static readonly DateTimeOffset Day1 = new(2024, 5, 2, 8, 0, 0, TimeSpan.Zero);

    private static Task<int> Run(params string[] args)
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.PropagateExceptions();
            config.AddBranch("secrets", secrets => secrets.AddCommand<SecretsScanCommand>("scan"));
        });
        return app.RunAsync(args);
    }

    private static JsonElement ReadJson(string file) => JsonDocument.Parse(File.ReadAllText(file)).RootElement;

    private static string Pair(string keyId = TestKeys.KeyId, string secret = TestKeys.Secret) =>
        $"[default]\naws_access_key_id = {keyId}\naws_secret_access_key = {secret}\n";

    // Case 020: the secret in env.sh made presigned.txt (key id only) a High "with its secret" too.
    [Fact]
    public async Task Scan_SecretInOneFileKeyIdInAnother_SeverityAndSecretPerLocation()
    {
        using var folder = new TempFolder();
        folder.Write("tree/env.sh", $"export AWS_ACCESS_KEY_ID={TestKeys.KeyId} "
            + $"AWS_SECRET_ACCESS_KEY={TestKeys.Secret}\n");
        folder.Write("tree/presigned.txt", $"https://b.s3.amazonaws.com/x?AWSAccessKeyId={TestKeys.KeyId}&Expires=1\n");
        var output = Path.Combine(folder.Path, "report.json");

        var exit = await Run("secrets", "scan", Path.Combine(folder.Path, "tree"), "--format", "json", "-o", output);

        Assert.Equal(SecretsScanCommand.ExitKeyFound, exit);
        var locations = ReadJson(output).GetProperty("findings")[0].GetProperty("locations").EnumerateArray()
            .ToDictionary(l => l.GetProperty("path").GetString()!);
        Assert.Equal("High", locations["env.sh"].GetProperty("severity").GetString());
        Assert.True(locations["env.sh"].GetProperty("secretHere").GetBoolean());
        Assert.Equal("Low", locations["presigned.txt"].GetProperty("severity").GetString());
        Assert.False(locations["presigned.txt"].GetProperty("secretHere").GetBoolean());
    }

    [Fact]
    public void Build_KeyIdOnlyLocationOfAPair_KeyIdRuleWarningAndNoSecretInMessage()
    {
        var hits = new[]
        {
            Hit(new DetectedKey(TestKeys.KeyId, new SecretText(TestKeys.Secret), null, 1, 1), "env.sh"),
            Hit(new DetectedKey(TestKeys.KeyId, null, null, 1, 30), "presigned.txt"),
        };

        var results = SarifWriter.Build(LeakedKeyFindings.FromHits(hits), "1.0.0")["runs"]![0]!["results"]!.AsArray();

        var idOnly = results.Single(r => Uri(r) == "presigned.txt")!;
        Assert.Equal(SecretRules.KeyIdRuleId, idOnly["ruleId"]!.GetValue<string>());
        Assert.Equal("warning", idOnly["level"]!.GetValue<string>());
        Assert.DoesNotContain("with its secret", idOnly["message"]!["text"]!.GetValue<string>(),
            StringComparison.Ordinal);
        var pair = results.Single(r => Uri(r) == "env.sh")!;
        Assert.Equal("error", pair["level"]!.GetValue<string>());
    }

    // Case 011: 'scan src --format sarif' gave uri "creds.ini", a file code scanning cannot find.
    [Fact]
    public void Build_BaseFolderAboveTheScannedRoot_UriFromTheBaseWithSrcRoot()
    {
        var hits = new[] { Hit(new DetectedKey(TestKeys.KeyId, null, null, 2, 1), "creds.ini", "/repo/src") };

        var run = SarifWriter.Build(LeakedKeyFindings.FromHits(hits), "1.0.0", baseFolder: "/repo")["runs"]![0]!;

        var artifact = run["results"]![0]!["locations"]![0]!["physicalLocation"]!["artifactLocation"]!;
        Assert.Equal("src/creds.ini", artifact["uri"]!.GetValue<string>());
        Assert.Equal("%SRCROOT%", artifact["uriBaseId"]!.GetValue<string>());
        Assert.Equal("file:///repo/", run["originalUriBaseIds"]!["%SRCROOT%"]!["uri"]!.GetValue<string>());
    }

    [Fact]
    public void Build_KeyInArchiveMemberOfFileWithBang_UriIsTheArchiveFile()
    {
        var key = new DetectedKey(TestKeys.KeyId, null, null, 2, 1) { Member = "inner.zip!creds.ini" };
        var hits = new[] { Hit(key, key.PathIn("a!b.tar"), "/repo/src") };

        var run = SarifWriter.Build(LeakedKeyFindings.FromHits(hits), "1.0.0", baseFolder: "/repo")["runs"]![0]!;

        Assert.Equal("src/a!b.tar", System.Uri.UnescapeDataString(Uri(run["results"]![0]!)));
    }

    [Fact]
    public void Build_FileOutsideBaseFolder_AbsoluteFileUri()
    {
        var hits = new[] { Hit(new DetectedKey(TestKeys.KeyId, null, null, 2, 1), "creds.ini", "/elsewhere") };

        var run = SarifWriter.Build(LeakedKeyFindings.FromHits(hits), "1.0.0", baseFolder: "/repo")["runs"]![0]!;

        Assert.Equal("file:///elsewhere/creds.ini", Uri(run["results"]![0]!));
    }

    [Fact]
    public async Task Scan_TwoFoldersEachWithAKey_LocationsShownUnderTheirPath()
    {
        using var folder = new TempFolder();
        folder.Write("a/creds.ini", Pair());
        folder.Write("b/creds.ini", Pair());
        var (a, b) = (Path.Combine(folder.Path, "a"), Path.Combine(folder.Path, "b"));
        var hits = new List<SecretHit>();

        hits.AddRange(await new FolderSource(new()).ScanAsync(a, CancellationToken.None));
        hits.AddRange(await new FolderSource(new()).ScanAsync(b, CancellationToken.None));

        var shown = LeakedKeyFindings.FromHits(hits).Single().Locations.Select(l => l.Shown).ToList();
        Assert.Equal([$"{a}/creds.ini", $"{b}/creds.ini"], shown);
    }

    [Fact]
    public async Task Scan_SameFileReachedThreeTimes_ReportedOnce()
    {
        using var folder = new TempFolder();
        folder.Write("a/creds.ini", Pair());
        var a = Path.Combine(folder.Path, "a");
        var output = Path.Combine(folder.Path, "report.json");

        await Run("secrets", "scan", a, Path.Combine(a, "creds.ini"), a + "/", "--format", "json", "-o", output);

        var locations = ReadJson(output).GetProperty("findings")[0].GetProperty("locations");
        Assert.Equal(1, locations.GetArrayLength());
    }

    // Case 010: the superproject's history holds only a gitlink, so the submodule's leak was never read.
    [Fact]
    public async Task ScanHistory_Submodule_NamedUnreadableAndExit2()
    {
        using var folder = new TempFolder();
        var lib = Path.Combine(folder.Path, "lib");
        folder.Shell("git init -q lib && git init -q app");
        var libRepo = new TempFolderAt(lib);
        File.WriteAllText(Path.Combine(lib, "c.ini"), Pair());
        libRepo.Commit("key");
        var app = Path.Combine(folder.Path, "app");
        new TempFolderAt(app).Run("-c", "protocol.file.allow=always", "submodule", "add", "-q", lib, "lib");
        new TempFolderAt(app).Commit("sub");
        var output = Path.Combine(folder.Path, "report.json");

        var error = await Assert.ThrowsAsync<UserErrorException>(() =>
            Run("secrets", "scan", app, "--history", "--format", "json", "-o", output));

        Assert.Contains("incomplete", error.Message, StringComparison.Ordinal);
        var unreadable = ReadJson(output).GetProperty("unreadable")[0];
        Assert.Equal(Path.Combine(app, "lib"), unreadable.GetProperty("path").GetString());
        Assert.Contains("submodule", unreadable.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    private static SecretHit Hit(DetectedKey key, string path, string root = "/r") => new(key, new SecretLocation
    {
        Kind = SecretSourceKind.File, Root = root, Path = path, Line = key.Line, Column = key.Column,
    });

    private static string Uri(JsonNode? result) =>
        result!["locations"]![0]!["physicalLocation"]!["artifactLocation"]!["uri"]!.GetValue<string>();

    /// <summary>Git in an existing folder, with the fixed identity the other history tests use.</summary>
    private sealed class TempFolderAt(string path)
    {
        public void Run(params string[] args)
        {
            var start = new System.Diagnostics.ProcessStartInfo("git")
            {
                WorkingDirectory = path,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var arg in args)
                start.ArgumentList.Add(arg);
            start.Environment["GIT_AUTHOR_NAME"] = start.Environment["GIT_COMMITTER_NAME"] = "Test Author";
            start.Environment["GIT_AUTHOR_EMAIL"] = start.Environment["GIT_COMMITTER_EMAIL"] = "a@example.com";
            start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
            start.Environment["HOME"] = path;
            using var process = System.Diagnostics.Process.Start(start)!;
            var error = process.StandardError.ReadToEnd();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"git failed: {error}");
        }

        public void Commit(string message)
        {
            Run("add", "-A");
            Run("commit", "-q", "-m", message, "--date", Day1.ToString("O"));
        }
    }
}
