using AwsHarden.Model;
using AwsHarden.Remediation;
using Microsoft.Extensions.Time.Testing;

namespace AwsHarden.Tests.Remediation;

/// <summary>Case 014: two runs started in the same second must not share the default journal.</summary>
public sealed class DefaultJournalTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("awsharden-journal-test").FullName;
    private readonly FakeTimeProvider _time = new(FixTestData.Now);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void ReserveJournal_ManyRunsInOneSecond_EachGetsItsOwnNewFile()
    {
        var paths = Enumerable.Range(0, 8).AsParallel()
            .Select(_ => FixApplyRunner.ReserveJournal(_dir, "awsharden-contain-20261204-095548")).ToList();

        Assert.Equal(8, paths.Distinct().Count());
        Assert.Contains(Path.Combine(_dir, "awsharden-contain-20261204-095548.jsonl"), paths);
        Assert.Contains(Path.Combine(_dir, "awsharden-contain-20261204-095548-2.jsonl"), paths);
        Assert.All(paths, p => Assert.Equal(0, new FileInfo(p).Length));
    }

    [Fact]
    public void ReserveJournal_NameTakenByAnotherRun_LeavesThatFileAlone()
    {
        var taken = Path.Combine(_dir, "awsharden-journal-20261204-095548.jsonl");
        File.WriteAllText(taken, "{\"other\":\"run\"}\n");

        var path = FixApplyRunner.ReserveJournal(_dir, "awsharden-journal-20261204-095548");

        Assert.Equal(Path.Combine(_dir, "awsharden-journal-20261204-095548-2.jsonl"), path);
        Assert.Equal("{\"other\":\"run\"}\n", File.ReadAllText(taken));
    }

    [Fact]
    public async Task TwoRunsAtTheSameSecond_EachJournalHoldsOneRunAndUndoesIt()
    {
        var stem = $"awsharden-contain-{_time.GetUtcNow().UtcDateTime:yyyyMMdd-HHmmss}";
        var planA = FixPlanner.Plan(FixTestData.Snapshot(), FixTestData.Failing(), FixTestData.Config(),
            ["iam.password-policy"]);
        var planB = FixPlanner.Plan(FixTestData.Snapshot(), FixTestData.Failing(), FixTestData.Config(),
            ["guardduty.enabled"]);

        var runs = await Task.WhenAll(RunAsync(planA), RunAsync(planB));

        Assert.NotEqual(runs[0].Journal, runs[1].Journal);
        foreach (var (journal, notes) in runs)
        {
            var records = new FileJournal(journal).Read();
            Assert.Single(records.Select(r => r.RunId).Distinct());
            Assert.Contains($"Journal: {journal}", notes);
            var undo = UndoPlanner.Undo(records, _time);
            Assert.NotEmpty(undo.Steps);
        }

        async Task<(string Journal, string Notes)> RunAsync(Plan plan)
        {
            await Task.Yield();
            var journal = FixApplyRunner.ReserveJournal(_dir, stem);
            var notes = new StringWriter();
            var report = await FixApplyRunner.RunAsync(plan, new FixApplyContext
            {
                Executor = InMemoryExecutor.Misconfigured(), JournalPath = journal, Output = TextWriter.Null,
                Notes = notes, Time = _time,
            }, default);
            Assert.True(report!.Completed, report.StopReason);
            return (journal, notes.ToString());
        }
    }

    [Fact]
    public async Task Undo_JournalMixingTwoRunsOfDifferentPlans_IsRefused()
    {
        // What two runs appending to one file at once left (each checked the file while it was still empty).
        var lines = new List<JournalRecord>();
        foreach (var check in new[] { "iam.password-policy", "guardduty.enabled" })
        {
            var plan = FixPlanner.Plan(FixTestData.Snapshot(), FixTestData.Failing(), FixTestData.Config(), [check]);
            var journal = new MemoryJournal();
            await new PlanApplier(InMemoryExecutor.Misconfigured(), journal, _time) { RunId = check }
                .ApplyAsync(plan, default);
            lines.AddRange(journal.Read());
        }

        var error = Assert.Throws<UserErrorException>(() => UndoPlanner.Undo(lines, _time));

        Assert.Contains("mixes 2 runs of 2 different plans", error.Message);
    }
}
