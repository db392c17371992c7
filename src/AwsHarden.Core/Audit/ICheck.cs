using AwsHarden.Model;

namespace AwsHarden.Audit;

/// <summary>A check: a pure function of the snapshot and the config. It never calls AWS.</summary>
public interface ICheck
{
    CheckMetadata Metadata { get; }

    /// <summary>Every result for this check; never empty (an unreadable input gives an Unknown).</summary>
    IEnumerable<Finding> Evaluate(AccountSnapshot snapshot, AuditConfig config);
}
