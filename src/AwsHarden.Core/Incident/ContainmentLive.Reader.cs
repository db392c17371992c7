using AwsHarden.Aws;
using AwsHarden.Aws.Clients;

namespace AwsHarden.Incident;

/// <summary>
/// Reads a lineage user's credentials from IAM with few calls: <c>ListAccessKeys</c> for every user (its
/// NoSuchEntity says the user is gone), then <c>GetLoginProfile</c> and <c>ListMFADevices</c> for a user the
/// attacker created, or <c>GetAccessKeyLastUsed</c> for each other Active key of a leaked key's own user. A read
/// that is refused (or fails) is named in <see cref="LiveUserCredentials.Unread"/> and the others still run.
/// </summary>
public sealed class LiveContainmentCredentials(IamClient iam) : IContainmentCredentialSource
{
    // TODO(incident): SSH public keys, service-specific (CodeCommit, Keyspaces) credentials and signing
    // certificates of a created user are not read here; only 'incident revert' lists and removes them.
    public async Task<LiveUserCredentials> ReadAsync(LineageUser user, CancellationToken ct)
    {
        var reads = new Reads();
        var (keys, error) = await reads.TryAsync("access keys", () => iam.ListAccessKeysAsync(user.Name, ct));
        if (error?.Code == "NoSuchEntity")
            return new LiveUserCredentials(user) { Exists = false, Calls = reads.Calls };

        var listed = (keys ?? []).Select(k => new LiveAccessKey(k.AccessKeyId, k.Status, k.CreateDate)).ToList();
        if (!user.CreatedByAttacker)
        {
            // Only for the keys that become Manual steps: their last use helps the owner recognise them.
            for (var i = 0; i < listed.Count; i++)
            {
                if (listed[i].Status != "Active" || user.PlannedKeys.Contains(listed[i].AccessKeyId))
                    continue;
                var id = listed[i].AccessKeyId;
                var (use, failed) = await reads.TryAsync(null, () => iam.GetAccessKeyLastUseAsync(id, ct));
                listed[i] = listed[i] with { LastUse = use, LastUseUnread = Why(failed) };
            }
            return reads.Result(user) with { AccessKeys = listed };
        }

        var (password, _) = await reads.TryAsync("console password", () => iam.HasLoginProfileAsync(user.Name, ct));
        var (mfa, _) = await reads.TryAsync("MFA devices", () => iam.ListAsync("ListMFADevices", "MFADevices",
            "SerialNumber", [KeyValuePair.Create("UserName", user.Name)], ct));
        return reads.Result(user) with { AccessKeys = listed, LoginProfile = password, MfaSerials = mfa ?? [] };
    }

    private static string? Why(AwsServiceException? error) => error is null ? null : $"{error.Code} on {error.Action}";

    /// <summary>Counts the calls and keeps which reads answered and which were refused or failed.</summary>
    private sealed class Reads
    {
        private readonly List<string> _read = [];
        private readonly List<string> _unread = [];

        public int Calls { get; private set; }

        /// <summary>Runs one read; <paramref name="what"/> null for a read not worth a line of its own.</summary>
        public async Task<(T? Value, AwsServiceException? Error)> TryAsync<T>(string? what, Func<Task<T>> read)
        {
            Calls++;
            try
            {
                var value = await read().ConfigureAwait(false);
                if (what is not null)
                    _read.Add(what);
                return (value, null);
            }
            catch (AwsServiceException ex)
            {
                if (what is not null)
                    _unread.Add($"{what} ({Why(ex)})");
                return (default, ex);
            }
        }

        public LiveUserCredentials Result(LineageUser user) =>
            new(user) { Read = _read, Unread = _unread, Calls = Calls };
    }
}
