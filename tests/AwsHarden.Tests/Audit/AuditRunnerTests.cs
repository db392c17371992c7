using AwsHarden.Audit;
using AwsHarden.Model;
using Microsoft.Extensions.Time.Testing;

namespace AwsHarden.Tests.Audit;

public class AuditRunnerTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero));

    private sealed class FixedCheck(string id, Severity severity, params (Status Status, string Resource)[] results)
        : ICheck
    {
        public CheckMetadata Metadata { get; } = new()
        {
            Id = id, Title = id, Severity = severity, Section = ChecklistSection.Initial, Rationale = "r",
            Remediation = "m", RemediationUrl = "https://example.com",
        };

        public IEnumerable<Finding> Evaluate(AccountSnapshot snapshot, AuditConfig config) =>
            results.Select(r => Metadata.Result(r.Status, r.Resource, "seen"));
    }

    private sealed class ThrowingCheck : ICheck
    {
        public CheckMetadata Metadata { get; } = new()
        {
            Id = "test.throws", Title = "t", Severity = Severity.High, Section = ChecklistSection.Initial,
            Rationale = "r", Remediation = "m", RemediationUrl = "https://example.com",
        };

        public IEnumerable<Finding> Evaluate(AccountSnapshot snapshot, AuditConfig config) =>
            throw new InvalidOperationException("boom");
    }

    [Fact]
    public void Run_ThrowingCheck_BecomesUnknownNotMissing()
    {
        var result = AuditRunner.Run(Snap.Empty(), AuditConfig.Default, Clock, [new ThrowingCheck()]);

        var finding = Assert.Single(result.Findings);
        Assert.Equal(Status.Unknown, finding.Status);
        Assert.Contains("boom", finding.Message);
    }

    [Fact]
    public void Run_CheckWithNoResult_BecomesUnknown()
    {
        var checks = new ICheck[] { new FixedCheck("test.empty", Severity.Low) };

        var result = AuditRunner.Run(Snap.Empty(), AuditConfig.Default, Clock, checks);

        Assert.Equal(Status.Unknown, Assert.Single(result.Findings).Status);
    }

    [Fact]
    public void Run_SeverityOverride_ReplacesSeverityAndSummary()
    {
        var config = new AuditConfig
        {
            SeverityOverrides = new Dictionary<string, Severity> { ["test.a"] = Severity.Critical },
        };
        var checks = new ICheck[] { new FixedCheck("test.a", Severity.Low, (Status.Fail, "x")) };

        var result = AuditRunner.Run(Snap.Empty(), config, Clock, checks);

        Assert.Equal(Severity.Critical, Assert.Single(result.Findings).Severity);
        Assert.Equal(Severity.Critical, result.Summary.HighestFailingSeverity);
    }

    [Fact]
    public void Run_ActiveSuppression_KeepsStatusAndReasonOutOfCounts()
    {
        var config = new AuditConfig
        {
            Suppressions = [new Suppression("test.a", "x", "accepted risk until migration", new DateOnly(2025, 7, 1))],
        };
        var checks = new ICheck[]
        {
            new FixedCheck("test.a", Severity.High, (Status.Fail, "x"), (Status.Fail, "y")),
            new FixedCheck("test.b", Severity.Low, (Status.Pass, "z")),
        };

        var result = AuditRunner.Run(Snap.Empty(), config, Clock, checks);

        var suppressed = result.Findings.Single(f => f.Resource == "x");
        Assert.Equal(Status.Fail, suppressed.Status);
        Assert.Equal("accepted risk until migration", suppressed.SuppressedBecause);
        Assert.Null(result.Findings.Single(f => f.Resource == "y").SuppressedBecause);
        Assert.Equal(1, result.Summary.Count(Status.Fail));
        Assert.Equal(1, result.Summary.Count(Status.Pass));
        Assert.Equal(1, result.Summary.Suppressed);
    }

    [Fact]
    public void Run_ExpiredSuppression_IsIgnored()
    {
        var expired = new Suppression("test.a", "*", "old", new DateOnly(2025, 5, 31));
        var config = new AuditConfig { Suppressions = [expired] };

        var result = AuditRunner.Run(Snap.Empty(), config, Clock,
            [new FixedCheck("test.a", Severity.High, (Status.Fail, "x"))]);

        Assert.Null(Assert.Single(result.Findings).SuppressedBecause);
        Assert.Equal(Severity.High, result.Summary.HighestFailingSeverity);
    }

    [Fact]
    public void Run_NothingFails_HighestFailingSeverityIsNull()
    {
        var result = AuditRunner.Run(Snap.Empty(), AuditConfig.Default, Clock,
            [new FixedCheck("test.a", Severity.High, (Status.Pass, "x"), (Status.Manual, "y"))]);

        Assert.Null(result.Summary.HighestFailingSeverity);
        Assert.Equal(1, result.Summary.Count(Status.Manual));
    }

    [Fact]
    public void Run_AllChecksOnEmptySnapshot_EveryCheckReports()
    {
        var result = AuditRunner.Run(Snap.Empty(), AuditConfig.Default, Clock);

        var reported = result.Findings.Select(f => f.CheckId).ToHashSet();
        Assert.All(CheckCatalog.All, c => Assert.Contains(c.Metadata.Id, reported));
    }
}
