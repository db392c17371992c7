using System.Globalization;
using System.Xml.Linq;

namespace AwsHarden.FakeAws.Protocol;

/// <summary>Small helpers for the value formats AWS puts on the wire.</summary>
public static class WireFormat
{
    /// <summary>XML timestamps (ISO 8601, UTC, no fraction), as IAM writes them.</summary>
    public static string Iso(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>JSON-protocol timestamps: epoch seconds.</summary>
    public static double Epoch(DateTimeOffset time) => time.ToUnixTimeMilliseconds() / 1000.0;

    public static string Bool(bool value) => value ? "true" : "false";

    public static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>An element, skipped (null) when the value is null.</summary>
    public static XElement? Opt(string name, object? value) => value is null ? null : new XElement(name, value);

    /// <summary>A Query list: <c>&lt;name&gt;&lt;member&gt;…&lt;/member&gt;&lt;/name&gt;</c>.</summary>
    public static XElement Members(string name, IEnumerable<object> items) =>
        new(name, items.Select(i => new XElement("member", i)));

    /// <summary>An EC2 list: <c>&lt;name&gt;&lt;item&gt;…&lt;/item&gt;&lt;/name&gt;</c>.</summary>
    public static XElement Items(string name, IEnumerable<object> items) =>
        new(name, items.Select(i => new XElement("item", i)));

    /// <summary>An opaque pagination token holding an offset, as AWS's markers are opaque to clients.</summary>
    public static string Token(int offset) =>
        Convert.ToBase64String(BitConverter.GetBytes(offset)).TrimEnd('=') + "AAEX";

    public static int ParseToken(string? token, string code)
    {
        if (string.IsNullOrEmpty(token))
        {
            return 0;
        }

        try
        {
            var core = token.EndsWith("AAEX", StringComparison.Ordinal) ? token[..^4] : token;
            return BitConverter.ToInt32(Convert.FromBase64String(core + "=="));
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new AwsErrorException(code, "Invalid pagination token.");
        }
    }
}
