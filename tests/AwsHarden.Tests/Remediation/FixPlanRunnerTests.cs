using AwsHarden.Model;
using AwsHarden.Remediation;
using Microsoft.Extensions.Time.Testing;

namespace AwsHarden.Tests.Remediation;

public class FixPlanRunnerTests
{
    private sealed class FakeSource : IAuditSource
    {
        public int Loads { get; private set; }

        public Task<(AccountSnapshot Snapshot, IReadOnlyList<Finding> Findings)> LoadAsync(string? snapshotPath,
            bool demo, AuditConfig config, CancellationToken cancellationToken)
        {
            Loads++;
            return Task.FromResult((FixTestData.Snapshot(), FixTestData.Failing()));
        }
    }

    [Fact]
    public async Task RunAsync_JsonWithOutputFile_WritesAPlanApplyCanRead()
    {
        var path = Path.Combine(Path.GetTempPath(), $"awsharden-plan-{Guid.NewGuid():N}.json");
        var output = new StringWriter();
        try
        {
            var runner = new FixPlanRunner(new FakeSource(), new FakeTimeProvider(FixTestData.Now));

            var plan = await runner.RunAsync(new FixPlanRequest { Demo = true, OutputPath = path, Format = "json" },
                output, default);

            Assert.Equal(plan.Steps.Count, PlanJson.Read(await File.ReadAllTextAsync(path)).Steps.Count);
            Assert.Equal(plan.Steps.Count, PlanJson.Read(output.ToString()).Steps.Count);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task RunAsync_NoSnapshotNorDemo_IsAUserErrorBeforeLoading()
    {
        var source = new FakeSource();
        var runner = new FixPlanRunner(source, TimeProvider.System);

        var error = await Assert.ThrowsAsync<UserErrorException>(() =>
            runner.RunAsync(new FixPlanRequest(), TextWriter.Null, default));

        Assert.Contains("--demo", error.Hint);
        Assert.Equal(0, source.Loads);
    }
}
