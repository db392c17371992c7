using AwsHarden.Model;

namespace AwsHarden.Secrets;

/// <summary>Gathers hits of the same key from every source into one finding per key.</summary>
public static class LeakedKeyFindings
{
    /// <summary>One finding per key id, pairs first, each with its locations in a stable order.</summary>
    public static IReadOnlyList<LeakedKeyFinding> FromHits(IEnumerable<SecretHit> hits) =>
        hits.GroupBy(h => h.Key.KeyId, StringComparer.Ordinal)
            .Select(ToFinding)
            .OrderByDescending(f => f.Severity)
            .ThenBy(f => f.KeyId, StringComparer.Ordinal)
            .ToList();

    private static LeakedKeyFinding ToFinding(IGrouping<string, SecretHit> group)
    {
        var secret = group.Select(h => h.Key.Secret).FirstOrDefault(s => s is not null);
        return new LeakedKeyFinding
        {
            KeyId = group.Key,
            AccountId = AccessKeyIds.DecodeAccountId(group.Key),
            Secret = secret,
            SessionToken = group.Select(h => h.Key.SessionToken).FirstOrDefault(s => s is not null),
            Severity = secret is null ? Severity.Low : Severity.High,
            Locations = group
                .Select(h => h.Location with { WithSecret = h.Key.Secret is not null, Member = h.Key.Member })
                .OrderBy(l => l.Root, StringComparer.Ordinal)
                .ThenBy(l => l.Path, StringComparer.Ordinal)
                .ThenBy(l => l.Line)
                .ToList(),
        };
    }
}
