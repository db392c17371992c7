using AwsHarden.Aws;
using AwsHarden.Aws.Clients;

namespace AwsHarden.Incident;

/// <summary>Lists a principal's dependencies from IAM. A list that is denied (or fails) is named in
/// <see cref="PrincipalDependencies.Unlisted"/> and the rest are still read.</summary>
public sealed class LiveRevertDependencies(IamClient iam) : IRevertDependencySource
{
    public async Task<PrincipalDependencies> ListAsync(RevertPrincipal principal, CancellationToken ct)
    {
        var unlisted = new List<string>();
        var (read, parameter) = principal.Kind switch
        {
            PrincipalKind.User => ("GetUser", "UserName"),
            PrincipalKind.Role => ("GetRole", "RoleName"),
            PrincipalKind.Group => ("GetGroup", "GroupName"),
            _ => ("GetPolicy", "PolicyArn"),
        };
        // When even its existence cannot be read, the principal is kept: its deletion then says why it failed.
        var exists = await Try(unlisted, "the principal itself", () => iam.ExistsAsync(read, parameter,
            principal.Name, ct), true);
        if (!exists)
            return new PrincipalDependencies(principal) { Exists = false };

        var owner = KeyValuePair.Create(parameter, principal.Name);
        Task<IReadOnlyList<string>> List(string what, string operation, string list, string? member) =>
            ListOrNote(unlisted, what, () => iam.ListAsync(operation, list, member, [owner], ct));
        var result = principal.Kind switch
        {
            PrincipalKind.User => new PrincipalDependencies(principal)
            {
                LoginProfile = await Try(unlisted, "console password",
                    () => iam.HasLoginProfileAsync(principal.Name, ct), false),
                AccessKeyIds = await List("access keys", "ListAccessKeys", "AccessKeyMetadata", "AccessKeyId"),
                MfaSerials = await List("MFA devices", "ListMFADevices", "MFADevices", "SerialNumber"),
                SigningCertificateIds = await List("signing certificates", "ListSigningCertificates",
                    "Certificates", "CertificateId"),
                SshPublicKeyIds = await List("SSH public keys", "ListSSHPublicKeys", "SSHPublicKeys",
                    "SSHPublicKeyId"),
                ServiceSpecificCredentialIds = await List("service-specific credentials",
                    "ListServiceSpecificCredentials", "ServiceSpecificCredentials", "ServiceSpecificCredentialId"),
                AttachedPolicyArns = await List("attached policies", "ListAttachedUserPolicies", "AttachedPolicies",
                    "PolicyArn"),
                InlinePolicyNames = await List("inline policies", "ListUserPolicies", "PolicyNames", null),
                Groups = await List("groups", "ListGroupsForUser", "Groups", "GroupName"),
            },
            PrincipalKind.Role => new PrincipalDependencies(principal)
            {
                InstanceProfiles = await List("instance profiles", "ListInstanceProfilesForRole", "InstanceProfiles",
                    "InstanceProfileName"),
                AttachedPolicyArns = await List("attached policies", "ListAttachedRolePolicies", "AttachedPolicies",
                    "PolicyArn"),
                InlinePolicyNames = await List("inline policies", "ListRolePolicies", "PolicyNames", null),
            },
            PrincipalKind.Group => new PrincipalDependencies(principal)
            {
                Members = await List("members", "GetGroup", "Users", "UserName"),
                AttachedPolicyArns = await List("attached policies", "ListAttachedGroupPolicies", "AttachedPolicies",
                    "PolicyArn"),
                InlinePolicyNames = await List("inline policies", "ListGroupPolicies", "PolicyNames", null),
            },
            _ => new PrincipalDependencies(principal)
            {
                NonDefaultVersions = await ListOrNote(unlisted, "policy versions",
                    () => iam.ListNonDefaultPolicyVersionsAsync(principal.Name, ct)),
                Entities = await Try(unlisted, "attachments", async () =>
                {
                    var e = await iam.ListEntitiesForPolicyAsync(principal.Name, ct).ConfigureAwait(false);
                    return new PolicyEntitiesByName(e.Users, e.Roles, e.Groups);
                }, null),
            },
        };
        return result with { Unlisted = unlisted };
    }

    private static async Task<IReadOnlyList<string>> ListOrNote(List<string> unlisted, string what,
        Func<Task<IReadOnlyList<string>>> list) => await Try(unlisted, what, list, []);

    // A denied or failing list is noted by what it would have listed and the action that was refused.
    private static async Task<T> Try<T>(List<string> unlisted, string what, Func<Task<T>> read, T fallback)
    {
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (AwsServiceException ex)
        {
            unlisted.Add($"{what} ({ex.Code} on {ex.Action})");
            return fallback;
        }
    }
}
