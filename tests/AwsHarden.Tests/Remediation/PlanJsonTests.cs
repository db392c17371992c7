using AwsHarden.Model;
using AwsHarden.Remediation;
using Microsoft.Extensions.Time.Testing;

namespace AwsHarden.Tests.Remediation;

public class PlanJsonTests
{
    [Fact]
    public void Read_WrittenPlan_RoundTripsEveryStep()
    {
        var plan = FixPlanner.Plan(FixTestData.Snapshot(), FixTestData.Failing(), FixTestData.Config(), null,
            new FakeTimeProvider(FixTestData.Now));

        var back = PlanJson.Read(PlanJson.Write(plan));

        Assert.Equal(PlanJson.Write(plan), PlanJson.Write(back));
        Assert.Equal(plan.Steps.Count, back.Steps.Count);
        Assert.Equal(plan.Steps[0].ExpectedPrior!.Key, back.Steps[0].ExpectedPrior!.Key);
        Assert.Equal(FixTestData.Now, back.CreatedAt);
    }

    [Fact]
    public void Read_NotAPlan_IsAUserError()
    {
        Assert.Throws<UserErrorException>(() => PlanJson.Read("{\"schemaVersion\": 99}", "x.json"));
        Assert.Throws<UserErrorException>(() => PlanJson.Read("not json", "x.json"));
    }

    [Fact]
    public async Task FileJournal_AppendedRecords_ReadBackInOrder()
    {
        var path = Path.Combine(Path.GetTempPath(), $"awsharden-journal-{Guid.NewGuid():N}.jsonl");
        try
        {
            var journal = new FileJournal(path);
            var time = new FakeTimeProvider(FixTestData.Now);
            var account = InMemoryExecutor.Misconfigured();
            var plan = FixPlanner.Plan(FixTestData.Snapshot(), FixTestData.Failing(), FixTestData.Config(),
                ["iam.password-policy"]);
            await new PlanApplier(account, journal, time).ApplyAsync(plan, default);

            var records = new FileJournal(path).Read();

            Assert.Equal([JournalEvent.Started, JournalEvent.CallDone, JournalEvent.Finished],
                records.Select(r => r.Event));
            Assert.Equal("8", records[0].Prior!.Attributes["MinimumPasswordLength"]);
            Assert.Single(UndoPlanner.Undo(new FileJournal(path), time).Steps);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task FileJournal_SomeoneElsesFileOrCutShortJournal_ToldApart()
    {
        var path = Path.Combine(Path.GetTempPath(), $"awsharden-journal-{Guid.NewGuid():N}.jsonl");
        try
        {
            await File.WriteAllTextAsync(path, "hello\n");
            var notJournal = Assert.Throws<UserErrorException>(() => new FileJournal(path).Read());
            Assert.Equal($"{path} is not an awsharden journal", notJournal.Message);
            Assert.DoesNotContain("remove", notJournal.Hint);

            var plan = FixPlanner.Plan(FixTestData.Snapshot(), FixTestData.Failing(), FixTestData.Config(),
                ["iam.password-policy"]);
            await File.WriteAllTextAsync(path, "");
            await new PlanApplier(InMemoryExecutor.Misconfigured(), new FileJournal(path),
                new FakeTimeProvider(FixTestData.Now)).ApplyAsync(plan, default);
            await File.AppendAllTextAsync(path, "{\"stepId\":\"fix-0");
            var cut = Assert.Throws<UserErrorException>(() => new FileJournal(path).Read());
            Assert.Contains("unreadable journal record", cut.Message);
            Assert.Contains("remove the damaged last line", cut.Hint);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void PlanText_EmptyRevertFromBrokenFiles_SaysNothingFromWhatWasReadNotUnreadChecks()
    {
        var plan = new Plan
        {
            Title = PlanOrigin.RevertTitle, Steps = [], CreatedAt = FixTestData.Now,
            Assumptions = [$"{AwsHarden.Incident.IncompleteInput.Marker} 1 file could not be read completely (a.gz)"],
        };

        var text = PlanText.Render(plan);

        Assert.Contains("Nothing to revert from what was read (see the INCOMPLETE note above).", text);
        Assert.DoesNotContain("fixable check", text);
    }

    [Fact]
    public void PlanText_Render_ShowsCallsActionsCostAndUndo()
    {
        var plan = FixPlanner.Plan(FixTestData.Snapshot(), FixTestData.Failing(), FixTestData.Config(), null);

        var text = PlanText.Render(plan);

        Assert.Contains("- Call: guardduty CreateDetector [eu-west-1]", text);
        Assert.Contains("- IAM actions: ", text);
        Assert.Contains("- Cost: ", text);
        Assert.Contains("- Undo: ", text);
        Assert.Contains("(manual): Enable MFA on the root user", text);
    }
}
