using AwsHarden.Audit;
using AwsHarden.Audit.Demo;
using AwsHarden.Model;
using AwsHarden.Remediation;

namespace AwsHarden.Cli.Commands;

/// <summary>Gives the fix flow a snapshot and its findings: the built-in example or a saved snapshot.</summary>
internal sealed class CliAuditSource(TimeProvider time) : IAuditSource
{
    public Task<(AccountSnapshot Snapshot, IReadOnlyList<Finding> Findings)> LoadAsync(
        string? snapshotPath, bool demo, AuditConfig config, CancellationToken cancellationToken)
    {
        var snapshot = demo ? DemoAccount.Snapshot(time) : SnapshotFile.Read(snapshotPath!);
        var findings = AuditRunner.Run(snapshot, config, time).Findings;
        return Task.FromResult<(AccountSnapshot, IReadOnlyList<Finding>)>((snapshot, findings));
    }
}
