using AwsHarden.FakeAws;
using AwsHarden.Tests.Cli;

namespace AwsHarden.Tests.EndToEnd;

/// <summary>Credentials reach the tool through profiles and credential_process, as with the AWS CLI.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // credential_process script is a shell script
public sealed class CredentialSourceTests : IDisposable
{
    private readonly string home = Directory.CreateTempSubdirectory("awsharden-home-").FullName;

    public void Dispose() => Directory.Delete(home, recursive: true);

    private Dictionary<string, string> Env(FakeAwsServer server) => new()
    {
        ["AWS_CONFIG_FILE"] = Path.Combine(home, "config"),
        ["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(home, "credentials"),
        ["HOME"] = home,
        ["AWS_ENDPOINT_URL"] = server.Endpoint.ToString().TrimEnd('/'),
    };

    [Fact]
    public async Task Whoami_ProfileFromCredentialsFile_UsesThatProfile()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Healthy());
        var caller = server.Account.Caller;
        await File.WriteAllTextAsync(Path.Combine(home, "config"), "[profile dev]\nregion = eu-west-1\n");
        await File.WriteAllTextAsync(Path.Combine(home, "credentials"),
            $"[dev]\naws_access_key_id = {caller.AccessKeyId}\naws_secret_access_key = {caller.SecretAccessKey}\n");

        var result = await CliRunner.RunAsync(["whoami", "--profile", "dev"], Env(server));

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains(caller.Arn, result.Stdout);
        Assert.Contains("dev", result.Stdout);
        Assert.Contains("eu-west-1", result.Stdout);
        Assert.DoesNotContain(caller.SecretAccessKey, result.Stdout + result.Stderr);
    }

    [Fact]
    public async Task Whoami_CredentialProcessProfile_RunsTheProcess()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Healthy());
        var caller = server.Account.Caller;
        var script = Path.Combine(home, "creds.sh");
        await File.WriteAllTextAsync(script,
            "#!/bin/sh\necho '{\"Version\": 1, \"AccessKeyId\": \"" + caller.AccessKeyId +
            "\", \"SecretAccessKey\": \"" + caller.SecretAccessKey + "\"}'\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await File.WriteAllTextAsync(Path.Combine(home, "config"),
            $"[profile proc]\ncredential_process = {script}\nregion = us-east-1\n");

        var result = await CliRunner.RunAsync(["whoami", "--profile", "proc"], Env(server));

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains(caller.Arn, result.Stdout);
        Assert.Contains("credential_process", result.Stdout);
    }

    [Theory]
    [InlineData("[profile broken\nregion = x\n", "malformed")]
    [InlineData("[profile other]\nregion = us-east-1\n", "'nosuch' was not found")]
    [InlineData("[profile nosuch]\nsso_start_url = https://example.awsapps.com/start\nsso_region = us-east-1\n" +
                "sso_account_id = 123456789012\nsso_role_name = Admin\nregion = us-east-1\n", "aws sso login")]
    public async Task Whoami_BadProfile_ExitsTwoWithOneLine(string config, string expected)
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Healthy());
        await File.WriteAllTextAsync(Path.Combine(home, "config"), config);

        var result = await CliRunner.RunAsync(["whoami", "--profile", "nosuch"], Env(server));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    private const string LeakySecret = "Zq8xT3pLm9Vb2Nc7Rk4Wd1Hs6Jf0Gy5Ua/Ei+Oo3";

    // Cases 004, 006, 007: broken credential setups are the user's to fix, and their text may hold a secret.
    [Theory]
    [InlineData("credentials",
        "[p]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key " + LeakySecret + "\n", "line 3")]
    [InlineData("config", "[profile p]\ncredential_process = /bin/echo not json " + LeakySecret + "\n", "JSON")]
    [InlineData("config", "[profile p]\ncredential_process = /bin/false\n", "credential_process command failed")]
    [InlineData("config", "[profile p]\ncredential_process = /bin/echo {\"Version\": 2}\n", "JSON")]
    public async Task Whoami_BrokenCredentialSetup_ExitsTwoWithoutPrintingTheSecret(
        string file, string content, string expected)
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Healthy());
        await File.WriteAllTextAsync(Path.Combine(home, file), content);

        var result = await CliRunner.RunAsync(["whoami", "--profile", "p"], Env(server));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Stderr);
        Assert.DoesNotContain(LeakySecret, result.Stdout + result.Stderr);
        Assert.DoesNotContain(LeakySecret[..12], result.Stdout + result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Fact]
    public async Task Whoami_EndpointNotListening_ExitsTwoSayingItCannotReachAws()
    {
        var env = new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = "AKIAIOSFODNN7EXAMPLE",
            ["AWS_SECRET_ACCESS_KEY"] = "not-used-because-nothing-listens-000000000",
            ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9",
        };

        var result = await CliRunner.RunAsync(["whoami"], env);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("cannot reach AWS", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }
}
