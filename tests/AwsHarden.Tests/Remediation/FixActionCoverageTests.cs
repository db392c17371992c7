using AwsHarden.Remediation;

namespace AwsHarden.Tests.Remediation;

/// <summary>'iam-policy fix' must allow every call apply and undo make.</summary>
public class FixActionCoverageTests
{
    // sts:GetCallerIdentity needs no permission: AWS answers it for any valid credentials.
    private static readonly string[] AlwaysAllowed = ["sts:GetCallerIdentity"];

    [Fact]
    public async Task ApplyAndUndo_EveryCallMade_IsInTheDeclaredFixActions()
    {
        await using var harness = await FakeFixHarness.StartAsync();
        var plan = await harness.PlanAsync();
        harness.Server.Calls.Clear();
        var journal = new MemoryJournal();
        Assert.True((await harness.ApplyAsync(plan, journal)).Completed);
        Assert.True((await harness.ApplyAsync(UndoPlanner.Undo(journal, TimeProvider.System),
            new MemoryJournal())).Completed);

        var declared = FixCatalog.DeclaredActions.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var made = harness.Server.Calls.Snapshot().Select(c => c.IamAction).Distinct().ToList();
        var missing = made.Where(a => !declared.Contains(a) && !AlwaysAllowed.Contains(a)).Order().ToList();

        Assert.True(made.Count > 20, $"only {made.Count} distinct actions were exercised");
        Assert.True(missing.Count == 0, "not declared: " + string.Join(", ", missing));
    }
}
