using System.Globalization;
using AwsHarden.Model;

namespace AwsHarden.Aws.Clients;

/// <summary>Reads the IAM credential report CSV by column name, so added columns do not shift anything.</summary>
public static class CredentialReportParser
{
    // AWS writes these where a value does not exist or cannot exist (the root user has no password_enabled).
    private static readonly HashSet<string> NoValue = new(StringComparer.OrdinalIgnoreCase)
    {
        "", "N/A", "no_information", "not_supported",
    };

    public static IReadOnlyList<CredentialReportRow> Parse(string csv)
    {
        var lines = csv.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
        if (lines.Count == 0)
        {
            return [];
        }

        var header = SplitLine(lines[0]);
        var index = header.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
        return [.. lines.Skip(1).Select(line => ToRow(SplitLine(line), index))];
    }

    private static CredentialReportRow ToRow(IReadOnlyList<string> fields, Dictionary<string, int> index)
    {
        string? Field(string name) =>
            index.TryGetValue(name, out var i) && i < fields.Count && !NoValue.Contains(fields[i]) ? fields[i] : null;

        return new CredentialReportRow
        {
            User = Field("user") ?? "",
            Arn = Field("arn") ?? "",
            UserCreationTime = Date(Field("user_creation_time")),
            PasswordEnabled = Bool(Field("password_enabled")),
            PasswordLastUsed = Date(Field("password_last_used")),
            PasswordLastChanged = Date(Field("password_last_changed")),
            MfaActive = Bool(Field("mfa_active")),
            AccessKey1Active = Bool(Field("access_key_1_active")),
            AccessKey1LastRotated = Date(Field("access_key_1_last_rotated")),
            AccessKey1LastUsed = Date(Field("access_key_1_last_used_date")),
            AccessKey2Active = Bool(Field("access_key_2_active")),
            AccessKey2LastRotated = Date(Field("access_key_2_last_rotated")),
            AccessKey2LastUsed = Date(Field("access_key_2_last_used_date")),
        };
    }

    private static bool Bool(string? value) => string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);

    private static DateTimeOffset? Date(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d)
            ? d
            : null;

    // The report has no quoted fields today; quotes are handled anyway so a future column cannot break it.
    private static List<string> SplitLine(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '"' && quoted && i + 1 < line.Length && line[i + 1] == '"')
            {
                current.Append('"');
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        fields.Add(current.ToString());
        return fields;
    }
}
