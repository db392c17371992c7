namespace AwsHarden.FakeAws.State;

/// <summary>IAM as the fake holds it: the root user, users, groups, roles, managed policies and settings.</summary>
public sealed class FakeIam
{
    public FakeRootUser Root { get; } = new();
    public List<FakeUser> Users { get; } = [];
    public List<FakeGroup> Groups { get; } = [];
    public List<FakeRole> Roles { get; } = [];
    public List<FakeManagedPolicy> Policies { get; } = [];
    /// <summary>Null when the account has no password policy (GetAccountPasswordPolicy answers NoSuchEntity).</summary>
    public FakePasswordPolicy? PasswordPolicy { get; set; }
    /// <summary>Virtual MFA devices created but not assigned to anyone.</summary>
    public List<string> UnassignedVirtualMfaSerials { get; } = [];
    /// <summary>The last generated credential report; null until GenerateCredentialReport runs.</summary>
    public FakeCredentialReport? CredentialReport { get; set; }

    public FakeUser? FindUser(string name) => Users.Find(u => u.Name == name);

    public FakeGroup? FindGroup(string name) => Groups.Find(g => g.Name == name);

    public FakeManagedPolicy? FindPolicy(string arn) => Policies.Find(p => p.Arn == arn);

    public FakeRole? FindRole(string name) => Roles.Find(r => r.Name == name);

    /// <summary>How many users, groups and roles a managed policy is attached to.</summary>
    public int AttachmentCount(string policyArn) =>
        Users.Count(u => u.AttachedPolicyArns.Contains(policyArn))
        + Groups.Count(g => g.AttachedPolicyArns.Contains(policyArn))
        + Roles.Count(r => r.AttachedPolicyArns.Contains(policyArn));
}

/// <summary>The root user: its MFA and access keys are what the checklist cares about.</summary>
public sealed class FakeRootUser
{
    public FakeMfaDevice? Mfa { get; set; }
    public List<FakeAccessKey> AccessKeys { get; } = [];
    public DateTimeOffset? PasswordLastUsed { get; set; }
}

public sealed class FakeUser
{
    public required string Name { get; init; }
    public string Path { get; init; } = "/";
    public required string UserId { get; init; }
    public required DateTimeOffset CreateDate { get; init; }
    /// <summary>The console password (login profile); null when the user cannot sign in to the console.</summary>
    public FakeLoginProfile? LoginProfile { get; set; }
    public DateTimeOffset? PasswordLastUsed { get; set; }
    public List<FakeMfaDevice> MfaDevices { get; } = [];
    /// <summary>At most two, in creation order, as the credential report numbers them.</summary>
    public List<FakeAccessKey> AccessKeys { get; } = [];
    public List<string> Groups { get; } = [];
    public List<string> AttachedPolicyArns { get; } = [];
    public Dictionary<string, string> InlinePolicies { get; } = [];
    public List<string> SigningCertificateIds { get; } = [];
    public List<string> SshPublicKeyIds { get; } = [];
    public List<string> ServiceSpecificCredentialIds { get; } = [];
}

public sealed record FakeLoginProfile(DateTimeOffset CreateDate, DateTimeOffset? PasswordLastChanged = null);

/// <param name="SerialNumber">An ARN (<c>arn:aws:iam::…:mfa/name</c>) for virtual devices, a serial number
/// for hardware ones.</param>
public sealed record FakeMfaDevice(string SerialNumber, bool IsVirtual, DateTimeOffset EnableDate);

public sealed class FakeAccessKey
{
    public required string AccessKeyId { get; init; }
    /// <summary>Active or Inactive.</summary>
    public string Status { get; set; } = "Active";
    public required DateTimeOffset CreateDate { get; init; }
    public DateTimeOffset? LastUsedDate { get; set; }
    public string? LastUsedRegion { get; set; }
    public string? LastUsedService { get; set; }

    public bool IsActive => Status == "Active";
}

public sealed class FakeGroup
{
    public required string Name { get; init; }
    public string Path { get; init; } = "/";
    public required string GroupId { get; init; }
    public required DateTimeOffset CreateDate { get; init; }
    public List<string> AttachedPolicyArns { get; } = [];
    public Dictionary<string, string> InlinePolicies { get; } = [];
}

public sealed class FakeRole
{
    public required string Name { get; init; }
    public string Path { get; init; } = "/";
    public required string RoleId { get; init; }
    public required DateTimeOffset CreateDate { get; init; }
    public required string AssumeRolePolicyDocument { get; set; }
    public string? Description { get; set; }
    /// <summary>Names of the instance profiles that hold this role.</summary>
    public List<string> InstanceProfiles { get; } = [];
    public List<string> AttachedPolicyArns { get; } = [];
    public Dictionary<string, string> InlinePolicies { get; } = [];
    public DateTimeOffset? LastUsedDate { get; set; }
    public string? LastUsedRegion { get; set; }
}

public sealed class FakeManagedPolicy
{
    public required string Name { get; init; }
    public string Path { get; init; } = "/";
    public required string PolicyId { get; init; }
    public required string Arn { get; init; }
    public bool IsAwsManaged { get; init; }
    public string? Description { get; init; }
    public required DateTimeOffset CreateDate { get; init; }
    public DateTimeOffset UpdateDate { get; set; }
    public List<FakePolicyVersion> Versions { get; } = [];
    public string DefaultVersionId { get; set; } = "v1";

    public FakePolicyVersion? DefaultVersion => Versions.Find(v => v.VersionId == DefaultVersionId);
}

public sealed record FakePolicyVersion(string VersionId, string Document, DateTimeOffset CreateDate);

/// <summary>The account password policy, field for field as UpdateAccountPasswordPolicy sets it.</summary>
public sealed record FakePasswordPolicy
{
    public int MinimumPasswordLength { get; init; } = 8;
    public bool RequireSymbols { get; init; }
    public bool RequireNumbers { get; init; }
    public bool RequireUppercaseCharacters { get; init; }
    public bool RequireLowercaseCharacters { get; init; }
    public bool AllowUsersToChangePassword { get; init; }
    public int? MaxPasswordAge { get; init; }
    public int? PasswordReusePrevention { get; init; }
    public bool HardExpiry { get; init; }
}

/// <summary>A generated credential report: the CSV as it was when generated, and the polls left until ready.</summary>
public sealed class FakeCredentialReport
{
    public required byte[] Content { get; init; }
    public required DateTimeOffset GeneratedTime { get; init; }
    /// <summary>Calls that still answer "in progress" before the report is COMPLETE.</summary>
    public int PendingPolls { get; set; }
}
