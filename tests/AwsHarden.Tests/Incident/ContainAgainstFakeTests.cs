using System.Text.Json.Nodes;
using AwsHarden.Aws.Clients;
using AwsHarden.FakeAws;
using AwsHarden.FakeAws.State;
using AwsHarden.Incident;
using AwsHarden.Model;
using AwsHarden.Remediation;
using AwsHarden.Tests.Remediation;
using Microsoft.Extensions.Time.Testing;
using static AwsHarden.Tests.EndToEnd.IncidentContainEndToEndTests;
using static AwsHarden.Tests.Incident.TrailFixtures;

namespace AwsHarden.Tests.Incident;

/// <summary>The containment plan applied through the AWS executor on the fake account, then undone.</summary>
public class ContainAgainstFakeTests
{
    private static readonly FakeTimeProvider Clock = new(DateTimeOffset.Parse("2025-02-01T08:00:00Z"));

    [Fact]
    public async Task Apply_StoppedTrailAndUserSession_LoggingOnKeyOffUserDeniedThenUndoRestores()
    {
        await using var harness = await FakeFixHarness.StartAsync();
        var account = harness.Server.Account;
        string leaked;
        lock (account.Sync)
            leaked = account.Iam.FindUser("deploy")!.AccessKeys[0].AccessKeyId;
        var deploy = User("deploy", leaked);
        var events = LineageBuilderTests.Parse(
        [
            Event("2025-01-31T10:00:00Z", "cloudtrail", "StopLogging", deploy,
                new JsonObject { ["name"] = "legacy-trail" }, readOnly: false),
            Event("2025-01-31T10:01:00Z", "sts", "GetSessionToken", deploy, null, new JsonObject
            {
                ["credentials"] = new JsonObject { ["accessKeyId"] = "ASIADEPLOYSESSION001" },
            }),
        ]);
        lock (account.Sync)
            account.Trails.Single(t => t.Name == "legacy-trail").IsLogging = false;
        var graph = LineageBuilder.Build(new LineageSeeds { AccessKeyIds = [leaked] }, events);
        var plan = new ContainmentPlanner(Clock).Plan(graph, events);
        var journal = new MemoryJournal();

        var applied = await harness.ApplyAsync(plan, journal);

        Assert.True(applied.Completed, applied.StopReason);
        lock (account.Sync)
        {
            Assert.True(account.Trails.Single(t => t.Name == "legacy-trail").IsLogging);
            var user = account.Iam.FindUser("deploy")!;
            Assert.Equal("Inactive", user.AccessKeys.Single(k => k.AccessKeyId == leaked).Status);
            Assert.Equal("2025-02-01T08:00:00Z",
                InlinePolicies.TokenIssueTime(user.InlinePolicies[ContainmentPlanner.RevokePolicyName]));
        }

        var undone = await harness.ApplyAsync(UndoPlanner.Undo(journal, Clock), new MemoryJournal());

        Assert.True(undone.Completed, undone.StopReason);
        lock (account.Sync)
        {
            Assert.False(account.Trails.Single(t => t.Name == "legacy-trail").IsLogging);
            var user = account.Iam.FindUser("deploy")!;
            Assert.Equal("Active", user.AccessKeys.Single(k => k.AccessKeyId == leaked).Status);
            Assert.DoesNotContain(ContainmentPlanner.RevokePolicyName, user.InlinePolicies.Keys);
        }
    }

    /// <summary>us-east-1's detectors replaced by <paramref name="detectors"/>, and the containment plan of the
    /// leaked key of user deploy having disabled detector d1.</summary>
    private static Plan DetectorDisabledPlan(FakeFixHarness harness, params (string Id, string Status)[] detectors)
    {
        var account = harness.Server.Account;
        string leaked;
        lock (account.Sync)
        {
            leaked = account.Iam.FindUser("deploy")!.AccessKeys[0].AccessKeyId;
            account.Detectors.RemoveAll(d => d.Region == "us-east-1");
            foreach (var (id, status) in detectors)
            {
                account.Detectors.Add(new AwsHarden.FakeAws.State.FakeDetector
                {
                    Region = "us-east-1", DetectorId = id, Status = status, CreatedAt = Clock.GetUtcNow(),
                });
            }
        }
        var events = LineageBuilderTests.Parse(
        [
            Event("2025-01-31T10:00:00Z", "guardduty", "UpdateDetector", User("deploy", leaked),
                new JsonObject { ["detectorId"] = "d1", ["enable"] = false }, readOnly: false),
        ]);
        var graph = LineageBuilder.Build(new LineageSeeds { AccessKeyIds = [leaked] }, events);
        return new ContainmentPlanner(Clock).Plan(graph, events);
    }

    private static string DetectorStatus(FakeFixHarness harness, string id)
    {
        lock (harness.Server.Account.Sync)
            return harness.Server.Account.Detectors.Single(d => d.DetectorId == id).Status;
    }

    [Fact]
    public async Task Apply_DetectorDisabledByTheAttacker_EnabledThenUndoDisablesAgain()
    {
        await using var harness = await FakeFixHarness.StartAsync();
        var plan = DetectorDisabledPlan(harness, ("d1", "DISABLED"));
        var journal = new MemoryJournal();

        var applied = await harness.ApplyAsync(plan, journal);
        var again = await harness.ApplyAsync(plan, new MemoryJournal());

        Assert.True(applied.Completed, applied.StopReason);
        Assert.Equal(StepOutcome.AlreadyDone, again.Steps.First(s => s.Title.Contains("GuardDuty")).Outcome);
        Assert.Equal("ENABLED", DetectorStatus(harness, "d1"));

        var undone = await harness.ApplyAsync(UndoPlanner.Undo(journal, Clock), new MemoryJournal());

        Assert.True(undone.Completed, undone.StopReason);
        Assert.Equal("DISABLED", DetectorStatus(harness, "d1"));
    }

    [Fact]
    public async Task Apply_NamedDetectorDisabledBesideAnEnabledOne_TheNamedOneEnabled()
    {
        await using var harness = await FakeFixHarness.StartAsync();
        var plan = DetectorDisabledPlan(harness, ("d0", "ENABLED"), ("d1", "DISABLED"));

        var applied = await harness.ApplyAsync(plan, new MemoryJournal());

        // Reading the region's first detector (d0, enabled) would have called the step done.
        Assert.True(applied.Completed, applied.StopReason);
        Assert.Equal(StepOutcome.Applied, applied.Steps.First(s => s.Title.Contains("GuardDuty")).Outcome);
        Assert.Equal("ENABLED", DetectorStatus(harness, "d1"));
    }

    private static Task<InvestigationReport> ExampleReportAsync() =>
        new IncidentInvestigator(Clock).InvestigateAsync(new InvestigationRequest
        {
            Seeds = new LineageSeeds { AccessKeyIds = [ExampleTrail.LeakedKey] },
            LogPaths = [ExampleTrail.Folder()],
        }, null, CancellationToken.None);

    private static Task<Plan> CompleteAsync(FakeFixHarness harness, Plan plan, IReadOnlyList<LineageNode> lineage) =>
        ContainmentLive.CompleteAsync(plan, lineage, new LiveContainmentCredentials(new IamClient(harness.Session)),
            new HashSet<string>(), Clock, CancellationToken.None);

    [Fact]
    public async Task CompleteAsync_ExampleChain_FourReadsAndNothingNewToPlan()
    {
        await using var harness = await FakeFixHarness.StartAsync(await FakeAwsServer.StartAsync(ChainAccount()));
        using var report = await ExampleReportAsync();

        var plan = await CompleteAsync(harness, report.Containment, report.Lineage);

        // ci-deploy owns the leaked key: its keys only. backup-svc was created by the attacker: keys, password, MFA.
        Assert.Equal(["iam:ListAccessKeys", "iam:ListAccessKeys", "iam:GetLoginProfile", "iam:ListMFADevices"],
            harness.Server.Calls.Snapshot().Select(c => c.IamAction));
        Assert.Equal(report.Containment.Steps.Select(s => (s.Id, s.Title)), plan.Steps.Select(s => (s.Id, s.Title)));
        Assert.Contains(plan.Assumptions, a => a.StartsWith("Read from the account at 2025-02-01 08:00:00Z (4 IAM "
            + "calls): access keys of ci-deploy, backup-svc; console password of backup-svc; MFA devices of "
            + "backup-svc.", StringComparison.Ordinal));
        Assert.DoesNotContain(ContainmentPlanner.LogsOnlyAssumption, plan.Assumptions);
        Assert.Contains(ContainmentPlanner.LogsOnlyAssumption, report.Containment.Assumptions);
    }

    [Fact]
    public async Task CompleteAsync_ExampleChainWithUnloggedKeys_FiveReadsOneDeactivationOneManualCheck()
    {
        var account = ChainAccount();
        account.Iam.FindUser("backup-svc")!.AccessKeys.Add(new FakeAccessKey
        {
            AccessKeyId = UnloggedKey, CreateDate = DateTimeOffset.Parse("2024-07-20T00:00:00Z"),
        });
        account.Iam.FindUser("ci-deploy")!.AccessKeys.Add(new FakeAccessKey
        {
            AccessKeyId = OtherCiKey, CreateDate = DateTimeOffset.Parse("2024-03-05T00:00:00Z"),
        });
        await using var harness = await FakeFixHarness.StartAsync(await FakeAwsServer.StartAsync(account));
        using var report = await ExampleReportAsync();

        var plan = await CompleteAsync(harness, report.Containment, report.Lineage);

        var reads = harness.Server.Calls.Snapshot().Select(c => c.IamAction).ToList();
        Assert.Equal(["iam:ListAccessKeys", "iam:GetAccessKeyLastUsed", "iam:ListAccessKeys", "iam:GetLoginProfile",
            "iam:ListMFADevices"], reads);
        Assert.All(reads, a => Assert.Contains(a, ContainmentPlanner.DeclaredActions));
        var keySteps = plan.Steps.Where(s => s.Title.Contains("access key AKIA", StringComparison.Ordinal)).ToList();
        Assert.Equal([$"Deactivate access key {ExampleTrail.LeakedKey} of user ci-deploy",
            $"Deactivate access key {BackdoorKey} of user backup-svc",
            $"Check access key {OtherCiKey} of user ci-deploy, left Active",
            $"Deactivate access key {UnloggedKey} of user backup-svc"], keySteps.Select(s => s.Title));
        Assert.Equal(PlanStepKind.Manual, keySteps[2].Kind);
        Assert.Contains("never used", keySteps[2].Reason);
        Assert.Equal(["contain-01", "contain-02", "contain-03", "contain-04"], keySteps.Select(s => s.Id));
        Assert.Equal(report.Containment.Steps.Count + 2, plan.Steps.Count);

        var applied = await harness.ApplyAsync(plan, new MemoryJournal());

        Assert.True(applied.Completed, applied.StopReason);
        lock (account.Sync)
        {
            Assert.Equal("Inactive", account.Iam.FindUser("backup-svc")!.AccessKeys.Single(k => k.AccessKeyId
                == UnloggedKey).Status);
            Assert.Equal("Active", account.Iam.FindUser("ci-deploy")!.AccessKeys.Single(k => k.AccessKeyId
                == OtherCiKey).Status);
        }
    }

    [Fact]
    public async Task Apply_CreatedUsersPasswordAndMfaNotInLogs_PasswordRemovedMfaNoted()
    {
        await using var harness = await FakeFixHarness.StartAsync();
        var account = harness.Server.Account;
        string leaked;
        lock (account.Sync)
        {
            leaked = account.Iam.FindUser("deploy")!.AccessKeys[0].AccessKeyId;
            var evil = account.AddUser("evil", Clock.GetUtcNow().AddDays(-1));
            evil.AccessKeys.Add(new FakeAccessKey
            {
                AccessKeyId = "AKIAEVILLOGGED000001", CreateDate = Clock.GetUtcNow(),
            });
            evil.LoginProfile = new FakeLoginProfile(Clock.GetUtcNow());
            evil.MfaDevices.Add(account.VirtualMfa("evil-phone", Clock.GetUtcNow()));
        }
        var deploy = User("deploy", leaked);
        var events = LineageBuilderTests.Parse(
        [
            Event("2025-01-31T10:00:00Z", "iam", "CreateUser", deploy, new JsonObject { ["userName"] = "evil" },
                readOnly: false),
            Event("2025-01-31T10:01:00Z", "iam", "CreateAccessKey", deploy, new JsonObject { ["userName"] = "evil" },
                new JsonObject { ["accessKey"] = new JsonObject
                {
                    ["accessKeyId"] = "AKIAEVILLOGGED000001", ["userName"] = "evil",
                } }, readOnly: false),
        ]);
        var graph = LineageBuilder.Build(new LineageSeeds { AccessKeyIds = [leaked] }, events);
        var logsOnly = new ContainmentPlanner(Clock).Plan(graph, events);

        var plan = await CompleteAsync(harness, logsOnly, graph.Nodes);
        var applied = await harness.ApplyAsync(plan, new MemoryJournal());

        Assert.DoesNotContain(logsOnly.Steps, s => s.Calls.Any(c => c.Operation == "DeleteLoginProfile"));
        var password = Assert.Single(plan.Steps, s => s.Calls.Any(c => c.Operation == "DeleteLoginProfile"));
        Assert.Contains("found in the account", password.Undo);
        var mfa = Assert.Single(plan.Steps, s => s.Title.StartsWith("MFA device", StringComparison.Ordinal));
        Assert.Equal(PlanStepKind.Manual, mfa.Kind);
        Assert.Contains("mfa/evil-phone", mfa.Title);
        Assert.True(applied.Completed, applied.StopReason);
        lock (account.Sync)
        {
            Assert.Null(account.Iam.FindUser("evil")!.LoginProfile);
            Assert.Single(account.Iam.FindUser("evil")!.MfaDevices);
        }
    }
}
