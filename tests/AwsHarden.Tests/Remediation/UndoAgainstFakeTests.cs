using AwsHarden.Model;
using AwsHarden.Remediation;

namespace AwsHarden.Tests.Remediation;

/// <summary>Undo, resume after a fault and drift, against the fake account through the AWS executor.</summary>
public class UndoAgainstFakeTests
{
    [Fact]
    public async Task Undo_AfterApply_RestoresTheCollectedSnapshot()
    {
        await using var harness = await FakeFixHarness.StartAsync();
        var (before, _) = await harness.AuditAsync();
        var journal = new MemoryJournal();
        Assert.True((await harness.ApplyAsync(await harness.PlanAsync(), journal)).Completed);
        harness.ExpireCredentialReport();
        var (applied, _) = await harness.AuditAsync();
        Assert.NotEmpty(SnapshotComparison.Differences(before, applied));

        var undo = UndoPlanner.Undo(journal, TimeProvider.System);
        var report = await harness.ApplyAsync(undo, new MemoryJournal());

        Assert.True(report.Completed, report.StopReason);
        Assert.True(undo.Steps.Count > 5, $"only {undo.Steps.Count} undo steps");
        harness.ExpireCredentialReport();
        var (after, _) = await harness.AuditAsync();
        var differences = SnapshotComparison.Differences(before, after);
        Assert.True(differences.Count == 0, string.Join("\n", differences));
    }

    [Fact]
    public async Task Apply_FaultHalfwayThenResume_FinishesAndEveryStepHolds()
    {
        await using var harness = await FakeFixHarness.StartAsync();
        var plan = await harness.PlanAsync();
        var journal = new MemoryJournal();
        harness.Server.Faults.FailInternally("cloudtrail:PutEventSelectors");

        var first = await harness.ApplyAsync(plan, journal);

        Assert.False(first.Completed);
        Assert.Equal(StepOutcome.Failed, first.Steps[^1].Outcome);
        Assert.Contains("cloudtrail:PutEventSelectors", first.StopReason);
        harness.Server.Faults.Clear();
        var resumed = await harness.ApplyAsync(plan, journal);
        Assert.True(resumed.Completed, resumed.StopReason);
        Assert.Contains(resumed.Steps, s => s.Message == "done in an earlier run");
        harness.Server.Calls.Clear();
        var again = await harness.ApplyAsync(plan, new MemoryJournal());
        Assert.True(again.Completed, again.StopReason);
        Assert.Empty(harness.Writes());
    }

    [Fact]
    public async Task Undo_AfterFaultHalfway_RemovesWhatThePartialStepMade()
    {
        await using var harness = await FakeFixHarness.StartAsync();
        var (before, _) = await harness.AuditAsync();
        var journal = new MemoryJournal();
        harness.Server.Faults.FailInternally("cloudtrail:PutEventSelectors");
        Assert.False((await harness.ApplyAsync(await harness.PlanAsync(), journal)).Completed);
        harness.Server.Faults.Clear();
        Assert.Contains(harness.Server.Account.Trails, t => t.Name == FixConfig.Default.TrailName);

        var undo = UndoPlanner.Undo(journal, TimeProvider.System);
        var report = await harness.ApplyAsync(undo, new MemoryJournal());

        Assert.True(report.Completed, report.StopReason);
        Assert.DoesNotContain(harness.Server.Account.Trails, t => t.Name == FixConfig.Default.TrailName);
        harness.ExpireCredentialReport();
        var (after, _) = await harness.AuditAsync();
        var differences = SnapshotComparison.Differences(before, after);
        Assert.True(differences.Count == 0, string.Join("\n", differences));
    }

    [Fact]
    public async Task Apply_AccountChangedSincePlan_StopsWithDriftBeforeCalling()
    {
        await using var harness = await FakeFixHarness.StartAsync();
        var plan = await harness.PlanAsync();
        var guardDuty = plan with
        {
            Steps = plan.Steps.Where(s => s.Title.Contains("GuardDuty", StringComparison.Ordinal)).ToList(),
        };
        lock (harness.Server.Account.Sync)
        {
            // Someone deleted the suspended detector the plan means to re-enable.
            harness.Server.Account.Detectors.RemoveAll(d => d.Region == "us-east-1");
        }

        harness.Server.Calls.Clear();
        var report = await harness.ApplyAsync(guardDuty, new MemoryJournal());

        Assert.False(report.Completed);
        Assert.Equal(StepOutcome.Drifted, report.Steps[^1].Outcome);
        Assert.Contains("changed since the plan", report.StopReason);
        Assert.Empty(harness.Writes());
    }

    [Fact]
    public async Task ApplyAndUndo_Deletes_OnlyWhatTheJournalRecordsAsAbsentBefore()
    {
        await using var harness = await FakeFixHarness.StartAsync();
        var plan = await harness.PlanAsync();
        var journal = new MemoryJournal();
        Assert.True((await harness.ApplyAsync(plan, journal)).Completed);
        string[] removing = ["Delete", "Detach", "Remove", "Disable", "Unsubscribe"];
        bool Removes(ApiCall c) => removing.Any(r => c.Operation.StartsWith(r, StringComparison.Ordinal));

        Assert.DoesNotContain(plan.Steps.SelectMany(s => s.Calls), Removes);
        var undo = UndoPlanner.Undo(journal, TimeProvider.System);
        var priors = journal.Read().Where(r => r.Event == JournalEvent.Started)
            .ToDictionary(r => r.StepId, r => r.Prior);
        var deleting = undo.Steps.Where(s => s.Calls.Any(Removes)).ToList();
        Assert.NotEmpty(deleting);
        foreach (var step in deleting)
        {
            var original = step.Title["Undo ".Length..step.Title.IndexOf(':', StringComparison.Ordinal)];
            var prior = priors[original];
            var restoresSetting = step.Calls.All(c => !c.Operation.StartsWith("Delete", StringComparison.Ordinal));
            Assert.True(restoresSetting || prior is { Exists: false },
                $"{step.Title} deletes something that existed before");
        }
    }
}
