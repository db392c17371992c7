using AwsHarden.Model;
using AwsHarden.Remediation;
using Microsoft.Extensions.Time.Testing;

namespace AwsHarden.Tests.Remediation;

public class PlanCheckTests
{
    private static Plan FullPlan() =>
        FixPlanner.Plan(FixTestData.Snapshot(inOrganization: true), FixTestData.Failing(), FixTestData.Config(),
            null, new FakeTimeProvider(FixTestData.Now));

    private static Plan RoundTrip(Plan plan) => PlanJson.Read(PlanJson.Write(plan));

    [Fact]
    public void VerifyFile_EveryStepOfAFullPlanAfterRoundTrip_Passes()
    {
        var plan = RoundTrip(FullPlan());

        PlanCheck.VerifyFile(plan, "plan.json");

        Assert.NotNull(plan.Digest);
        Assert.Equal(FixTestData.Snapshot().AccountId, plan.AccountId);
        Assert.Contains(plan.Steps, s => s.Kind == PlanStepKind.Api);
    }

    [Fact]
    public async Task VerifyFile_EveryStepOfALiveFakePlan_Passes()
    {
        await using var harness = await FakeFixHarness.StartAsync();
        var plan = RoundTrip(await harness.PlanAsync());

        PlanCheck.VerifyFile(plan, "plan.json");

        Assert.True(plan.Steps.Count(s => s.Kind == PlanStepKind.Api) > 5);
    }

    [Fact]
    public void VerifyFile_CallDeclaredByTheStepButNotByItsFix_Refused()
    {
        var plan = FullPlan();
        // CloudTrail's own fix stops logging in its undo; any other fix never does.
        var victim = plan.Steps.First(s => s.Kind == PlanStepKind.Api && s.CheckIds.Count > 0
            && !s.CheckIds.Any(c => c.StartsWith("cloudtrail", StringComparison.Ordinal)));
        var forged = victim with
        {
            Calls = [new ApiCall { Service = "cloudtrail", Operation = "StopLogging" }],
            IamActions = [.. victim.IamActions, "cloudtrail:StopLogging"],
        };
        var edited = RoundTrip(plan with { Steps = [forged, .. plan.Steps.Skip(1)] });

        var error = Assert.Throws<UserErrorException>(() => PlanCheck.VerifyFile(edited, "plan.json"));

        Assert.Contains($"step {victim.Id} calls cloudtrail:StopLogging, which that fix never calls",
            error.Message);
    }

    [Fact]
    public void VerifyFile_EditedRevertPlan_HintNamesIncidentRevert()
    {
        var written = RoundTrip(FullPlan());
        var plan = written with
        {
            Title = PlanOrigin.RevertTitle,
            Steps = [written.Steps[0] with { Title = "edited" }, .. written.Steps.Skip(1)],
        };

        var error = Assert.Throws<UserErrorException>(() => PlanCheck.VerifyFile(plan, "plan.json"));

        Assert.Equal("plan.json was changed after it was written", error.Message);
        Assert.Contains("awsharden incident revert", error.Hint);
        Assert.DoesNotContain("fix plan", error.Hint);
    }

    [Fact]
    public void VerifyFile_WithoutAccountOrDigest_Refused()
    {
        var plan = FullPlan() with { AccountId = null };

        var error = Assert.Throws<UserErrorException>(() => PlanCheck.VerifyFile(plan, "old.json"));

        Assert.Contains("old.json does not record the account", error.Message);
    }

    [Fact]
    public void VerifyAccount_SameAccount_Passes_OtherAccount_Refused()
    {
        var plan = FullPlan();

        PlanCheck.VerifyAccount(plan, "plan.json", plan.AccountId!);
        var error = Assert.Throws<UserErrorException>(() => PlanCheck.VerifyAccount(plan, "plan.json", "999"));

        Assert.Contains($"plan.json is for account {plan.AccountId} but the credentials are for 999", error.Message);
    }
}

public class JournalBindingTests
{
    private readonly FakeTimeProvider _time = new(FixTestData.Now);

    private static Plan MakePlan(params string[] checks) =>
        FixPlanner.Plan(FixTestData.Snapshot(), FixTestData.Failing(), FixTestData.Config(), checks);

    [Fact]
    public async Task ApplyAsync_JournalOfAnotherPlan_RefusedBeforeAnyCall()
    {
        var account = InMemoryExecutor.Misconfigured();
        var journal = new MemoryJournal();
        await new PlanApplier(account, journal, _time).ApplyAsync(MakePlan("iam.password-policy"), default);
        var calls = account.Calls.Count;
        var records = journal.Read().Count;

        var error = await Assert.ThrowsAsync<UserErrorException>(() =>
            new PlanApplier(account, journal, _time).ApplyAsync(MakePlan("guardduty.enabled"), default));

        Assert.Contains("is the journal of an earlier run", error.Message);
        Assert.Equal(calls, account.Calls.Count);
        Assert.Equal(records, journal.Read().Count);
    }

    [Fact]
    public async Task ApplyAsync_SameRunTwoPlans_ShareTheJournal()
    {
        var account = InMemoryExecutor.Misconfigured();
        var journal = new MemoryJournal();
        const string run = "run-1";
        await new PlanApplier(account, journal, _time) { RunId = run }
            .ApplyAsync(MakePlan("iam.password-policy"), default);

        var second = await new PlanApplier(account, journal, _time) { RunId = run }
            .ApplyAsync(MakePlan("guardduty.enabled"), default);

        Assert.True(second.Completed, second.StopReason);
        Assert.All(journal.Read(), r => Assert.Equal(run, r.RunId));
    }

    [Fact]
    public void PlanIdentity_SamePlanMadeAgainLater_Equal_OtherPlan_Differs()
    {
        var first = MakePlan("iam.password-policy");
        var again = first with { CreatedAt = first.CreatedAt.AddHours(1) };

        Assert.Equal(JournalBinding.PlanIdentity(first), JournalBinding.PlanIdentity(again));
        Assert.NotEqual(JournalBinding.PlanIdentity(first),
            JournalBinding.PlanIdentity(MakePlan("guardduty.enabled")));
    }
}
