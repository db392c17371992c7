using AwsHarden.Model;
using AwsHarden.Remediation;
using Microsoft.Extensions.Time.Testing;

namespace AwsHarden.Tests.Remediation;

public class PlanApplierTests
{
    // The checks whose fixes the in-memory account can carry out.
    private static readonly string[] Supported =
    [
        "iam.password-policy", "guardduty.enabled", "accessanalyzer.enabled", "iam.unused-credentials",
        "account.alternate-contacts", "ce.anomaly-detection",
    ];

    private readonly FakeTimeProvider _time = new(FixTestData.Now);

    private static Plan MakePlan() =>
        FixPlanner.Plan(FixTestData.Snapshot(), FixTestData.Failing(), FixTestData.Config(), Supported);

    [Fact]
    public async Task ApplyAsync_MisconfiguredAccount_ReachesEveryTarget()
    {
        var account = InMemoryExecutor.Misconfigured();
        var plan = MakePlan();

        var report = await new PlanApplier(account, new MemoryJournal(), _time).ApplyAsync(plan, default);

        Assert.True(report.Completed, report.StopReason);
        foreach (var step in plan.Steps.Where(s => s.Target is not null))
            Assert.True(StateMatch.Matches(step.Target!, await account.ReadStateAsync(step.Target!.Key, default)));
        Assert.Contains("MinimumPasswordLength=14", account.Dump());
        var key1 = await account.ReadStateAsync(new(ResourceTypes.AccessKey, "alice|1"), default);
        var key2 = await account.ReadStateAsync(new(ResourceTypes.AccessKey, "alice|2"), default);
        Assert.Equal("Inactive", key1.Attributes["Status"]);
        Assert.Equal("Active", key2.Attributes["Status"]);
    }

    [Fact]
    public async Task ApplyAsync_Twice_SecondRunCallsNothing()
    {
        var account = InMemoryExecutor.Misconfigured();
        var plan = MakePlan();
        await new PlanApplier(account, new MemoryJournal(), _time).ApplyAsync(plan, default);
        var callsAfterFirst = account.Calls.Count;

        var second = await new PlanApplier(account, new MemoryJournal(), _time).ApplyAsync(plan, default);

        Assert.True(second.Completed);
        Assert.Equal(callsAfterFirst, account.Calls.Count);
        Assert.All(second.Steps,
            s => Assert.Contains(s.Outcome, new[] { StepOutcome.AlreadyDone, StepOutcome.Manual }));
    }

    [Fact]
    public async Task ApplyAsync_StateDriftedSincePlan_StopsBeforeCalling()
    {
        var account = InMemoryExecutor.Misconfigured();
        account.Set(new(ResourceTypes.PasswordPolicy, "account"), ("MinimumPasswordLength", "10"));
        var plan = MakePlan();

        var report = await new PlanApplier(account, new MemoryJournal(), _time).ApplyAsync(plan, default);

        Assert.False(report.Completed);
        Assert.Equal(StepOutcome.Drifted, report.Steps[^1].Outcome);
        Assert.Contains("MinimumPasswordLength expected '8', found '10'", report.StopReason);
        Assert.DoesNotContain(account.Calls, c => c.Operation == "UpdateAccountPasswordPolicy");
    }

    [Fact]
    public async Task ApplyAsync_FaultHalfway_ResumeFromJournalFinishes()
    {
        var account = InMemoryExecutor.Misconfigured();
        var expected = InMemoryExecutor.Misconfigured();
        var plan = MakePlan();
        await new PlanApplier(expected, new MemoryJournal(), _time).ApplyAsync(plan, default);
        var journal = new MemoryJournal();
        account.FailAtCall = expected.Calls.Count / 2;

        var first = await new PlanApplier(account, journal, _time).ApplyAsync(plan, default);
        var resumed = await new PlanApplier(account, journal, _time).ApplyAsync(plan, default);

        Assert.Equal(StepOutcome.Failed, first.Steps[^1].Outcome);
        Assert.Contains("Throttling", first.StopReason);
        Assert.True(resumed.Completed, resumed.StopReason);
        Assert.Equal(expected.Dump(), account.Dump());
        Assert.Equal(expected.Calls.Count, account.Calls.Count);
    }

    [Fact]
    public async Task ApplyAsync_CancelledMidRun_ResumeFinishesAndUndoRestores()
    {
        var account = InMemoryExecutor.Misconfigured();
        var original = account.Dump();
        var plan = MakePlan();
        var journal = new MemoryJournal();
        account.CancelAfterCall = 1;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new PlanApplier(account, journal, _time).ApplyAsync(plan, account.Cancel.Token));
        var resumed = await new PlanApplier(account, journal, _time).ApplyAsync(plan, default);
        var undo = UndoPlanner.Undo(journal, _time);
        var undone = await new PlanApplier(account, new MemoryJournal(), _time).ApplyAsync(undo, default);

        Assert.Contains(journal.Read(), r => r.Event == JournalEvent.Started);
        Assert.True(resumed.Completed, resumed.StopReason);
        Assert.True(undone.Completed, undone.StopReason);
        Assert.Equal(original, account.Dump());
    }

    [Fact]
    public async Task Undo_AfterApply_RestoresTheAccountExactly()
    {
        var account = InMemoryExecutor.Misconfigured();
        var original = account.Dump();
        var journal = new MemoryJournal();
        await new PlanApplier(account, journal, _time).ApplyAsync(MakePlan(), default);
        Assert.NotEqual(original, account.Dump());

        var undo = UndoPlanner.Undo(journal, _time);
        var report = await new PlanApplier(account, new MemoryJournal(), _time).ApplyAsync(undo, default);

        Assert.True(report.Completed, report.StopReason);
        Assert.Equal(original, account.Dump());
        Assert.Equal(journal.Read().Count(r => r.Outcome == StepOutcome.Applied), undo.Steps.Count);
    }

    [Fact]
    public async Task Undo_DeletesOnlyWhatTheJournalRecordsAsAbsentBefore()
    {
        var account = InMemoryExecutor.Misconfigured();
        var journal = new MemoryJournal();
        var plan = MakePlan();
        await new PlanApplier(account, journal, _time).ApplyAsync(plan, default);

        var undo = UndoPlanner.Undo(journal, _time);

        Assert.DoesNotContain(plan.Steps.SelectMany(s => s.Calls), c => IsDestructive(c.Operation));
        var destructive = undo.Steps.Where(s => s.Calls.Any(c => IsDestructive(c.Operation))).ToList();
        Assert.NotEmpty(destructive);
        Assert.All(destructive, s => Assert.False(s.Target!.Exists, $"{s.Title} deletes what existed before"));
    }

    [Fact]
    public async Task Undo_AppliedTwice_SecondRunIsNoOp()
    {
        var account = InMemoryExecutor.Misconfigured();
        var journal = new MemoryJournal();
        await new PlanApplier(account, journal, _time).ApplyAsync(MakePlan(), default);
        var undo = UndoPlanner.Undo(journal, _time);
        await new PlanApplier(account, new MemoryJournal(), _time).ApplyAsync(undo, default);
        var calls = account.Calls.Count;

        var again = await new PlanApplier(account, new MemoryJournal(), _time).ApplyAsync(undo, default);

        Assert.True(again.Completed);
        Assert.Equal(calls, account.Calls.Count);
    }

    private static bool IsDestructive(string operation) =>
        operation.StartsWith("Delete", StringComparison.Ordinal)
        || operation.StartsWith("Remove", StringComparison.Ordinal);
}
