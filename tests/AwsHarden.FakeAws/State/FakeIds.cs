using System.Security.Cryptography;
using System.Text;

namespace AwsHarden.FakeAws.State;

/// <summary>Deterministic AWS-looking identifiers, so that a rebuilt account has the same ids every run.</summary>
public static class FakeIds
{
    private const string Base32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    /// <summary>An IAM unique id such as <c>AIDA…</c> (user), <c>AROA…</c> (role), <c>AKIA…</c> (key).</summary>
    public static string Iam(string prefix, string seed) => prefix + Chars(seed, 16, Base32);

    /// <summary>Lower-case hex of the given length, e.g. a GuardDuty detector id (32) or an instance id (17).</summary>
    public static string Hex(string seed, int length) => Chars(seed, length, "0123456789abcdef");

    private static string Chars(string seed, int length, string alphabet)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(seed));
        var builder = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            builder.Append(alphabet[hash[i % hash.Length] % alphabet.Length]);
        }

        return builder.ToString();
    }
}
