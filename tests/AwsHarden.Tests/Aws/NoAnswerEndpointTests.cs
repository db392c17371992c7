using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using AwsHarden.Aws;
using AwsHarden.Incident;
using AwsHarden.Model;
using AwsHarden.Tests.Cli;
using AwsHarden.Tests.Incident;

namespace AwsHarden.Tests.Aws;

/// <summary>Cases 004 and 006: an endpoint that accepts and never answers, or refuses the connection.</summary>
public sealed class NoAnswerEndpointTests : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<TcpClient> _accepted = [];

    public NoAnswerEndpointTests()
    {
        _listener.Start();
        _ = AcceptForeverAsync();
    }

    private string Endpoint => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    // Takes every connection and never writes a byte, like a firewall that drops the answers.
    private async Task AcceptForeverAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync();
                lock (_accepted) _accepted.Add(client);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        lock (_accepted) _accepted.ForEach(c => c.Dispose());
    }

    private AwsSession Session() => AwsSession.Create(new AwsCredentials("AKIARESPONDEREXAMPLE", "fake"),
        "us-east-1", new AwsSessionSettings
        {
            Environment = n => n == AwsEndpoints.GlobalVariable ? Endpoint : null,
            AttemptTimeout = TimeSpan.FromSeconds(1),
        });

    [Fact]
    public async Task GetCallerIdentity_NoAnswer_OneLineErrorNamingEndpointAndWait()
    {
        using var session = Session();
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<UserErrorException>(
            () => session.GetCallerIdentityAsync(CancellationToken.None));

        Assert.Contains($"no answer from AWS (sts:GetCallerIdentity) at {Endpoint}/ within 1 s", error.Message);
        Assert.IsAssignableFrom<HttpRequestException>(error.InnerException);
        Assert.InRange(clock.Elapsed.TotalSeconds, 0, 8); // no retry storm: the SDK's retries fail at once
    }

    [Fact]
    public async Task AccountContext_NoAnswer_EveryPartNotReadQuickly()
    {
        using var session = Session();
        var clock = Stopwatch.StartNew();

        var context = await new AccountContextReader(new AwsAccountContextSource(session, ["us-east-1"]))
            .ReadAsync(DateTimeOffset.Parse("2024-08-01T00:00:00Z"), DateTimeOffset.Parse("2024-08-02T00:00:00Z"),
                [], CancellationToken.None);

        Assert.Contains("no answer from AWS", context.Cost!.NotRead);
        Assert.Contains("no answer from AWS", context.Contacts!.NotRead);
        Assert.Contains("no answer from AWS", context.ExternalAccess!.NotRead);
        Assert.InRange(clock.Elapsed.TotalSeconds, 0, 8);
        // Not retried: after the first silent attempt the endpoint fails at once.
        Assert.All(session.CallLog.Calls, c => Assert.Null(c.StatusCode));
    }

    // Headers come at once, the body never ends: bounded by the session's whole-exchange timeout, one attempt.
    private sealed class StalledBodyHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new Stalled()) });

        private sealed class Stalled : MemoryStream
        {
            public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
            {
                await Task.Delay(Timeout.Infinite, ct);
                return 0;
            }

            public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
                ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();
        }
    }

    [Fact]
    public async Task SignedRequest_BodyNeverEnds_OneAttemptThenNoAnswer()
    {
        using var session = AwsSession.Create(new AwsCredentials("AKIARESPONDEREXAMPLE", "fake"), "us-east-1",
            new AwsSessionSettings
            {
                Handler = new StalledBodyHandler(), AttemptTimeout = TimeSpan.FromSeconds(1),
                Environment = n => n == AwsEndpoints.GlobalVariable ? Endpoint : null,
            });
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<AwsNoAnswerException>(() =>
            new AwsHarden.Aws.Clients.CostExplorerClient(session).GetDailyCostByServiceAndRegionAsync(
                new DateOnly(2024, 7, 1), new DateOnly(2024, 8, 1), CancellationToken.None));

        Assert.Equal("ce:GetCostAndUsage", error.Action);
        Assert.Contains("within 3 s", error.Message);
        Assert.Equal(1, session.CallLog.CountOf("ce:GetCostAndUsage"));
        Assert.InRange(clock.Elapsed.TotalSeconds, 0, 10);
    }

    [Fact]
    public async Task Investigate_ConnectionRefused_SaysCannotReachNotCredentials()
    {
        var port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _listener.Stop(); // nothing listens on the port now
        var env = new Dictionary<string, string>
        {
            ["AWS_ENDPOINT_URL"] = $"http://127.0.0.1:{port}", ["AWS_ACCESS_KEY_ID"] = "AKIARESPONDEREXAMPLE",
            ["AWS_SECRET_ACCESS_KEY"] = "fake", ["AWS_REGION"] = "us-east-1", ["AWS_EC2_METADATA_DISABLED"] = "true",
            ["AWS_CONFIG_FILE"] = "/nonexistent/config", ["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/creds",
        };

        var result = await CliRunner.RunAsync(["incident", "investigate", "--key", ExampleTrail.LeakedKey, "--logs",
            ExampleTrail.Folder(), "--format", "json"], env);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains($"cannot reach AWS at http://127.0.0.1:{port}/", result.Stdout);
        Assert.DoesNotContain("credentials do not work", result.Stdout);
    }

    [Fact]
    public async Task Cli_SigtermWhileWaitingForAnswer_StopsLikeCtrlCWithoutStackTrace()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "awsharden.dll"));
        start.ArgumentList.Add("whoami");
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.Ordinal))
                     .ToList())
            start.Environment.Remove(name);
        start.Environment["AWS_ENDPOINT_URL"] = Endpoint;
        start.Environment["AWS_ACCESS_KEY_ID"] = "AKIARESPONDEREXAMPLE";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "fake";
        start.Environment["AWS_REGION"] = "us-east-1";
        start.Environment["AWS_CONFIG_FILE"] = "/nonexistent/config";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/credentials";
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        // Wait until the call is out and hanging on the silent endpoint.
        for (var i = 0; i < 100; i++)
        {
            lock (_accepted)
                if (_accepted.Count > 0) break;
            await Task.Delay(100);
        }

        var pid = process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using (var kill = Process.Start("kill", ["-TERM", pid]))
            await kill.WaitForExitAsync();
        var stopped = Stopwatch.StartNew();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(130, process.ExitCode);
        Assert.True(stopped.Elapsed < TimeSpan.FromSeconds(8), $"took {stopped.Elapsed}");
        Assert.DoesNotContain("   at ", await stderr);
    }
}
