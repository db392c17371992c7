namespace AwsHarden.Secrets;

/// <summary>
/// Facts about AWS access key ids: which unique-id prefixes are credentials, and the account id that
/// newer key ids carry in their first base32 characters.
/// </summary>
public static class AccessKeyIds
{
    /// <summary>Prefixes of ids that sign requests. AIDA, AROA, ANPA and the rest name principals, not keys.</summary>
    public static IReadOnlyList<string> CredentialPrefixes { get; } = ["AKIA", "ASIA", "ABIA", "ACCA"];

    /// <summary>Length of every access key id: a four-letter prefix and sixteen base32 characters.</summary>
    public const int Length = 20;

    // The 40 decoded bits reach 1.1e12; AWS account ids have exactly twelve digits.
    private const ulong MaxAccountId = 999_999_999_999UL;

    private const string Base32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    /// <summary>True when the id is temporary (issued by STS), so a session token belongs with it.</summary>
    public static bool IsTemporary(string keyId) => keyId.StartsWith("ASIA", StringComparison.Ordinal);

    /// <summary>
    /// AWS documentation uses ids ending in EXAMPLE (AKIAIOSFODNN7EXAMPLE); they never sign anything.
    /// </summary>
    public static bool IsDocumentationPlaceholder(string keyId) =>
        keyId.EndsWith("EXAMPLE", StringComparison.Ordinal);

    /// <summary>True for a well-formed credential id (prefix and base32 body), whatever surrounds it.</summary>
    public static bool IsAccessKeyId(string value)
    {
        if (value.Length != Length || !CredentialPrefixes.Contains(value[..4]))
            return false;

        return value.AsSpan(4).IndexOfAnyExcept(Base32Alphabet) < 0;
    }

    /// <summary>
    /// The 12-digit account id encoded in the key id. The sixteen characters after the prefix are base32;
    /// the first 48 bits decoded, masked to drop the top bit and the low seven, are the account number.
    /// Keys issued before AWS began encoding the account (many AKIAI…/AKIAJ… ids) decode to a wrong value;
    /// when that value has more than twelve digits it cannot be an account, and the answer is null.
    /// </summary>
    public static string? DecodeAccountId(string keyId)
    {
        if (!IsAccessKeyId(keyId))
            return null;

        // Ten base32 characters give 50 bits; the first 48 of them are the six bytes AWS packs.
        ulong bits = 0;
        foreach (var c in keyId.AsSpan(4, 10))
            bits = (bits << 5) | (uint)Base32Alphabet.IndexOf(c);

        var first48 = bits >> 2;
        var account = (first48 & 0x7FFF_FFFF_FF80UL) >> 7;
        if (account > MaxAccountId)
            return null;
        return account.ToString("D12", System.Globalization.CultureInfo.InvariantCulture);
    }
}
