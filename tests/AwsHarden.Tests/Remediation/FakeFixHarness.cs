using AwsHarden.Audit;
using AwsHarden.Audit.Collect;
using AwsHarden.Aws;
using AwsHarden.FakeAws;
using AwsHarden.Model;
using AwsHarden.Remediation;

namespace AwsHarden.Tests.Remediation;

/// <summary>A fake AWS account with a session, collector, planner and the AWS executor wired to it: what
/// 'fix apply' does, without the console.</summary>
internal sealed class FakeFixHarness : IAsyncDisposable
{
    public static readonly string[] Regions = ["us-east-1", "eu-west-1"];

    private FakeFixHarness(FakeAwsServer server, AwsSession session)
    {
        Server = server;
        Session = session;
        Executor = new AwsStepExecutor(session);
    }

    public FakeAwsServer Server { get; }
    public AwsSession Session { get; }
    public AwsStepExecutor Executor { get; }

    /// <summary>A config under which every fix of the misconfigured account is automatic.</summary>
    public static AuditConfig Config { get; } = new()
    {
        AllowedRegions = Regions,
        Fix = FixConfig.Default with
        {
            AlertEmail = "ops@example.com",
            AllowedRegions = Regions,
            AlternateContacts = new Dictionary<string, ContactValues>
            {
                ["OPERATIONS"] = new("Ops Team", "Lead", "ops@example.com", "+1-555-0101"),
                ["SECURITY"] = new("Sec Team", "CISO", "sec@example.com", "+1-555-0100"),
            },
        },
    };

    public static async Task<FakeFixHarness> StartAsync(FakeAwsServer? server = null)
    {
        server ??= await FakeAwsServer.StartAsync(FakeAccounts.Misconfigured());
        var caller = server.Account.Caller;
        var session = AwsSession.Create(new AwsCredentials(caller.AccessKeyId, caller.SecretAccessKey), "us-east-1",
            new AwsSessionSettings
            {
                Environment = name => name == AwsEndpoints.GlobalVariable ? server.Endpoint.ToString() : null,
                Retry = new AwsRetryOptions(3, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(5)),
            });
        return new FakeFixHarness(server, session);
    }

    public async Task<(AccountSnapshot Snapshot, IReadOnlyList<Finding> Findings)> AuditAsync()
    {
        var snapshot = await new Collector(Session, new CollectorOptions { Regions = Regions }, TimeProvider.System)
            .CollectAsync(null, CancellationToken.None);
        return (snapshot, AuditRunner.Run(snapshot, Config, TimeProvider.System).Findings);
    }

    public async Task<Plan> PlanAsync()
    {
        var (snapshot, findings) = await AuditAsync();
        return FixPlanner.Plan(snapshot, findings, Config.Fix, null, TimeProvider.System);
    }

    public Task<ApplyReport> ApplyAsync(Plan plan, IJournal journal) =>
        new PlanApplier(Executor, journal, TimeProvider.System).ApplyAsync(plan, CancellationToken.None);

    /// <summary>IAM regenerates the credential report at most every four hours; tests skip the wait.</summary>
    public void ExpireCredentialReport()
    {
        lock (Server.Account.Sync)
        {
            Server.Account.Iam.CredentialReport = null;
        }
    }

    /// <summary>Write calls the fake answered: anything but reads.</summary>
    public IReadOnlyList<FakeCall> Writes() => Server.Calls.Snapshot().Where(c => !IsRead(c.Operation)).ToList();

    public static bool IsRead(string operation) =>
        new[] { "Get", "List", "Describe", "Lookup", "Generate" }.Any(p => operation.StartsWith(p,
            StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        Session.Dispose();
        await Server.DisposeAsync();
    }
}
