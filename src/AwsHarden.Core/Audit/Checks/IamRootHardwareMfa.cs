using AwsHarden.Model;

namespace AwsHarden.Audit.Checks;

/// <summary>The root user's MFA is a hardware device rather than a virtual one (an app on a phone).</summary>
public sealed class IamRootHardwareMfa : ICheck
{
    public CheckMetadata Metadata { get; } = new()
    {
        Id = "iam.root-hardware-mfa",
        Title = "Root user MFA is a hardware device",
        Severity = Severity.Medium,
        Section = ChecklistSection.Initial,
        Rationale = "A virtual MFA lives on a phone that is also used for mail and browsing; a hardware key or "
            + "passkey cannot be copied off the device and survives the phone being lost or replaced.",
        Remediation = "Sign in as the root user, register a FIDO security key or hardware TOTP token, then remove "
            + "the virtual MFA device.",
        RemediationUrl = "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
            + "id_credentials_mfa_enable_fido.html",
        Cis30 = ["1.6"],
        Cis50 = ["1.5"],
        SecurityHub = ["IAM.6"],
    };

    public IEnumerable<Finding> Evaluate(AccountSnapshot snapshot, AuditConfig config)
    {
        var root = SnapshotData.RootArn(snapshot);

        var hasMfa = SnapshotData.RootHasMfa(snapshot);
        if (hasMfa is null)
            return [Metadata.Unknown(root, SnapshotData.ReportError(snapshot))];
        if (!hasMfa.Value)
            return [Metadata.Fail(root, "The root user has no MFA device at all.")];

        var devices = snapshot.Iam.VirtualMfaDevices;
        if (!devices.Ok)
            return [Metadata.Unknown(root, SnapshotData.ErrorOf(devices, "iam:ListVirtualMFADevices"))];

        var virtualDevice = devices.Value!.FirstOrDefault(d =>
            string.Equals(d.UserArn, root, StringComparison.Ordinal));
        return virtualDevice is null
            ? [Metadata.Pass(root, "The root user's MFA is not a virtual device.")]
            : [Metadata.Fail(root, $"The root user's MFA is the virtual device {virtualDevice.SerialNumber}.")];
    }
}
