using System.Text;
using System.Text.Json;

namespace AwsHarden.Incident;

/// <summary>
/// The fast path of a first pass: reads a record's name and actors without allocating, notes the actors'
/// tokens (as <see cref="LineageGraph.TokensOf"/> would) and tells whether the record needs a full parse.
/// </summary>
internal static class ActorScanner
{
    /// <summary>True when the record was fully handled here; false when it must be materialised.</summary>
    public static bool TryScan(ReadOnlySpan<byte> json, HashSet<string> materialize, HashSet<string> tokens,
        CloudTrailReadOptions options)
    {
        if (options.Since is not null || options.Until is not null) return false;
        return TrySearch(json, materialize, tokens) ?? TryTokenize(json, materialize, tokens, options);
    }

    private static ReadOnlySpan<byte> NameKey => "\"eventName\":\""u8;
    private static ReadOnlySpan<byte> IdentityKey => "\"userIdentity\":{"u8;

    /// <summary>
    /// The fastest path: finds the name and the identity by searching bytes, which is exact when each key occurs
    /// once (a quote inside a JSON string is always escaped). Null when unsure, for the tokenizing path.
    /// </summary>
    private static bool? TrySearch(ReadOnlySpan<byte> json, HashSet<string> materialize, HashSet<string> tokens)
    {
        var name = Once(json, NameKey);
        var identity = Once(json, IdentityKey);
        if (name < 0 || identity == -2 || json.IndexOf("AwsCloudTrailInsight"u8) >= 0
            || json.IndexOf("\"Records\":"u8) >= 0 || json.IndexOf("\"Events\":"u8) >= 0)
        {
            return null;
        }
        var start = name + NameKey.Length;
        var length = json[start..].IndexOf((byte)'"');
        if (length < 0 || json[start..(start + length)].Contains((byte)'\\')) return null;
        if (IsMaterialized(json.Slice(start, length), materialize)) return false;

        if (identity >= 0)
        {
            var r = new Utf8JsonReader(json[(identity + IdentityKey.Length - 1)..]);
            r.Read();
            r.Skip();
            AddTokens(json.Slice(identity + IdentityKey.Length - 1, (int)r.BytesConsumed), tokens);
        }
        return true;
    }

    /// <summary>Where <paramref name="key"/> occurs if exactly once; -1 when absent, -2 when repeated.</summary>
    private static int Once(ReadOnlySpan<byte> json, ReadOnlySpan<byte> key)
    {
        var at = json.IndexOf(key);
        if (at < 0) return -1;
        return json[(at + key.Length)..].IndexOf(key) >= 0 ? -2 : at;
    }

    private static bool TryTokenize(ReadOnlySpan<byte> json, HashSet<string> materialize, HashSet<string> tokens,
        CloudTrailReadOptions options)
    {
        var r = new Utf8JsonReader(json);
        r.Read();
        var nameStart = -1;
        var nameLength = 0;
        var (identityStart, identityEnd) = (-1, -1);
        var windowed = options.Since is not null || options.Until is not null;
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (r.ValueTextEquals("eventName"u8))
            {
                r.Read();
                if (r.TokenType != JsonTokenType.String || r.ValueIsEscaped) return false;
                (nameStart, nameLength) = ((int)r.TokenStartIndex + 1, r.ValueSpan.Length);
            }
            else if (r.ValueTextEquals("userIdentity"u8))
            {
                r.Read();
                identityStart = (int)r.TokenStartIndex;
                r.Skip();
                identityEnd = (int)r.BytesConsumed;
            }
            else if (r.ValueTextEquals("Records"u8) || r.ValueTextEquals("Events"u8) || r.ValueTextEquals("eventType"u8)
                     || (windowed && (r.ValueTextEquals("eventTime"u8) || r.ValueTextEquals("@timestamp"u8))))
            {
                // Nested lists, Insights records and time windows are left to the full parser.
                return false;
            }
            else
            {
                r.Read();
                r.Skip();
            }
        }
        if (nameStart < 0 || IsMaterialized(json.Slice(nameStart, nameLength), materialize)) return false;

        if (identityStart >= 0) AddTokens(json[identityStart..identityEnd], tokens);
        return true;
    }

    private static bool IsMaterialized(ReadOnlySpan<byte> name, HashSet<string> materialize)
    {
        Span<char> chars = stackalloc char[128];
        if (name.Length > chars.Length) return true;

        var n = Encoding.UTF8.GetChars(name, chars);
        return materialize.GetAlternateLookup<ReadOnlySpan<char>>().Contains(chars[..n]);
    }

    private static void AddTokens(ReadOnlySpan<byte> identity, HashSet<string> tokens)
    {
        var r = new Utf8JsonReader(identity);
        if (!r.Read() || r.TokenType != JsonTokenType.StartObject) return;

        Range type = default, key = default, user = default, issuer = default, provider = default;
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (r.ValueTextEquals("type"u8)) type = Value(ref r);
            else if (r.ValueTextEquals("accessKeyId"u8)) key = Value(ref r);
            else if (r.ValueTextEquals("userName"u8)) user = Value(ref r);
            else if (r.ValueTextEquals("identityProvider"u8)) provider = Value(ref r);
            else if (r.ValueTextEquals("sessionContext"u8)) issuer = IssuerArn(ref r);
            else
            {
                r.Read();
                r.Skip();
            }
        }
        AddTokens(identity, tokens, type, key, user, issuer, provider);
    }

    private static void AddTokens(ReadOnlySpan<byte> identity, HashSet<string> tokens, Range typeAt, Range keyAt,
        Range userAt, Range issuerAt, Range providerAt)
    {
        ReadOnlySpan<byte> type = identity[typeAt], key = identity[keyAt], user = identity[userAt];
        ReadOnlySpan<byte> issuer = identity[issuerAt], provider = identity[providerAt];
        if (!key.IsEmpty) Add(tokens, "", key);
        if (!user.IsEmpty && type.SequenceEqual("IAMUser"u8)) Add(tokens, "u:", user);
        if (!issuer.IsEmpty) Add(tokens, "r:", issuer[(issuer.LastIndexOf((byte)'/') + 1)..]);
        if (!provider.IsEmpty) tokens.Add("p:" + LineageGraph.ProviderName(Encoding.UTF8.GetString(provider)));
    }

    /// <summary>Where a string value's raw bytes lie; empty for other types and escaped strings (rare here).</summary>
    private static Range Value(ref Utf8JsonReader r)
    {
        r.Read();
        if (r.TokenType == JsonTokenType.String && !r.ValueIsEscaped)
        {
            var start = (int)r.TokenStartIndex + 1;
            return start..(start + r.ValueSpan.Length);
        }
        r.Skip();
        return default;
    }

    private static Range IssuerArn(ref Utf8JsonReader r)
    {
        r.Read();
        if (r.TokenType != JsonTokenType.StartObject)
        {
            r.Skip();
            return default;
        }
        Range arn = default;
        var depth = r.CurrentDepth;
        var inIssuer = false;
        while (r.Read() && !(r.TokenType == JsonTokenType.EndObject && r.CurrentDepth == depth))
        {
            if (r.TokenType != JsonTokenType.PropertyName) continue;
            if (r.CurrentDepth == depth + 1)
            {
                inIssuer = r.ValueTextEquals("sessionIssuer"u8);
                if (!inIssuer)
                {
                    r.Read();
                    r.Skip();
                }
            }
            else if (inIssuer && r.CurrentDepth == depth + 2 && r.ValueTextEquals("arn"u8))
            {
                arn = Value(ref r);
            }
        }
        return arn;
    }

    private static void Add(HashSet<string> tokens, string prefix, ReadOnlySpan<byte> value)
    {
        Span<char> chars = stackalloc char[256];
        if (value.Length + prefix.Length > chars.Length) return;

        prefix.CopyTo(chars);
        var n = prefix.Length + Encoding.UTF8.GetChars(value, chars[prefix.Length..]);
        var lookup = tokens.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!lookup.Contains(chars[..n])) tokens.Add(new string(chars[..n]));
    }
}
