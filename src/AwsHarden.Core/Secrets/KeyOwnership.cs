namespace AwsHarden.Secrets;

/// <summary>Finds the IAM user that owns an access key in the audited account.</summary>
/// <remarks>IAM's GetAccessKeyLastUsed answers this for any key of the caller's own account.</remarks>
public interface IAccessKeyOwnerLookup
{
    Task<KeyOwner?> FindOwnerAsync(string keyId, CancellationToken cancellationToken);
}

/// <summary>Marks the findings whose key belongs to the audited account, naming the owner when known.</summary>
public static class KeyOwnership
{
    /// <summary>
    /// Sets <see cref="LeakedKeyFinding.Owner"/> for keys of <paramref name="auditedAccountId"/>. The user
    /// comes from the verified caller ARN when there is one, else from the lookup, else stays unnamed.
    /// </summary>
    public static async Task<IReadOnlyList<LeakedKeyFinding>> MarkAsync(
        IReadOnlyList<LeakedKeyFinding> findings, string auditedAccountId, IAccessKeyOwnerLookup? lookup,
        CancellationToken cancellationToken)
    {
        var marked = new List<LeakedKeyFinding>(findings.Count);
        foreach (var finding in findings)
        {
            if (finding.AccountId != auditedAccountId)
            {
                marked.Add(finding);
                continue;
            }

            var owner = FromArn(finding.Verification?.Arn)
                ?? (lookup is null ? null : await lookup.FindOwnerAsync(finding.KeyId, cancellationToken))
                ?? new KeyOwner(auditedAccountId, null, null);
            marked.Add(finding with { Owner = owner });
        }
        return marked;
    }

    /// <summary>The owner named by a caller ARN such as <c>arn:aws:iam::123456789012:user/ci/deploy</c>.</summary>
    public static KeyOwner? FromArn(string? arn)
    {
        var parts = arn?.Split(':', 6);
        if (parts is not { Length: 6 })
            return null;

        var resource = parts[5];
        var name = resource.StartsWith("user/", StringComparison.Ordinal) ? resource[(resource.LastIndexOf('/') + 1)..]
            : resource.StartsWith("assumed-role/", StringComparison.Ordinal) ? resource.Split('/')[1]
            : resource;
        return new KeyOwner(parts[4], name, arn);
    }
}
