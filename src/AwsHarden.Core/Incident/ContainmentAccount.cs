using AwsHarden.Aws;
using AwsHarden.Model;

namespace AwsHarden.Incident;

/// <summary>
/// Checks that the account the credentials reach is the one the logs were recorded in, so a plan made from
/// one account's trail (same-named users and roles are common across staging and prod) never changes another.
/// </summary>
public static class ContainmentAccount
{
    /// <summary>The distinct accounts the events were recorded in, in order of first appearance.</summary>
    public static IReadOnlyList<string> AccountsOf(IEnumerable<CloudTrailEvent> events) =>
    [
        .. events.Select(e => e.RecipientAccountId ?? e.UserIdentity?.AccountId)
            .OfType<string>().Distinct(StringComparer.Ordinal),
    ];

    /// <summary>Why the credentials' account does not fit the logs, or null when it does (or the logs name
    /// no account).</summary>
    public static string? Mismatch(IReadOnlyList<string> logAccounts, string? caller)
    {
        if (logAccounts.Count == 0 || caller is null || logAccounts.Contains(caller, StringComparer.Ordinal))
            return null;
        // TODO(incident): a trail of several accounts (an organization trail) needs one plan per account.
        return $"the logs are of account {string.Join(", ", logAccounts)} but the credentials are for {caller}";
    }

    /// <summary>Throws a user error, before any change, when the credentials reach another account.</summary>
    public static async Task CheckAsync(IReadOnlyList<string> logAccounts, AwsSession session, CancellationToken ct)
    {
        if (logAccounts.Count == 0) return;
        var caller = (await session.GetCallerIdentityAsync(ct).ConfigureAwait(false)).Account;
        if (Mismatch(logAccounts, caller) is { } why)
        {
            throw new UserErrorException(why, $"pass --profile with credentials for account {logAccounts[0]}");
        }
    }
}
