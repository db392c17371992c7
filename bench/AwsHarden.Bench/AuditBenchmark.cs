using System.Diagnostics;
using AwsHarden.Audit;
using AwsHarden.Audit.Collect;
using AwsHarden.Aws;
using AwsHarden.FakeAws;
using AwsHarden.Model;

namespace AwsHarden.Bench;

/// <summary>
/// Collects a large account from the fake endpoint with a fixed latency on every call, as issue #2 asks:
/// 1,000 users, 300 roles, 17 regions, 50 ms per call. Prints API calls and wall time per run.
/// </summary>
public static class AuditBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var users = IntArg(args, "--users", 1000);
        var roles = IntArg(args, "--roles", 300);
        var regions = IntArg(args, "--regions", 17);
        var latency = TimeSpan.FromMilliseconds(IntArg(args, "--latency-ms", 50));
        var runs = IntArg(args, "--runs", 3);

        var account = FakeAccounts.Large(users, roles, regions);
        await using var server = await FakeAwsServer.StartAsync(account);
        server.Faults.Latency = latency;
        Console.WriteLine($"account: {users} users, {roles} roles, {regions} regions; {latency.TotalMilliseconds} ms " +
                          "added to every call");

        var times = new List<double>();
        for (var run = 1; run <= runs; run++)
        {
            var (snapshot, calls, seconds) = await CollectOnceAsync(server);
            var findings = AuditRunner.Run(snapshot, AuditConfig.Default, TimeProvider.System).Findings;
            times.Add(seconds);
            Console.WriteLine($"run {run}: {calls} API calls, {seconds:F2} s wall, {snapshot.Failures.Count} failed " +
                              $"calls, {findings.Count} findings");
            if (run == runs)
            {
                PrintBreakdown(server);
            }
        }

        times.Sort();
        Console.WriteLine($"median wall time: {times[times.Count / 2]:F2} s");
        var perPrincipal = PerPrincipalCalls(users, roles, regions);
        Console.WriteLine($"a per-user, per-role approach would need about {perPrincipal} " +
                          "calls for the same data (see docs/benchmarks.md for the formula)");
        return 0;
    }

    private static async Task<(AccountSnapshot Snapshot, long Calls, double Seconds)> CollectOnceAsync(
        FakeAwsServer server)
    {
        server.Calls.Clear();
        var endpoint = server.Endpoint.ToString().TrimEnd('/');
        var credentials = new AwsCredentials(server.Account.Caller.AccessKeyId, server.Account.Caller.SecretAccessKey);
        using var session = AwsSession.Create(credentials, "us-east-1", new AwsSessionSettings
        {
            Environment = name => name == "AWS_ENDPOINT_URL" ? endpoint : null,
        });

        var watch = Stopwatch.StartNew();
        var snapshot = await new Collector(session, new CollectorOptions(), TimeProvider.System)
            .CollectAsync(null, CancellationToken.None);
        return (snapshot, session.CallCount, watch.Elapsed.TotalSeconds);
    }

    private static void PrintBreakdown(FakeAwsServer server)
    {
        foreach (var group in server.Calls.Snapshot().GroupBy(c => c.IamAction).OrderByDescending(g => g.Count()))
        {
            Console.WriteLine($"  {group.Count(),4}  {group.Key}");
        }
    }

    // What a tool that lists principals and then asks about each one spends: IAM list pages of 100, then per
    // user ListMFADevices, ListAccessKeys, GetLoginProfile, ListAttachedUserPolicies, ListUserPolicies,
    // ListGroupsForUser and GetAccessKeyLastUsed per key; per role ListAttachedRolePolicies, ListRolePolicies;
    // plus the same regional calls as ours.
    private static long PerPrincipalCalls(int users, int roles, int regions)
    {
        var listPages = (users + 99) / 100 + (roles + 99) / 100;
        var perUser = 7L * users;
        var perRole = 2L * roles;
        var regional = 5L * regions;
        return listPages + perUser + perRole + regional + 16;
    }

    private static int IntArg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var v) ? v : fallback;
    }
}
