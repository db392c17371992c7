using AwsHarden.Model;

namespace AwsHarden.Audit.Checks;

/// <summary>EC2 instances run with an instance profile (a role) rather than stored access keys.</summary>
public sealed class Ec2InstanceProfile : ICheck
{
    public CheckMetadata Metadata { get; } = new()
    {
        Id = "ec2.instance-profile",
        Title = "EC2 instances use a role, not stored keys",
        Severity = Severity.Medium,
        Section = ChecklistSection.Periodic,
        Rationale = "An instance without a role that calls AWS does it with a long-lived key copied onto the disk; "
            + "a role gives it short-lived credentials that rotate by themselves.",
        Remediation = "Create a role with the permissions the application needs, attach it to the instance as an "
            + "instance profile, and delete the keys stored on it.",
        RemediationUrl = "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2.html",
        Cis30 = ["1.18"],
        Cis50 = ["1.17"],
    };

    public IEnumerable<Finding> Evaluate(AccountSnapshot snapshot, AuditConfig config)
    {
        var findings = snapshot.Regions.SelectMany(region => ForRegion(snapshot, region)).ToList();
        return findings.Count > 0
            ? findings
            : [Metadata.NotApplicable(snapshot.AccountId, "No EC2 instance runs in the audited regions.")];
    }

    private IEnumerable<Finding> ForRegion(AccountSnapshot snapshot, string region)
    {
        if (!snapshot.Instances.TryGetValue(region, out var collected) || !collected.Ok)
        {
            var error = collected is null
                ? SnapshotData.Missing("ec2:DescribeInstances", region)
                : SnapshotData.ErrorOf(collected, "ec2:DescribeInstances", region);
            return [Metadata.Unknown(region, error, region)];
        }

        return collected.Value!.Select(i => i.IamInstanceProfileArn is { } profile
            ? Metadata.Pass(i.InstanceId, $"Instance {i.InstanceId} runs with instance profile {profile}.", region)
            : Metadata.Fail(i.InstanceId, $"Instance {i.InstanceId} has no instance profile.", region));
    }
}
