using AwsHarden.Aws;
using AwsHarden.FakeAws;
using AwsHarden.Tests.Cli;

namespace AwsHarden.Tests.EndToEnd;

/// <summary>'keys rotate' and 'user offboard' as a user runs them, against the fake AWS endpoint.</summary>
public sealed class FixCredentialsEndToEndTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("awsharden-keys-e2e-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private Task<CliRunner.Result> RunAsync(FakeAwsServer server, params string[] args) =>
        CliRunner.RunAsync(args, server.ClientEnvironment(), folder);

    private static List<(string Id, string Status)> Keys(FakeAwsServer server, string user)
    {
        lock (server.Account.Sync)
        {
            return server.Account.Iam.FindUser(user)!.AccessKeys.Select(k => (k.AccessKeyId, k.Status)).ToList();
        }
    }

    [Fact]
    public async Task KeysRotate_SecretFile_NewKeyWorksOldKeyInactiveSecretOnlyInTheFile()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Misconfigured());
        var oldKey = Assert.Single(Keys(server, "deploy")).Id;

        var result = await RunAsync(server, "keys", "rotate", "deploy", "--yes", "--secret-file", "deploy.ini");

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        var path = Path.Combine(folder, "deploy.ini");
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        var lines = File.ReadAllLines(path).Select(l => l.Split(" = ")).Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1]);
        var secret = lines["aws_secret_access_key"];
        var journal = Assert.Single(Directory.GetFiles(folder, "awsharden-journal-*.jsonl"));
        Assert.DoesNotContain(secret, result.Stdout + result.Stderr + File.ReadAllText(journal));
        Assert.Contains((oldKey, "Inactive"), Keys(server, "deploy"));
        Assert.Contains((lines["aws_access_key_id"], "Active"), Keys(server, "deploy"));
        var endpoint = server.Endpoint.ToString();
        using var session = AwsSession.Create(new AwsCredentials(lines["aws_access_key_id"], secret), "us-east-1",
            new AwsSessionSettings { Environment = n => n == AwsEndpoints.GlobalVariable ? endpoint : null });
        var identity = await session.GetCallerIdentityAsync(CancellationToken.None);
        Assert.EndsWith(":user/deploy", identity.Arn);

        var undo = await RunAsync(server, "fix", "undo", journal, "--yes");

        Assert.True(undo.ExitCode == 0, undo.Stdout + undo.Stderr);
        Assert.Equal([(oldKey, "Active")], Keys(server, "deploy"));
    }

    [Fact]
    public async Task KeysRotate_OutputRedirectedWithoutSecretFile_ExitsTwoBeforeAnyCall()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Misconfigured());

        var result = await RunAsync(server, "keys", "rotate", "deploy", "--yes");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--secret-file", result.Stderr);
        Assert.Empty(server.Calls.Snapshot());
    }

    [Fact]
    public async Task UserOffboard_Yes_KeysInactivePasswordGoneUserKept()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Misconfigured());

        var result = await RunAsync(server, "user", "offboard", "former-employee", "--yes");

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.All(Keys(server, "former-employee"), k => Assert.Equal("Inactive", k.Status));
        lock (server.Account.Sync)
        {
            var user = server.Account.Iam.FindUser("former-employee");
            Assert.NotNull(user);
            Assert.Null(user.LoginProfile);
        }

        Assert.Contains("Cannot be undone", result.Stdout);
    }
}
