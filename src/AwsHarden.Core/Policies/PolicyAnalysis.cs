namespace AwsHarden.Policies;

// Contract used by the audit checks; the Policies area owns the implementation.
public static class PolicyAnalysis
{
    /// <summary>True when an Allow statement grants every action on every resource (<c>*</c> on <c>*</c>).</summary>
    public static bool GrantsFullAdmin(string policyJson) =>
        throw new NotImplementedException("TODO(policies): parse the document");

    /// <summary>True when the SCP denies requests outside a set of regions (a Deny conditioned on
    /// <c>aws:RequestedRegion</c>).</summary>
    public static bool RestrictsRegions(string scpJson) =>
        throw new NotImplementedException("TODO(policies): parse the document");

    /// <summary>True when the SCP denies launching EC2 instances of types outside a set
    /// (a Deny on ec2:RunInstances conditioned on <c>ec2:InstanceType</c>).</summary>
    public static bool RestrictsInstanceTypes(string scpJson) =>
        throw new NotImplementedException("TODO(policies): parse the document");
}
