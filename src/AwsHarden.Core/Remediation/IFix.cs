using AwsHarden.Model;

namespace AwsHarden.Remediation;

/// <summary>When a fix's steps run relative to others: logging and detection first, so that what follows
/// is recorded; guardrails (SCP attachments) last, after the changes they would block.</summary>
public enum FixPhase { Logging, Detection, Cost, Account, Credentials, Organization, Guardrails, Guidance }

/// <summary>What a fix sees: the snapshot, the failing findings of its checks and the config.</summary>
public sealed record FixContext(AccountSnapshot Snapshot, IReadOnlyList<Finding> Findings, FixConfig Config)
{
    public string AccountId => Snapshot.AccountId;
    public string Partition => Snapshot.Partition;

    /// <summary>Failing findings of one check.</summary>
    public IEnumerable<Finding> Failing(string checkId) =>
        Findings.Where(f => f.CheckId == checkId && f.Status == Status.Fail && f.SuppressedBecause is null);

    public bool Fails(string checkId) => Failing(checkId).Any();
}

/// <summary>One fix: the checks it answers, and the steps that make them pass. Steps are built from data
/// only; a fix never calls AWS.</summary>
public interface IFix
{
    IReadOnlyList<string> CheckIds { get; }

    FixPhase Phase { get; }

    /// <summary>Every IAM action any of its steps may need, for the tool's own least-privilege policy.</summary>
    IReadOnlyList<string> DeclaredActions { get; }

    /// <summary>The steps, in order; empty when the snapshot shows nothing to fix. Ids are assigned later.
    /// </summary>
    IEnumerable<PlanStep> Build(FixContext context);
}
